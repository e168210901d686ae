package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.kernels.Pooling;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Max and average pooling on oneDNN (float32) against ND4J's in float64, over random shapes and windows: padding,
 * dilation (max), ceil mode, the padding counted or not (average).
 */
class OneDnnPoolingTest {

    private record Case(int n, int c, int h, int w, PoolWindow window, boolean countIncludePad, long seed) {

        @Override
        public String toString() {
            return "N=" + n + " C=" + c + " " + h + "×" + w + " " + window.describe() + (countIncludePad ? "" : ", average: padding not counted")
                    + " seed " + seed;
        }
    }

    @Test
    void maxPoolingMatchesNd4jInDoublePrecision() {
        qt().withFixedSeed(TestArrays.testSeed("OneDnnPoolingTest max")).withExamples(60).withShrinkCycles(0)
                .forAll(cases(true)).checkAssert(c -> assertMatches(c, true));
    }

    @Test
    void averagePoolingMatchesNd4jInDoublePrecision() {
        qt().withFixedSeed(TestArrays.testSeed("OneDnnPoolingTest average")).withExamples(60).withShrinkCycles(0)
                .forAll(cases(false)).checkAssert(c -> assertMatches(c, false));
    }

    private static void assertMatches(Case c, boolean max) {
        PoolWindow g = c.window();
        // Uniform random values: no window has two equal maxima for the two implementations to pick differently.
        INDArray x = TestArrays.uniform(c.seed(), DataType.DOUBLE, c.n(), c.c(), c.h(), c.w());
        INDArray delta = TestArrays.uniform(c.seed() + 1, DataType.DOUBLE, g.outputShape(x));
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray df = delta.castTo(DataType.FLOAT);
        assertTrue(OneDnn.canRun(xf, df));
        if (max) {
            assertClose(Pooling.maxPool(x, g, new Pooling.NaNCheck()), Pooling.maxPool(xf, g, new Pooling.NaNCheck()), "output", c);
            assertClose(Pooling.maxPoolBackward(x, delta, g, new Pooling.NaNCheck()),
                    Pooling.maxPoolBackward(xf, df, g, new Pooling.NaNCheck()), "dL/dinput", c);
        } else {
            assertClose(Pooling.avgPool(x, g, c.countIncludePad()), Pooling.avgPool(xf, g, c.countIncludePad()), "output", c);
            assertClose(Pooling.avgPoolBackward(x, delta, g, c.countIncludePad()),
                    Pooling.avgPoolBackward(xf, df, g, c.countIncludePad()), "dL/dinput", c);
        }
    }

    private static Gen<Case> cases(boolean max) {
        return in -> {
            int kH = draw(in, 1, 3);
            int kW = draw(in, 1, 3);
            int dH = max ? draw(in, 1, 2) : 1;
            int dW = max ? draw(in, 1, 2) : 1;
            int pH = draw(in, 0, kH / 2);
            int pW = draw(in, 0, kW / 2);
            ConvGeometry g = ConvGeometry.of2d(max ? "MaxPool2D" : "AvgPool2D", kH, kW, draw(in, 1, 3), draw(in, 1, 3), pH, pW)
                    .withDilation(dH, dW);
            PoolWindow window = new PoolWindow(g, draw(in, 0, 1) == 1);
            // at least the span and the dilation: every window reads the input
            return new Case(draw(in, 1, 4), draw(in, 1, 5), draw(in, Math.max(dH, dH * (kH - 1) + 1 - 2 * pH), 10),
                    draw(in, Math.max(dW, dW * (kW - 1) + 1 - 2 * pW), 10), window, draw(in, 0, 1) == 1,
                    longs().between(0, Long.MAX_VALUE / 4).generate(in));
        };
    }

    private static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what, Case c) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape, " + c);
        double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6, what + ": max difference " + diff + ", " + c);
    }
}
