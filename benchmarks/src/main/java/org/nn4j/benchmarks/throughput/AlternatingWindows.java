package org.nn4j.benchmarks.throughput;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times two training loops in alternating windows in one JVM: after a warm-up of each, window
 * after window of each in turn (nn4j, DL4J, DL4J, nn4j, ...: the order flips every round), each
 * window as many whole steps as fit in {@code windowSeconds}. On a machine shared with other jobs
 * the background load drifts; alternating gives both loops the same drift, so their ratio is
 * steadier than either figure. The result is the median samples/s over the windows.
 */
final class AlternatingWindows {

    /** One training iteration on a fixed batch (forward, loss, backward, update). */
    interface Step {
        void run();
    }

    private final double warmupSeconds;
    private final double windowSeconds;
    private final int windows;

    AlternatingWindows(double warmupSeconds, double windowSeconds, int windows) {
        this.warmupSeconds = warmupSeconds;
        this.windowSeconds = windowSeconds;
        this.windows = windows;
    }

    /**
     * @param steps the loops to time; a null entry is skipped (a framework that failed to build)
     * @return per loop, the median samples/s of its windows (NaN for a null entry)
     */
    double[] medians(int batch, Step... steps) {
        for (Step s : steps) {
            if (s != null) {
                samplesPerSecond(s, batch, warmupSeconds); // JIT, workspaces, buffers
            }
        }
        double[][] rates = new double[steps.length][windows];
        for (int w = 0; w < windows; w++) {
            for (int k = 0; k < steps.length; k++) {
                int i = w % 2 == 0 ? k : steps.length - 1 - k;
                rates[i][w] = steps[i] == null ? Double.NaN : samplesPerSecond(steps[i], batch, windowSeconds);
            }
        }
        double[] medians = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] != null) {
                System.err.printf(Locale.ROOT, "    windows %d: %s samples/s%n", i, Arrays.toString(round(rates[i])));
            }
            double[] sorted = rates[i].clone();
            Arrays.sort(sorted);
            medians[i] = sorted[windows / 2];
        }
        return medians;
    }

    /** Whole steps until {@code seconds} have passed (at least one); samples per second over them. */
    private static double samplesPerSecond(Step step, int batch, double seconds) {
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
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
