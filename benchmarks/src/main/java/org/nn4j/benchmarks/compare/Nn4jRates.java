package org.nn4j.benchmarks.compare;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.benchmarks.throughput.Nn4jModels;
import org.nn4j.benchmarks.throughput.Workload;
import org.nn4j.core.Optim;

/**
 * nn4j's training throughput on the image and vector workloads A–I alone, one line per model: what
 * {@code benchmarks/run-before-after} runs in two builds, alternately, to compare a change with the
 * code before it. It uses only what every build of the benchmarks module has ({@link Nn4jModels},
 * {@link Workload}, {@link Optim#step}), so the script compiles this same file against the older build;
 * the sequence workloads (J, K), whose targets are class indices, are left to {@code run-throughput}.
 * Models a build does not have (an older build without H or I) are skipped.
 *
 * <p>Arguments: {@code [windows] [seconds per window]}, default 5 and 1.0.
 */
public final class Nn4jRates {

    private static final long SEED = 42;
    /** The last workload whose target is a one-hot batch, as every build's {@link Workload#randomOneHot}. */
    private static final String LAST_MODEL = "I";

    private Nn4jRates() {
    }

    public static void main(String[] args) {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        for (Workload w : Workload.values()) {
            if (w.name().compareTo(LAST_MODEL) > 0) {
                continue;
            }
            for (int batch : w.batches()) {
                INDArray x = w.randomInput(batch, SEED);
                INDArray y = w.reconstructs() ? x : Workload.randomOneHot(batch, SEED);
                Optim optim = Nn4jModels.optim(w);
                rate(optim, x, y, batch, 4 * seconds); // warm-up: JIT, primitives, workspace (a step still sped up after 3 s)
                double[] rates = new double[windows];
                for (int i = 0; i < windows; i++) {
                    System.gc(); // no window collects another's garbage
                    rates[i] = rate(optim, x, y, batch, seconds);
                }
                Arrays.sort(rates);
                System.out.printf(Locale.ROOT, "%s %d %.1f%n", w, batch, rates[windows / 2]);
            }
        }
    }

    /** Samples per second over a window of about {@code seconds}. */
    private static double rate(Optim optim, INDArray x, INDArray y, int batch, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long steps = 0;
        long now;
        do {
            optim.step(x, y);
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return steps * batch / ((now - start) / 1e9);
    }
}
