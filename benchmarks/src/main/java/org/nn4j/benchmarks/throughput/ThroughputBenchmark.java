package org.nn4j.benchmarks.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.Threads;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Optim;

/**
 * Training throughput (samples/s of forward + loss + backward + update on random float32 data) of
 * workloads A–G in nn4j, DL4J and PyTorch, printed as one Markdown table. nn4j and DL4J run in this
 * JVM on the same ND4J native build and thread settings ({@link Nn4jRuntime}); the PyTorch peer runs
 * beside it as a process that times windows on request ({@link PyTorchServer}). All are timed in
 * alternating windows ({@link AlternatingWindows}), one framework at a time, so that they share the
 * machine's drift. Run through {@code benchmarks/run-throughput}.
 *
 * <p>DL4J is timed twice, as two networks in the same windows: with ND4J's ops on one OpenMP thread
 * (as nn4j's launchers start the JVM; faster on small models) and with every op on all cores (its
 * oneDNN convolutions and large element-wise ops gain). nn4j/DL4J compares with the faster of the
 * two, DL4J's best.
 *
 * <p>Arguments: {@code --quick} (0.3 s windows, 0.5 s warm-up; the full run has 2 s windows and a
 * 3 s warm-up), {@code --models A,C} (default all), {@code --no-pytorch}.
 */
public final class ThroughputBenchmark {

    private static final int WINDOWS = 5;
    private static final long SEED = 42;
    private record Row(Workload workload, int batch, double nn4j, double dl4jOneThread, double dl4jAllCores,
            double pytorch) {

        /** DL4J's best: the faster of its two thread settings for this model. */
        double dl4j() {
            return Double.isNaN(dl4jOneThread) ? dl4jAllCores
                    : Double.isNaN(dl4jAllCores) ? dl4jOneThread : Math.max(dl4jOneThread, dl4jAllCores);
        }
    }

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) {
        boolean quick = false;
        boolean pytorch = true;
        List<Workload> workloads = List.of(Workload.values());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-pytorch" -> pytorch = false;
                case "--models" -> workloads = Arrays.stream(args[++i].split(","))
                        .map(s -> Workload.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --quick, --models A,C, --no-pytorch)");
            }
        }
        Nn4jRuntime.configure(); // before DL4J's first array: both frameworks get nn4j's thread settings
        double window = quick ? 0.3 : 2.0;
        AlternatingWindows timer = new AlternatingWindows(quick ? 0.5 : 3.0, window, WINDOWS);
        String loadBefore = loadAverage();
        String torchInfo = "PyTorch not run";
        List<Row> rows = new ArrayList<>();
        try (PyTorchServer torch = pytorch ? startPyTorch() : null) {
            if (torch != null) {
                torchInfo = torch.header();
            }
            for (Workload w : workloads) {
                for (int batch : w.batches()) {
                    System.err.printf(Locale.ROOT, "%s batch %d: %s%n", w, batch, w.description());
                    double[] rates = timer.medians(AlternatingWindows.inThisJvm(nn4jStep(w, batch), batch),
                            w.hasDl4jPeer() ? AlternatingWindows.inThisJvm(dl4jStep(w, batch, false), batch) : null,
                            w.hasDl4jPeer() ? AlternatingWindows.inThisJvm(dl4jStep(w, batch, true), batch) : null,
                            torch == null ? null : torch.loop(w, batch));
                    rows.add(new Row(w, batch, rates[0], rates[1], rates[2], rates[3]));
                    System.gc(); // drop this workload's networks before the next one is timed
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n# Training throughput, %s, %s mode (%d windows of %.1f s, medians)%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), quick ? "quick" : "full",
                WINDOWS, window);
        System.out.printf(Locale.ROOT, "# load average before %s, after %s; %s%n%n", loadBefore, loadAverage(), torchInfo);
        printTable(rows);
    }

    /** The PyTorch peer, or null (reported) when it cannot start: the table then has no PyTorch column figures. */
    private static PyTorchServer startPyTorch() {
        try {
            return PyTorchServer.start();
        } catch (RuntimeException e) {
            System.err.println("PyTorch peer failed to start: " + e.getMessage());
            return null;
        }
    }

    /** nn4j: {@code optim.step(x, y)}, the public API; null (reported as an error) if it fails to run. */
    static AlternatingWindows.Step nn4jStep(Workload w, int batch) {
        try {
            INDArray x = w.randomInput(batch, SEED);
            INDArray y = w.randomTarget(x, SEED);
            Optim optim = Nn4jModels.optim(w);
            return checked("nn4j", w, () -> optim.step(x, y));
        } catch (RuntimeException e) {
            System.err.println("  nn4j failed to build " + w + ": " + e);
            return null;
        }
    }

    /**
     * DL4J: {@code net.fit(x, y)}, one iteration per call, its ops on one OpenMP thread or on all
     * cores; null (reported as an error) if it fails to run.
     */
    static AlternatingWindows.Step dl4jStep(Workload w, int batch, boolean allCores) {
        String name = allCores ? "DL4J (all cores)" : "DL4J (one thread)";
        try {
            INDArray nn4jInput = w.randomInput(batch, SEED);
            INDArray x = Dl4jModels.input(w, nn4jInput);
            INDArray y = w.reconstructs() ? x.dup() : Dl4jModels.target(w, w.randomTarget(nn4jInput, SEED));
            MultiLayerNetwork net = Dl4jModels.network(w);
            System.err.println("    " + name + " helpers: " + Dl4jModels.helpers(net));
            if (!allCores) {
                return checked(name, w, () -> net.fit(x, y));
            }
            return checked(name, w, () -> {
                Threads.kernels(); // every op of the step in the whole OpenMP pool
                try {
                    net.fit(x, y);
                } finally {
                    Threads.done();
                }
            });
        } catch (RuntimeException e) {
            System.err.println("  " + name + " failed to build " + w + ": " + e);
            return null;
        }
    }

    /** The step, after one trial run; null when that run throws. */
    private static AlternatingWindows.Step checked(String framework, Workload w, AlternatingWindows.Step step) {
        try {
            step.run();
            return step;
        } catch (RuntimeException e) {
            System.err.println("  " + framework + " failed on " + w + ": " + e);
            e.printStackTrace();
            return null;
        }
    }

    private static void printTable(List<Row> rows) {
        System.out.println("| model | batch | nn4j | DL4J, 1 thread | DL4J, all cores | PyTorch | nn4j/PyTorch"
                + " | nn4j/DL4J best | issue's PyTorch | issue's DL4J |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            int issueDl4j = r.workload().issueDl4j(r.batch());
            int issuePyTorch = r.workload().issuePyTorch(r.batch());
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.workload(), r.batch(),
                    rate(r.nn4j()), rate(r.dl4jOneThread()), rate(r.dl4jAllCores()), rate(r.pytorch()),
                    ratio(r.nn4j(), r.pytorch()), ratio(r.nn4j(), r.dl4j()),
                    issuePyTorch == 0 ? "—" : String.format(Locale.ROOT, "%,d", issuePyTorch),
                    issueDl4j == 0 ? "—" : String.format(Locale.ROOT, "%,d", issueDl4j));
        }
        System.out.println();
        System.out.println("Samples per second of forward + loss + backward + update, float32, random data.");
    }

    private static String rate(double samplesPerSecond) {
        return Double.isNaN(samplesPerSecond) ? "—" : String.format(Locale.ROOT, "%,.0f", samplesPerSecond);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "—" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    /** The 1, 5 and 15 minute load averages (Linux), as {@code uptime} prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
