package org.nn4j.benchmarks.throughput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The PyTorch peer ({@code peers/pytorch_throughput.py --serve}) kept running beside the JVM, so that
 * its windows alternate with nn4j's and DL4J's ({@link AlternatingWindows}) and all three see the same
 * background load. Each window is one request on the process's standard input; while the JVM times
 * its own windows the peer waits on that input with its threads asleep ({@code OMP_WAIT_POLICY=PASSIVE},
 * see {@link PyTorchPeer}), and the JVM waits likewise during the peer's windows.
 */
final class PyTorchServer implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final String header;

    private PyTorchServer(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.header = out.readLine();
        if (header == null || !header.startsWith("#")) {
            throw new IllegalStateException("PyTorch peer did not start (first line: " + header + ")");
        }
    }

    /** Starts the peer; its first line (torch version, BLAS library, sgemm rate) is {@link #header()}. */
    static PyTorchServer start() {
        try {
            return new PyTorchServer(PyTorchPeer.builder("pytorch_throughput.py", "--serve").start());
        } catch (IOException e) {
            throw new UncheckedIOException("PyTorch peer could not start", e);
        }
    }

    /** What the peer printed first, without the leading "#". */
    String header() {
        return header.substring(1).trim();
    }

    /** Workload {@code w} at {@code batch}, trained in the peer. */
    AlternatingWindows.Loop loop(Workload w, int batch) {
        return new AlternatingWindows.Loop() {
            @Override
            public double samplesPerSecond(double seconds) {
                return Double.parseDouble(request("window", w, batch, seconds));
            }

            @Override
            public void warmUp(double seconds) {
                request("warmup", w, batch, seconds);
            }
        };
    }

    private String request(String command, Workload w, int batch, double seconds) {
        try {
            in.write(String.format(Locale.ROOT, "%s %s %d %.3f%n", command, w.name(), batch, seconds));
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new IllegalStateException("PyTorch peer exited (code " + process.waitFor() + ") on " + command
                        + " " + w + " " + batch);
            }
            return answer.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("PyTorch peer: " + command + " " + w + " " + batch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
