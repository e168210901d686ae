package org.nn4j.benchmarks.throughput;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Sequential;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.TanH;

/**
 * A long run in one JVM that should neither crash nor grow: the throughput benchmark's training
 * (workloads A–G round-robin, each as nn4j and DL4J networks built afresh and timed in alternating
 * windows with a full GC before each window, exactly as {@link ThroughputBenchmark} does) while an
 * inference load runs beside it: {@value #POOL_THREADS} long-lived threads and, every
 * {@value #BURST_SECONDS} s, a burst of {@value #BURST_THREADS} short-lived threads, each calling
 * {@code forward} in eval mode on a shared small CNN and a shared MLP with a batch size drawn from
 * 1..{@value #MAX_BATCH}, and comparing the output with the one computed on the main thread at the start.
 *
 * <p>Every {@code --every} seconds (60 by default) it writes a row to {@code soak.csv}: resident
 * memory (VmRSS) at the sample and its floor (the lowest VmRSS read, every second, since the last sample: what the
 * process keeps when the fewest arrays are in flight, where a leak shows), ND4J's allocated bytes, JavaCPP's {@code Pointer.totalBytes} and
 * {@code physicalBytes}, the heap after a full GC, the Java and OS thread counts, and the work done;
 * at the end {@code memory.png} (memory over time) and the verdict ({@code verdict.txt}, stdout).
 *
 * <p><b>Verdict.</b> FAIL (exit code 1) on any exception in a worker, any worker that dies, any
 * inference output that differs from the reference by more than 1e-4, or a growth trend: over the
 * second half of the run (and only after the first round of A–G, while which every network is built
 * for the first time) a least-squares line is fitted to the RSS floor, to ND4J's allocated bytes and to
 * Pointer.totalBytes; a quantity fails when the lower end of its slope's 2-standard-error interval
 * exceeds 2 % of its mean level per 10 minutes, the limit kept between 1 MB and 50 MB. A flat run's
 * slope interval contains zero; the known leak of 0.18 MB per short-lived thread gives
 * {@value #BURST_THREADS} × 60 / {@value #BURST_SECONDS} × 0.18 = 17 MB/min, 173 MB per 10 minutes,
 * 3.5 times the highest limit. The trend needs at least 4 samples in that window (a 10-minute run
 * with {@code --every 60}); shorter runs say it was not judged.
 *
 * <p>Arguments: {@code MINUTES --out DIR [--every SECONDS] [--window SECONDS]} (the training
 * windows, 1 s by default). Run through {@code benchmarks/run-soak}, which keeps hs_err files and
 * reports a JVM that died.
 */
public final class SoakRun {

    static final int POOL_THREADS = 4;
    static final int BURST_THREADS = 8;
    static final int BURST_SECONDS = 5;
    static final int MAX_BATCH = 300;
    private static final int FORWARDS_PER_SHORT_THREAD = 3;
    private static final double MB = 1e6;
    private static final long FLOOR_EVERY_NANOS = 1_000_000_000L;

    /** One row of soak.csv. */
    record Sample(double minutes, long rss, long rssFloor, long nd4j, long javacppTotal, long javacppPhysical, long heap,
                  long heapCommitted, int javaThreads, int osThreads, long trainSteps, long forwards,
                  long shortLived, int errors) {

        static final String HEADER = "minutes,rss_mb,rss_floor_mb,nd4j_allocated_mb,javacpp_total_mb,javacpp_physical_mb,"
                + "heap_after_gc_mb,heap_committed_mb,java_threads,os_threads,train_steps,forwards,"
                + "short_lived_threads,errors";

        String csv() {
            return String.format(Locale.ROOT, "%.2f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%d", minutes,
                    rss / MB, rssFloor / MB, nd4j / MB, javacppTotal / MB, javacppPhysical / MB, heap / MB, heapCommitted / MB,
                    javaThreads, osThreads, trainSteps, forwards, shortLived, errors);
        }
    }

    private final PrintStream console;
    private final PrintStream log;
    private final double windowSeconds;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong trainSteps = new AtomicLong();
    private final AtomicLong forwards = new AtomicLong();
    private final AtomicLong identical = new AtomicLong();
    private final AtomicLong shortLived = new AtomicLong();
    private volatile boolean stop;
    private long t0;
    /** Minutes from the start to the end of the first round of A–G (every network built once); NaN before. */
    private volatile double firstRound = Double.NaN;

    private final Sequential cnn = new Sequential(new Conv2D(1, 8, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
            new Linear(8 * 13 * 13, 10));
    private final Sequential mlp = new Sequential(new Linear(64, 128), new TanH(), new Linear(128, 10));
    private INDArray cnnInput;
    private INDArray mlpInput;
    private final INDArray[] cnnReference = new INDArray[MAX_BATCH + 1];
    private final INDArray[] mlpReference = new INDArray[MAX_BATCH + 1];

    private SoakRun(PrintStream console, PrintStream log, double windowSeconds) {
        this.console = console;
        this.log = log;
        this.windowSeconds = windowSeconds;
    }

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(args[0]);
        Path out = null;
        double every = 60;
        double window = 1.0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--every" -> every = Double.parseDouble(args[++i]);
                case "--window" -> window = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected MINUTES --out DIR [--every SECONDS] [--window SECONDS])");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Files.createDirectories(out);
        PrintStream console = System.err;
        // The reused benchmark code reports every window on System.err: into training.log, so that the
        // console shows one progress line per sample.
        PrintStream log = new PrintStream(new FileOutputStream(out.resolve("training.log").toFile(), true), true);
        System.setErr(log);
        Nn4jRuntime.configure();
        SoakRun soak = new SoakRun(console, log, window);
        boolean pass = soak.run(minutes, every, out);
        System.exit(pass ? 0 : 1);
    }

    private boolean run(double minutes, double everySeconds, Path out) throws Exception {
        console.printf(Locale.ROOT, "soak: %.1f min, a sample every %.0f s, training windows of %.1f s; %s%n", minutes,
                everySeconds, windowSeconds, Nn4jRuntime.config());
        prepareInference();
        long t0 = System.nanoTime();
        this.t0 = t0;
        boolean[] finished = {false};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished[0]) {
                console.printf(Locale.ROOT, "soak: the JVM is shutting down before the end of the run, after %.1f min%n",
                        (System.nanoTime() - t0) / 60e9);
            }
        }));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> error("thread " + t.getName() + " died", e));

        List<Thread> workers = new ArrayList<>();
        workers.add(worker("soak-training", this::train));
        for (int i = 0; i < POOL_THREADS; i++) {
            long seed = i;
            workers.add(worker("soak-inference-" + i, () -> infer(seed)));
        }
        workers.add(worker("soak-short-lived", this::spawnShortLived));
        workers.forEach(Thread::start);

        MemoryProbe probe = new MemoryProbe();
        List<Sample> samples = new ArrayList<>();
        try (PrintStream csv = new PrintStream(new FileOutputStream(out.resolve("soak.csv").toFile()), true)) {
            csv.println(Sample.HEADER);
            long step = (long) (everySeconds * 1e9);
            long end = t0 + (long) (minutes * 60e9);
            for (long next = t0; ; next = Math.min(next + step, end)) {
                long floor = Long.MAX_VALUE;
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    floor = Math.min(floor, statusBytes("VmRSS:"));
                    long nap = Math.min(wait, FLOOR_EVERY_NANOS);
                    Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
                }
                Sample s = sample(probe, t0, floor);
                samples.add(s);
                csv.println(s.csv());
                console.printf(Locale.ROOT, "soak %5.1f/%.0f min: RSS %,.0f MB (floor %,.0f), ND4J %,.0f MB, Pointer.totalBytes %,.0f MB,"
                                + " heap %,.0f MB, threads %d java/%d os, %,d training steps, %,d forwards, %d errors%n",
                        s.minutes(), minutes, s.rss() / MB, s.rssFloor() / MB, s.nd4j() / MB, s.javacppTotal() / MB, s.heap() / MB,
                        s.javaThreads(), s.osThreads(), s.trainSteps(), s.forwards(), s.errors());
                for (Thread w : workers) {
                    if (!w.isAlive()) {
                        error("worker " + w.getName() + " is no longer running", null);
                        workers.remove(w);
                        break;
                    }
                }
                if (next >= end) {
                    break;
                }
            }
        }
        stop = true;
        console.println("soak: stopping the workers (the training finishes its current model)");
        for (Thread w : workers) {
            w.join(180_000);
            if (w.isAlive()) {
                error("worker " + w.getName() + " did not stop within 180 s", null);
            }
        }
        List<String> verdict = verdict(samples, minutes, firstRound);
        plot(samples, out.resolve("memory.png"));
        boolean pass = errors.isEmpty() && verdict.stream().noneMatch(l -> l.startsWith("FAIL"));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "soak: %s after %.1f min (%s): %,d training steps, %,d forwards (%,d"
                        + " bit-identical to the reference), %,d short-lived threads, %d errors",
                pass ? "PASS" : "FAIL", (System.nanoTime() - t0) / 60e9, Nn4jRuntime.config().oneDnn() ? "oneDNN on"
                        : "oneDNN off", trainSteps.get(), forwards.get(), identical.get(), shortLived.get(), errors.size()));
        verdict.forEach(l -> lines.add("  " + l));
        synchronized (errors) {
            errors.stream().limit(20).forEach(e -> lines.add("  error: " + e));
        }
        Files.write(out.resolve("verdict.txt"), lines);
        lines.forEach(System.out::println);
        finished[0] = true;
        return pass;
    }

    private Thread worker(String name, Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                error("worker " + name + " died", t);
            }
        }, name);
    }

    private void error(String what, Throwable t) {
        String message = what + (t == null ? "" : ": " + t);
        errors.add(message);
        console.println("soak: ERROR " + message);
        if (t != null) {
            t.printStackTrace(log);
        }
    }

    // ---- training: the throughput benchmark's models and windows ----

    private void train() {
        AlternatingWindows timer = new AlternatingWindows(windowSeconds, windowSeconds, 5);
        for (long round = 0; !stop; round++) {
            for (Workload w : Workload.values()) {
                if (!w.hasDl4jPeer()) {
                    continue;
                }
                for (int batch : w.batches()) {
                    if (stop) {
                        return;
                    }
                    log.printf(Locale.ROOT, "round %d, %s batch %d%n", round, w, batch);
                    timer.medians(
                            AlternatingWindows.inThisJvm(counted("nn4j", w, batch, ThroughputBenchmark.nn4jStep(w, batch)), batch),
                            AlternatingWindows.inThisJvm(counted("DL4J (one thread)", w, batch,
                                    ThroughputBenchmark.dl4jStep(w, batch, false)), batch),
                            AlternatingWindows.inThisJvm(counted("DL4J (all cores)", w, batch,
                                    ThroughputBenchmark.dl4jStep(w, batch, true)), batch));
                    System.gc(); // as the benchmark: drop this workload's networks before the next one
                }
            }
            double at = (System.nanoTime() - t0) / 60e9;
            if (round == 0) {
                firstRound = at;
            }
            console.printf(Locale.ROOT, "soak: round %d of A-G done at %.1f min, %,d training steps%n", round + 1, at,
                    trainSteps.get());
        }
    }

    /** The step, counting its runs and reporting what it throws (rethrown: the windows then leave it out). */
    private AlternatingWindows.Step counted(String framework, Workload w, int batch, AlternatingWindows.Step step) {
        String name = framework + " " + w + " batch " + batch;
        if (step == null) {
            error(name + " failed to build or its first step threw (training.log has the trace)", null);
            return null;
        }
        return () -> {
            try {
                step.run();
                trainSteps.incrementAndGet();
            } catch (RuntimeException | Error e) {
                error(name + " threw", e);
                throw e;
            }
        };
    }

    // ---- inference: shared eval-mode models, varying batch sizes, pooled and short-lived threads ----

    private void prepareInference() {
        cnn.eval();
        mlp.eval();
        Nd4j.getRandom().setSeed(7);
        cnnInput = Nd4j.rand(DataType.FLOAT, MAX_BATCH, 1, 28, 28);
        mlpInput = Nd4j.rand(DataType.FLOAT, MAX_BATCH, 64);
        for (int b = 1; b <= MAX_BATCH; b++) {
            cnnReference[b] = cnn.forward(batchOf(cnnInput, b));
            mlpReference[b] = mlp.forward(batchOf(mlpInput, b));
        }
    }

    private static INDArray batchOf(INDArray input, int b) {
        return input.rank() == 4
                ? input.get(NDArrayIndex.interval(0, b), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())
                : input.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
    }

    /** One eval forward of a random model and batch size, checked against the reference. */
    private void forwardOnce(Random random) {
        int b = 1 + random.nextInt(MAX_BATCH);
        boolean useCnn = random.nextBoolean();
        INDArray output = useCnn ? cnn.forward(batchOf(cnnInput, b)) : mlp.forward(batchOf(mlpInput, b));
        INDArray reference = useCnn ? cnnReference[b] : mlpReference[b];
        forwards.incrementAndGet();
        if (output.equals(reference)) {
            identical.incrementAndGet();
        } else if (!output.equalsWithEps(reference, 1e-4)) {
            error(String.format(Locale.ROOT, "%s forward of batch %d on thread %s differs from the reference (max |diff| %g)",
                    useCnn ? "CNN" : "MLP", b, Thread.currentThread().getName(),
                    output.sub(reference).amaxNumber().doubleValue()), null);
        }
    }

    private void infer(long seed) {
        Random random = new Random(seed);
        while (!stop) {
            forwardOnce(random);
            pause(random.nextInt(20));
        }
    }

    private void spawnShortLived() {
        Random random = new Random(1000);
        while (!stop) {
            List<Thread> burst = new ArrayList<>();
            for (int i = 0; i < BURST_THREADS; i++) {
                long seed = random.nextLong();
                burst.add(worker("soak-short-" + shortLived.incrementAndGet(), () -> {
                    Random r = new Random(seed);
                    for (int k = 0; k < FORWARDS_PER_SHORT_THREAD; k++) {
                        forwardOnce(r);
                    }
                }));
            }
            burst.forEach(Thread::start);
            for (Thread t : burst) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            pause(BURST_SECONDS * 1000);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- samples, verdict, graph ----

    /** A sample; {@code floor} is the lowest VmRSS read since the last one (read every second). */
    private Sample sample(MemoryProbe probe, long t0, long floor) {
        MemoryProbe.Reading r = probe.read(trainSteps.get());
        long rss = statusBytes("VmRSS:");
        return new Sample((System.nanoTime() - t0) / 60e9, rss, Math.min(rss, floor), r.nd4jBytes(), r.offHeapBytes(),
                r.physicalBytes(), r.heapBytes(), r.heapCommittedBytes(), ManagementFactory.getThreadMXBean().getThreadCount(),
                (int) statusValue("Threads:"), trainSteps.get(), forwards.get(), shortLived.get(), errors.size());
    }

    /** A "kB" line of /proc/self/status, in bytes. */
    private static long statusBytes(String key) {
        return statusValue(key) * 1024;
    }

    private static long statusValue(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One line per quantity: "PASS …", "FAIL …" or "not judged …". The trend is taken over the second half of
     * the run, and only after the first round of A–G ({@code firstRound} minutes, NaN when it never ended):
     * memory grows while each network is built for the first time.
     */
    static List<String> verdict(List<Sample> samples, double minutes, double firstRound) {
        List<String> lines = new ArrayList<>();
        if (Double.isNaN(firstRound)) {
            lines.add("trend not judged: the first round of A-G did not end (a longer run)");
            return lines;
        }
        double from = Math.max(minutes / 2, firstRound);
        List<Sample> half = samples.stream().filter(s -> s.minutes() >= from - 1e-9).toList();
        if (half.size() < 4) {
            lines.add(String.format(Locale.ROOT, "trend not judged: %d samples from minute %.1f (the second half,"
                    + " after the first round of A-G), at least 4 needed (a longer run, or a shorter --every)",
                    half.size(), from));
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "trend from minute %.1f to %.1f (%d samples):", from,
                half.get(half.size() - 1).minutes(), half.size()));
        lines.add(trend("RSS floor", half, Sample::rssFloor));
        lines.add("info " + trend("RSS at the sample (not judged: it holds whatever arrays are in flight)", half, Sample::rss)
                .substring(5));
        lines.add(trend("ND4J allocated", half, Sample::nd4j));
        lines.add(trend("Pointer.totalBytes", half, Sample::javacppTotal));
        return lines;
    }

    interface Quantity {
        long of(Sample s);
    }

    /** Least-squares slope over {@code half} in MB per 10 minutes, its 2-SE interval, against the limit. */
    static String trend(String name, List<Sample> half, Quantity q) {
        double[] fit = fit(half, q);
        double slope = fit[0] * 10 / MB;
        double se = fit[1] * 10 / MB;
        double level = fit[2] / MB;
        double limit = Math.min(Math.max(0.02 * level, 1.0), 50.0);
        boolean fails = slope - 2 * se > limit;
        return String.format(Locale.ROOT, "%s %s: %+.1f ± %.1f MB per 10 min (level %,.0f MB,"
                + " limit %.1f MB per 10 min)", fails ? "FAIL" : "PASS", name, slope, 2 * se, level, limit);
    }

    /** {slope per minute, its standard error, mean level} of q over the samples. */
    static double[] fit(List<Sample> samples, Quantity q) {
        int n = samples.size();
        double mt = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double my = samples.stream().mapToDouble(q::of).average().orElse(0);
        double stt = 0;
        double sty = 0;
        for (Sample s : samples) {
            stt += (s.minutes() - mt) * (s.minutes() - mt);
            sty += (s.minutes() - mt) * (q.of(s) - my);
        }
        double slope = sty / stt;
        double rss = 0;
        for (Sample s : samples) {
            double e = q.of(s) - my - slope * (s.minutes() - mt);
            rss += e * e;
        }
        double se = Math.sqrt(rss / (n - 2) / stt);
        return new double[] {slope, se, my};
    }

    private static void plot(List<Sample> samples, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title("nn4j soak: memory over time (" + (Nn4jRuntime.config().oneDnn() ? "oneDNN on" : "oneDNN off") + ")")
                .xAxisTitle("minutes").yAxisTitle("MB").build();
        double[] t = samples.stream().mapToDouble(Sample::minutes).toArray();
        series(chart, "RSS (VmRSS) at the sample", t, samples, Sample::rss);
        series(chart, "RSS floor (lowest since the last sample)", t, samples, Sample::rssFloor);
        series(chart, "heap committed", t, samples, Sample::heapCommitted);
        series(chart, "heap after GC", t, samples, Sample::heap);
        series(chart, "ND4J allocated", t, samples, Sample::nd4j);
        series(chart, "Pointer.totalBytes", t, samples, Sample::javacppTotal);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartTitleVisible(true);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(XYChart chart, String name, double[] t, List<Sample> samples, Quantity q) {
        XYSeries s = chart.addSeries(name, t, samples.stream().mapToDouble(x -> q.of(x) / MB).toArray());
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
    }
}
