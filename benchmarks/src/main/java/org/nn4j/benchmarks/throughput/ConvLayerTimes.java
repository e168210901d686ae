package org.nn4j.benchmarks.throughput;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Workspaces;
import org.nn4j.layers.Conv2D;

/**
 * Each convolution of the convolutional {@link Workload}s C, D and G alone, nn4j's {@code Conv2D} against PyTorch's
 * ({@code peers/pytorch_conv_layers.py}): forward + backward, dL/dinput only where a network needs it
 * (not for a first layer), median of 200 calls in a step workspace after a first pass over all
 * layers; two rounds, nn4j then PyTorch each time, so that drift shows. Tells which layers a
 * model's gap to PyTorch comes from.
 *
 * <pre>benchmarks/run-throughput --layers</pre>
 */
public final class ConvLayerTimes {

    private record Layer(String name, String description, int batch, int in, int out, int size, int kernel, int padding) {

        String spec() {
            return String.join(":", name, Integer.toString(batch), Integer.toString(in), Integer.toString(out),
                    Integer.toString(size), Integer.toString(kernel), Integer.toString(padding));
        }
    }

    private static final List<Layer> LAYERS = List.of(
            new Layer("C1", "C conv1 1→16 5×5 same", 64, 1, 16, 28, 5, 2),
            new Layer("C2", "C conv2 16→32 5×5 same", 64, 16, 32, 14, 5, 2),
            new Layer("D1", "D conv1 1→32 3×3", 64, 1, 32, 28, 3, 0),
            new Layer("D2", "D conv2 32→64 3×3", 64, 32, 64, 13, 3, 0),
            new Layer("G1", "G conv1 1→32 3×3 same", 128, 1, 32, 28, 3, 1),
            new Layer("G2", "G 32→32 3×3 same at 14×14", 128, 32, 32, 14, 3, 1),
            new Layer("G5", "G 32→1 3×3 same at 28×28", 128, 32, 1, 28, 3, 1));
    private static final int CALLS = 200;
    private static final int ROUNDS = 2;

    private ConvLayerTimes() {
    }

    public static void main(String[] args) {
        Nn4jRuntime.configure();
        Map<String, double[]> nn4j = new HashMap<>();
        Map<String, double[]> torch = new HashMap<>();
        String[] specs = LAYERS.stream().map(Layer::spec).toArray(String[]::new);
        LAYERS.forEach(ConvLayerTimes::fwdBwdMillis); // a first pass, as the peer makes: JIT, native pools
        for (int round = 0; round < ROUNDS; round++) {
            for (Layer layer : LAYERS) {
                nn4j.computeIfAbsent(layer.name(), k -> new double[ROUNDS])[round] = fwdBwdMillis(layer);
                System.err.printf(Locale.ROOT, "  nn4j %s %.3f ms%n", layer.name(), nn4j.get(layer.name())[round]);
            }
            try {
                for (String line : PyTorchPeer.run("pytorch_conv_layers.py", specs)) {
                    String[] f = line.trim().split("\\s+");
                    torch.computeIfAbsent(f[0], k -> new double[ROUNDS])[round] = Double.parseDouble(f[1]);
                }
            } catch (RuntimeException e) {
                System.err.println("PyTorch peer failed: " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "%n# Convolution layers alone, forward + backward, median of %d calls; load average %s%n%n",
                CALLS, ThroughputBenchmark.loadAverage());
        System.out.println("| layer (batch) | nn4j ms, rounds 1 and 2 | PyTorch ms, rounds 1 and 2 | nn4j ÷ PyTorch time (faster rounds) |");
        System.out.println("|---|---:|---:|---:|");
        for (Layer layer : LAYERS) {
            double[] a = nn4j.get(layer.name());
            double[] b = torch.getOrDefault(layer.name(), new double[] {Double.NaN, Double.NaN});
            System.out.printf(Locale.ROOT, "| %s (%d) | %.2f, %.2f | %.2f, %.2f | %.2f |%n", layer.description(), layer.batch(),
                    a[0], a[1], b[0], b[1], Math.min(a[0], a[1]) / Math.min(b[0], b[1]));
        }
    }

    private static double fwdBwdMillis(Layer l) {
        Conv2D conv = new Conv2D(l.in(), l.out(), l.kernel(), 1, l.padding());
        INDArray x = Nd4j.rand(new int[] {l.batch(), l.in(), l.size(), l.size()});
        INDArray delta = Nd4j.rand(conv.forward(x).shape());
        boolean inputGradient = l.in() > 1; // a first layer's dL/dinput is asked by no one
        Runnable forwardAndBackward = () -> inStepWorkspace(() -> {
            conv.forward(x);
            conv.backward(x, delta, inputGradient);
        });
        StepProfile.median(30, forwardAndBackward); // warm-up
        return StepProfile.median(CALLS, forwardAndBackward);
    }

    private static void inStepWorkspace(Runnable r) {
        try (MemoryWorkspace ws = Workspaces.step()) {
            r.run();
        }
    }
}
