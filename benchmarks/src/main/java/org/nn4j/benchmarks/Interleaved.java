package org.nn4j.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same kernels as {@link KernelBenchmarks}, timed round-robin in one JVM (one call of each
 * per round, medians over the rounds). On a shared, loaded machine JMH's separate forks see
 * different background load; interleaving gives every variant the same load, so the ratios
 * between them (Conv2D ÷ sgemm, OIYX ÷ permuted, native ÷ im2col) are trustworthy even when
 * the absolute times are not. Argument: number of rounds (default 40, after 5 warmup rounds).
 */
public final class Interleaved {

    private Interleaved() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        KernelBenchmarks b = new KernelBenchmarks();
        b.setUp();
        Map<String, Supplier<Object>> kernels = new LinkedHashMap<>();
        kernels.put("linear", b::linear);
        kernels.put("linearSgemm", b::linearSgemm);
        kernels.put("conv1", b::conv1);
        kernels.put("conv1Im2col", b::conv1Im2col);
        kernels.put("conv1NativeKhKwInOut", b::conv1NativeKhKwInOut);
        kernels.put("conv1Sgemm", b::conv1Sgemm);
        kernels.put("conv2", b::conv2);
        kernels.put("conv2Im2col", b::conv2Im2col);
        kernels.put("conv2NativeKhKwInOut", b::conv2NativeKhKwInOut);
        kernels.put("conv2Sgemm", b::conv2Sgemm);
        kernels.put("maxPool", b::maxPool);
        Map<String, double[]> times = new LinkedHashMap<>();
        kernels.keySet().forEach(k -> times.put(k, new double[rounds]));
        for (int r = -5; r < rounds; r++) {
            for (Map.Entry<String, Supplier<Object>> e : kernels.entrySet()) {
                long t = System.nanoTime();
                e.getValue().get();
                double ms = (System.nanoTime() - t) / 1e6;
                if (r >= 0) {
                    times.get(e.getKey())[r] = ms;
                }
            }
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        System.out.println("| kernel | median ms | min ms |");
        System.out.println("|---|---|---|");
        times.forEach((k, v) -> {
            Arrays.sort(v);
            medians.put(k, new double[] {v[rounds / 2], 0});
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", k, v[rounds / 2], v[0]);
        });
        KernelTable.print(medians);
    }
}
