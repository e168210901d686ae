package org.nn4j.layers;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.ModuleCase;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Rows of {@link ModuleSpecs} for convolution, pooling, upsampling and reshaping modules.
 *
 * <p>Shapes stay small (N ≤ 3, C ≤ 3, H, W ≤ 9, kernels ≤ 3, or 4 for "same") so the
 * float64 gradient checks stay fast. Each expected output shape is written out here from
 * PyTorch's documented formula, independently of the modules' own code.
 */
final class ConvSpecs {

    private ConvSpecs() {
    }

    static List<ModuleSpecs.Spec> all() {
        return List.of(
                new ModuleSpecs.Spec("Conv2D", conv2d()),
                new ModuleSpecs.Spec("Conv2D same", conv2dSame()),
                new ModuleSpecs.Spec("Conv1D", conv1d()),
                new ModuleSpecs.Spec("ConvTranspose2D", convTranspose2d()),
                new ModuleSpecs.Spec("MaxPool2D", maxPool2d()),
                new ModuleSpecs.Spec("MaxPool1D", maxPool1d()),
                new ModuleSpecs.Spec("Upsample2D", upsample2d()),
                new ModuleSpecs.Spec("Flatten", flatten()));
    }

    /** oH = ⌊(H + 2p − k) / s⌋ + 1 per axis; any kernel, stride, padding, bias or not. */
    private static Gen<ModuleCase> conv2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 2), sW = draw(in, 1, 2);
            int pH = draw(in, 0, 1), pW = draw(in, 0, 1);
            int h = draw(in, Math.max(1, kH - 2 * pH), 9), w = draw(in, Math.max(1, kW - 2 * pW), 9);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase(
                    "Conv2D(" + c + ", " + o + ", " + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding " + pH + "×" + pW
                            + (bias ? "" : ", no bias") + ")",
                    () -> new Conv2D(c, o, kH, kW, bias, seed).stride(sH, sW).padding(pH, pW),
                    shape(n, c, h, w), shape(n, o, (h + 2 * pH - kH) / sH + 1, (w + 2 * pW - kW) / sW + 1), seed);
        };
    }

    /** "same": the output keeps H × W, even kernels included. */
    private static Gen<ModuleCase> conv2dSame() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int kH = draw(in, 1, 4), kW = draw(in, 1, 4), h = draw(in, 1, 8), w = draw(in, 1, 8);
            long seed = seed(in);
            return new ModuleCase("Conv2D(" + c + ", " + o + ", " + kH + "×" + kW + ", padding same)",
                    () -> new Conv2D(c, o, kH, kW, true, seed).padding("same"), shape(n, c, h, w), shape(n, o, h, w), seed);
        };
    }

    /** oL = ⌊(L + 2p − k) / s⌋ + 1. */
    private static Gen<ModuleCase> conv1d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int k = draw(in, 1, 3), s = draw(in, 1, 2), p = draw(in, 0, 1), l = draw(in, Math.max(1, k - 2 * p), 12);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("Conv1D(" + c + ", " + o + ", " + k + ", stride " + s + ", padding " + p
                    + (bias ? "" : ", no bias") + ")", () -> new Conv1D(c, o, k, s, p, bias, seed),
                    shape(n, c, l), shape(n, o, (l + 2 * p - k) / s + 1), seed);
        };
    }

    /** oH = (H − 1)·s − 2p + k + outputPadding, outputPadding < s. */
    private static Gen<ModuleCase> convTranspose2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int k = draw(in, 1, 3), s = draw(in, 1, 2), p = draw(in, 0, (k - 1) / 2), op = draw(in, 0, s - 1);
            int h = draw(in, 1, 5), w = draw(in, 1, 5);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("ConvTranspose2D(" + c + ", " + o + ", " + k + ", stride " + s + ", padding " + p
                    + ", outputPadding " + op + (bias ? "" : ", no bias") + ")",
                    () -> new ConvTranspose2D(c, o, k, s, p, op, bias, seed), shape(n, c, h, w),
                    shape(n, o, (h - 1) * s - 2 * p + k + op, (w - 1) * s - 2 * p + k + op), seed);
        };
    }

    /** oH = ⌊(H − kH) / sH⌋ + 1; inputs without ties, so the maximum is not at a kink. */
    private static Gen<ModuleCase> maxPool2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int h = draw(in, kH, 9), w = draw(in, kW, 9);
            return new ModuleCase("MaxPool2D(" + kH + "×" + kW + ", stride " + sH + "×" + sW + ")",
                    () -> new MaxPool2D(kH, kW, sH, sW), shape(n, c, h, w),
                    shape(n, c, (h - kH) / sH + 1, (w - kW) / sW + 1), seed(in), ConvSpecs::withoutTies);
        };
    }

    /** oL = ⌊(L − k) / s⌋ + 1; inputs without ties. */
    private static Gen<ModuleCase> maxPool1d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), k = draw(in, 1, 3), s = draw(in, 1, 3), l = draw(in, k, 12);
            return new ModuleCase("MaxPool1D(" + k + ", stride " + s + ")", () -> new MaxPool1D(k, s),
                    shape(n, c, l), shape(n, c, (l - k) / s + 1), seed(in), ConvSpecs::withoutTies);
        };
    }

    /** [N, C, sH·H, sW·W]. */
    private static Gen<ModuleCase> upsample2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int h = draw(in, 1, 5), w = draw(in, 1, 5);
            return new ModuleCase("Upsample2D(" + sH + "×" + sW + ")", () -> new Upsample2D(sH, sW),
                    shape(n, c, h, w), shape(n, c, (long) sH * h, (long) sW * w), seed(in));
        };
    }

    /** [N, d1·d2·...] from rank 2 to 4. */
    private static Gen<ModuleCase> flatten() {
        return in -> {
            int rank = draw(in, 2, 4);
            long[] s = new long[rank];
            long features = 1;
            for (int d = 0; d < rank; d++) {
                s[d] = draw(in, 1, 4);
                features *= d > 0 ? s[d] : 1;
            }
            return new ModuleCase("Flatten", Flatten::new, s, shape(s[0], features), seed(in));
        };
    }

    /**
     * A random permutation of values 2/size apart in [-1, 1): no two within a window are
     * closer than the gradient check's ±1e-6, so finite differences never switch the maximum.
     */
    static INDArray withoutTies(long seed, DataType dataType, long[] shape) {
        int size = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = -1 + 2.0 * i / size;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    private static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }

    private static long seed(RandomnessSource in) {
        return longs().between(0, Long.MAX_VALUE / 2).generate(in);
    }

    private static long[] shape(long... dims) {
        return dims;
    }
}
