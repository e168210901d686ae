package org.nn4j.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelBenchmarks} with JMH and prints a Markdown table: time per forward+backward,
 * GFLOP/s, the GFLOP/s of a plain sgemm of the same size measured in the same run, their
 * ratio, and PyTorch 1.13's time on this machine. Arguments: {@code quick} for a smoke run
 * (1 warmup, 2 measurement iterations); otherwise 1 fork, 3×1 s warmup, 5×1 s measurement.
 */
public final class KernelTable {

    /**
     * PyTorch 1.13 on the 2-core AVX-512 development machine (oneDNN convs, OpenBLAS, 2 threads),
     * forward + backward incl. dL/dinput.
     */
    private static final Map<String, Double> PYTORCH_MS = Map.of("linear", 1.0, "conv1", 2.7, "conv2", 3.8, "maxPool", 4.2);

    private record Row(String label, String benchmark, String sgemm, double flops, String pytorch) {
    }

    private KernelTable() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        checkIm2colAgreesWithConv2D();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(KernelBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(forkedJvmArgs());
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> ms = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            ms.put(name.substring(name.lastIndexOf('.') + 1),
                    new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        print(ms);
    }

    /** The table for times {name → {ms, error}}; also used by {@link Interleaved}. */
    static void print(Map<String, double[]> ms) {
        // forward + backward = 3 GEMMs of the forward's size (output, dL/dweight, dL/dinput).
        double linear = 3 * flops(KernelBenchmarks.LINEAR_GEMM);
        double conv1 = 3 * flops(KernelBenchmarks.CONV1_GEMM);
        double conv2 = 3 * flops(KernelBenchmarks.CONV2_GEMM);
        List<Row> rows = new ArrayList<>(List.of(
                new Row("Linear(784→500), 64×784", "linear", "linearSgemm", linear, "linear"),
                new Row("Conv2D(1→32, 3×3), 64×1×28×28 — nn4j (native conv2d, weight [out,in,kH,kW])", "conv1", "conv1Sgemm", conv1, "conv1"),
                new Row("  same, im2col + GEMM + col2im", "conv1Im2col", "conv1Sgemm", conv1, null),
                new Row("  same, native conv2d, weight permuted to [kH,kW,in,out] per call", "conv1NativeKhKwInOut", "conv1Sgemm", conv1, null),
                new Row("Conv2D(32→64, 3×3), 64×32×13×13 — nn4j (native conv2d, weight [out,in,kH,kW])", "conv2", "conv2Sgemm", conv2, "conv2"),
                new Row("  same, im2col + GEMM + col2im", "conv2Im2col", "conv2Sgemm", conv2, null),
                new Row("  same, native conv2d, weight permuted to [kH,kW,in,out] per call", "conv2NativeKhKwInOut", "conv2Sgemm", conv2, null),
                new Row("MaxPool2D(2), 64×32×26×26", "maxPool", null, 0, "maxPool")));
        System.out.println();
        System.out.println("| kernel (forward + backward incl. dL/dinput) | nn4j ms | nn4j GFLOP/s | sgemm same size GFLOP/s | fraction of sgemm | PyTorch 1.13 ms | nn4j ÷ PyTorch time |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            double[] t = ms.get(row.benchmark());
            if (t == null) {
                continue;
            }
            String gflops = row.flops() > 0 ? f1(row.flops() / t[0] / 1e6) : "–";
            String sgemm = "–";
            String fraction = "–";
            if (row.sgemm() != null && ms.containsKey(row.sgemm())) {
                double sgemmGflops = row.flops() / 3 / ms.get(row.sgemm())[0] / 1e6;
                sgemm = f1(sgemmGflops);
                fraction = String.format(Locale.ROOT, "%.2f", row.flops() / t[0] / 1e6 / sgemmGflops);
            }
            Double torch = row.pytorch() == null ? null : PYTORCH_MS.get(row.pytorch());
            String time = t[1] > 0 ? String.format(Locale.ROOT, "%.2f ± %.2f", t[0], t[1]) : String.format(Locale.ROOT, "%.2f", t[0]);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.label(), time, gflops, sgemm,
                    fraction, torch == null ? "" : f1(torch), torch == null ? "" : String.format(Locale.ROOT, "%.1f×", t[0] / torch));
        }
    }

    private static double flops(int[] mkn) {
        return 2.0 * mkn[0] * mkn[1] * mkn[2];
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The im2col alternative must compute what Conv2D computes, or its timing means nothing. */
    private static void checkIm2colAgreesWithConv2D() {
        KernelBenchmarks b = new KernelBenchmarks();
        b.setUp();
        INDArray expected = b.conv2.forward(b.conv2X);
        INDArray expectedGradInput = b.conv2.backward(b.conv2X, b.conv2Delta, true);
        double diff = Math.max(expected.sub(b.conv2Im2col.forward(b.conv2X)).amaxNumber().doubleValue(),
                expectedGradInput.sub(b.conv2Im2col.backward(b.conv2X, b.conv2Delta)).amaxNumber().doubleValue());
        diff = Math.max(diff, b.conv2.weight().grad().sub(b.conv2Im2col.gradWeight()).amaxNumber().doubleValue()
                / b.conv2.weight().grad().amaxNumber().doubleValue());
        diff = Math.max(diff, b.conv2.bias().grad().sub(b.conv2Im2col.gradBias()).amaxNumber().doubleValue()
                / b.conv2.bias().grad().amaxNumber().doubleValue());
        if (!(diff < 1e-3)) {
            throw new IllegalStateException("im2col Conv2D differs from nn4j's Conv2D by " + diff);
        }
        System.out.println("im2col Conv2D agrees with nn4j's Conv2D (max difference " + diff + ", " + DataType.FLOAT + ")");
        Nd4j.getMemoryManager().invokeGc();
    }

    /** The forked JVM gets the launcher's memory settings and any -Dnn4j.* thread settings. */
    private static String[] forkedJvmArgs() {
        List<String> a = new ArrayList<>(List.of("-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("nn4j."))
                .forEach(k -> a.add("-D" + k + "=" + System.getProperty(k)));
        return a.toArray(String[]::new);
    }
}
