package org.nn4j.benchmarks.throughput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of the PyTorch peer scripts of {@code benchmarks/peers} as a child process (never at the
 * same time as a Java measurement, so that it does not take their cores) and returns its standard
 * output lines. The folder comes from {@code -Dnn4j.peers} (set by {@code benchmarks/run-throughput}),
 * the interpreter from {@code $NN4J_PYTHON} (default {@code /usr/bin/python3}, Debian's PyTorch 1.13).
 * Its standard error goes to ours, so tracebacks are seen. {@code OMP_WAIT_POLICY} defaults to PASSIVE
 * (see below); set it in the environment to override.
 */
public final class PyTorchPeer {

    private PyTorchPeer() {
    }

    /** The script's output lines, or an exception naming the command and its exit code. */
    public static List<String> run(String script, String... args) {
        ProcessBuilder builder = builder(script, args);
        List<String> command = builder.command();
        List<String> lines = new ArrayList<>();
        try {
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    System.err.println("  [pytorch] " + line);
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("PyTorch peer failed with exit code " + exit + ": " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PyTorch peer could not start: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        return lines;
    }

    /** The peer's command line and environment; standard error goes to ours. */
    static ProcessBuilder builder(String script, String... args) {
        String python = System.getenv().getOrDefault("NN4J_PYTHON", "/usr/bin/python3");
        Path folder = Path.of(System.getProperty("nn4j.peers", "benchmarks/peers"));
        List<String> command = new ArrayList<>(List.of(python, folder.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the peer sets torch.set_num_threads(2) itself; this covers OpenMP/OpenBLAS pools started before that
        builder.environment().put("OMP_NUM_THREADS", "2");
        // With other jobs on the cores, OpenMP's default spin-waiting makes PyTorch's threads collapse;
        // passive waiting does not.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        // The launchers set glibc's mmap threshold to 128 KB for the JVM (freed native memory then goes back to the
        // system). PyTorch's CPU allocator has no cache: under that threshold every tensor of 128 KB or more is a fresh
        // mmap with its page faults, and its training ran 2.3x slower (models D and H, measured). The peer runs with
        // glibc's default, as PyTorch users run it.
        builder.environment().remove("MALLOC_MMAP_THRESHOLD_");
        return builder;
    }
}
