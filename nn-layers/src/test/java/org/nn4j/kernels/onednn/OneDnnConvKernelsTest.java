package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.nn4j.kernels.Convolution;
import org.nn4j.kernels.ConvGeometry;

/**
 * The float32 convolutions that go to oneDNN directly, against ND4J's in float64 (its own
 * im2col + GEMM: another implementation, in another precision), over random shapes and windows:
 * few and many channels on either side (the layouts and the transposed form of
 * {@link OneDnnConvKernels} switch at {@value OneDnnConvolution#FEW_CHANNELS}), strides,
 * asymmetric "same" padding, and inputs that are views with other strides.
 */
class OneDnnConvKernelsTest {

    /** One convolution: shapes, window, bias or not, and how the input lies in memory. */
    private record Case(int n, int in, int out, int h, int w, ConvGeometry geometry, boolean bias, int layout, long seed) {

        @Override
        public String toString() {
            return "N=" + n + " in=" + in + " out=" + out + " " + h + "×" + w + " " + geometry.describe() + (bias ? "" : " no bias")
                    + " layout " + layout + " seed " + seed;
        }
    }

    @Test
    void oneDnnRunsHere() {
        assertNull(OneDnn.unavailableReason(), "oneDNN's natives load on Linux x86-64");
        assertTrue(OneDnn.canRun(Nd4j.zeros(DataType.FLOAT, 2), null));
        assertFalse(OneDnn.canRun(Nd4j.zeros(DataType.FLOAT, 2), Nd4j.zeros(DataType.DOUBLE, 2)), "float64 stays on ND4J");
    }

    @Test
    void switchedOffNothingGoesToOneDnn() {
        OneDnn.enabled = false;
        try {
            assertFalse(OneDnn.canRun(Nd4j.zeros(DataType.FLOAT, 2)));
        } finally {
            OneDnn.enabled = true;
        }
    }

    @Test
    void everyPassMatchesNd4jInDoublePrecision() {
        qt().withFixedSeed(TestArrays.testSeed("OneDnnConvKernelsTest")).withExamples(80).withShrinkCycles(0)
                .forAll(cases()).checkAssert(OneDnnConvKernelsTest::assertMatches);
    }

    @Test
    void modelGsLastLayerShapeRunsTransposedAndMatches() {
        // 32 → 1, 3×3 "same": forward as a backward-data pass, gradients as 1 → 32 passes.
        assertMatches(new Case(3, 32, 1, 12, 10, ConvGeometry.of2d("Conv2D", 3, 3, 1, 1, 0, 0).withSamePadding(), true, 0, 7));
    }

    private static void assertMatches(Case c) {
        ConvGeometry g = c.geometry();
        int kH = g.kernel2d()[0];
        int kW = g.kernel2d()[1];
        INDArray x = TestArrays.uniform(c.seed(), DataType.DOUBLE, c.n(), c.in(), c.h(), c.w());
        INDArray weight = TestArrays.uniform(c.seed() + 1, DataType.DOUBLE, c.out(), c.in(), kH, kW);
        INDArray bias = c.bias() ? TestArrays.uniform(c.seed() + 2, DataType.DOUBLE, c.out()) : null;
        INDArray delta = TestArrays.uniform(c.seed() + 3, DataType.DOUBLE, g.outputShape(x, c.out()));

        INDArray[] expected = Convolution.conv2dBackward(x, weight, bias, delta, g, true);
        INDArray xf = laidOut(x.castTo(DataType.FLOAT), c.layout());
        INDArray wf = weight.castTo(DataType.FLOAT);
        INDArray bf = bias == null ? null : bias.castTo(DataType.FLOAT);
        INDArray df = laidOut(delta.castTo(DataType.FLOAT), c.layout());
        assertTrue(OneDnn.canRun(xf, wf, bf, df));

        assertClose(Convolution.conv2d(x, weight, bias, g), Convolution.conv2d(xf, wf, bf, g), "output", c);
        INDArray[] actual = Convolution.conv2dBackward(xf, wf, bf, df, g, true);
        assertClose(expected[0], actual[0], "dL/dinput", c);
        assertClose(expected[1], actual[1], "dL/dweight", c);
        if (bias != null) {
            assertClose(expected[2], actual[2], "dL/dbias", c);
        }
        INDArray[] firstLayer = Convolution.conv2dBackward(xf, wf, bf, df, g, false);
        assertNull(firstLayer[0], "no dL/dinput when not asked");
        assertClose(expected[1], firstLayer[1], "dL/dweight without dL/dinput", c);
        assertClose(expected[0], Convolution.conv2dInputGradient(xf, wf, df, g), "dL/dinput alone", c);
        assertClose(expected[1], Convolution.conv2dWeightGradient(xf, wf, df, g), "dL/dweight alone", c);
    }

    /** {@code a} itself (layout 0), the same values as a slice of a larger batch (1), or as a permuted view of channels-last memory (2). */
    private static INDArray laidOut(INDArray a, int layout) {
        if (layout == 1) {
            long[] shape = a.shape().clone();
            shape[0] += 2;
            INDArray larger = Nd4j.rand(a.dataType(), shape);
            INDArray slice = larger.get(NDArrayIndex.interval(1, 1 + a.size(0)));
            slice.assign(a);
            return slice;
        }
        if (layout == 2) {
            INDArray channelsLast = a.permute(0, 2, 3, 1).dup('c');
            return channelsLast.permute(0, 3, 1, 2);
        }
        return a;
    }

    private static Gen<Case> cases() {
        return in -> {
            int n = draw(in, 1, 4);
            int channelsIn = draw(in, 1, 6);
            int channelsOut = draw(in, 1, 6);
            int kH = draw(in, 1, 4);
            int kW = draw(in, 1, 4);
            boolean same = draw(in, 0, 3) == 0;
            ConvGeometry g;
            int h;
            int w;
            if (same) {
                g = ConvGeometry.of2d("Conv2D", kH, kW, 1, 1, 0, 0).withSamePadding();
                h = draw(in, 1, 9);
                w = draw(in, 1, 9);
            } else {
                int sH = draw(in, 1, 2);
                int sW = draw(in, 1, 2);
                int pH = draw(in, 0, kH - 1);
                int pW = draw(in, 0, kW - 1);
                g = ConvGeometry.of2d("Conv2D", kH, kW, sH, sW, pH, pW);
                h = draw(in, Math.max(1, kH - 2 * pH), 9);
                w = draw(in, Math.max(1, kW - 2 * pW), 9);
            }
            return new Case(n, channelsIn, channelsOut, h, w, g, draw(in, 0, 1) == 1, draw(in, 0, 2),
                    longs().between(0, Long.MAX_VALUE / 4).generate(in));
        };
    }

    private static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what, Case c) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape, " + c);
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " (largest value " + scale + "), " + c);
    }
}
