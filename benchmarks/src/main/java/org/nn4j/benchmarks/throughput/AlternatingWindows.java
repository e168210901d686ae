package org.nn4j.benchmarks.throughput;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times several training loops in alternating windows: after a warm-up of each, window after
 * window of each in turn (nn4j, DL4J, PyTorch, PyTorch, DL4J, nn4j, ...: the order flips every
 * round), each window as many whole steps as fit in {@code windowSeconds}. On a machine shared
 * with other jobs the background load drifts; alternating gives every loop the same drift, so
 * their ratios are steadier than any one figure. Each window starts after a full collection, so
 * that the JVM's loops do not collect each other's garbage inside their windows. The result is the
 * median samples/s over the windows.
 */
final class AlternatingWindows {

    /** One training iteration on a fixed batch (forward, loss, backward, update). */
    interface Step {
        void run();
    }

    /** A training loop that can be run for a while: in this JVM, or in a peer process. */
    interface Loop {
        /** Whole steps until {@code seconds} have passed (at least one); samples per second over them. */
        double samplesPerSecond(double seconds);

        /** Steps for about {@code seconds} before the windows: JIT, workspaces, buffers. */
        default void warmUp(double seconds) {
            samplesPerSecond(seconds);
        }
    }

    private final double warmupSeconds;
    private final double windowSeconds;
    private final int windows;

    AlternatingWindows(double warmupSeconds, double windowSeconds, int windows) {
        this.warmupSeconds = warmupSeconds;
        this.windowSeconds = windowSeconds;
        this.windows = windows;
    }

    /** A loop of {@code step} in this JVM, {@code batch} samples a step; null for a null step. */
    static Loop inThisJvm(Step step, int batch) {
        if (step == null) {
            return null;
        }
        return seconds -> {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long n = 0;
            long now;
            do {
                step.run();
                n++;
                now = System.nanoTime();
            } while (now < deadline);
            return n * batch / ((now - start) / 1e9);
        };
    }

    /**
     * @param loops the loops to time; a null entry is skipped (a framework that failed to build)
     * @return per loop, the median samples/s of its windows (NaN for a null entry, or for a loop
     *         that failed during the windows)
     */
    double[] medians(Loop... loops) {
        boolean[] failed = new boolean[loops.length];
        for (int i = 0; i < loops.length; i++) {
            failed[i] = loops[i] == null || !warmedUp(loops[i], warmupSeconds);
        }
        double[][] rates = new double[loops.length][windows];
        for (int w = 0; w < windows; w++) {
            for (int k = 0; k < loops.length; k++) {
                int i = w % 2 == 0 ? k : loops.length - 1 - k;
                if (failed[i]) {
                    rates[i][w] = Double.NaN;
                    continue;
                }
                // No loop should pay for collecting another's garbage: every window starts on a
                // collected heap (outside the timing).
                System.gc();
                rates[i][w] = run(loops[i], windowSeconds);
                failed[i] = Double.isNaN(rates[i][w]);
            }
        }
        double[] medians = new double[loops.length];
        for (int i = 0; i < loops.length; i++) {
            if (failed[i]) {
                medians[i] = Double.NaN;
                continue;
            }
            System.err.printf(Locale.ROOT, "    windows %d: %s samples/s%n", i, Arrays.toString(round(rates[i])));
            double[] sorted = rates[i].clone();
            Arrays.sort(sorted);
            medians[i] = sorted[windows / 2];
        }
        return medians;
    }

    /** False (reported) when the warm-up throws. */
    private static boolean warmedUp(Loop loop, double seconds) {
        try {
            loop.warmUp(seconds);
            return true;
        } catch (RuntimeException e) {
            System.err.println("    a loop failed its warm-up and is left out: " + e);
            return false;
        }
    }

    /** The loop's rate over {@code seconds}, or NaN (reported) when it throws. */
    private static double run(Loop loop, double seconds) {
        try {
            return loop.samplesPerSecond(seconds);
        } catch (RuntimeException e) {
            System.err.println("    a loop failed and is left out: " + e);
            return Double.NaN;
        }
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
