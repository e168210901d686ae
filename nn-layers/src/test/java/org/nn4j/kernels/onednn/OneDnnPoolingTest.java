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
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.nn4j.kernels.Pooling;
import org.nn4j.kernels.ConvGeometry;

/** Max pooling on oneDNN (float32) against ND4J's in float64, over random shapes and windows. */
class OneDnnPoolingTest {

    private record Case(int n, int c, int h, int w, ConvGeometry geometry, long seed) {

        @Override
        public String toString() {
            return "N=" + n + " C=" + c + " " + h + "×" + w + " " + geometry.describe() + " seed " + seed;
        }
    }

    @Test
    void forwardAndBackwardMatchNd4jInDoublePrecision() {
        qt().withFixedSeed(TestArrays.testSeed("OneDnnPoolingTest")).withExamples(60).withShrinkCycles(0)
                .forAll(cases()).checkAssert(OneDnnPoolingTest::assertMatches);
    }

    private static void assertMatches(Case c) {
        ConvGeometry g = c.geometry();
        // Uniform random values: no window has two equal maxima for the two implementations to pick differently.
        INDArray x = TestArrays.uniform(c.seed(), DataType.DOUBLE, c.n(), c.c(), c.h(), c.w());
        INDArray delta = TestArrays.uniform(c.seed() + 1, DataType.DOUBLE, g.outputShape(x, c.c()));
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray df = delta.castTo(DataType.FLOAT);
        assertTrue(OneDnn.canRun(xf, df));
        assertClose(Pooling.maxPool2d(x, g, new Pooling.NaNCheck()), Pooling.maxPool2d(xf, g, new Pooling.NaNCheck()), "output", c);
        assertClose(Pooling.maxPool2dBackward(x, delta, g, new Pooling.NaNCheck()),
                Pooling.maxPool2dBackward(xf, df, g, new Pooling.NaNCheck()), "dL/dinput", c);
    }

    private static Gen<Case> cases() {
        return in -> {
            int kH = draw(in, 1, 3);
            int kW = draw(in, 1, 3);
            ConvGeometry g = draw(in, 0, 3) == 0
                    ? ConvGeometry.of2d("MaxPool2D", kH, kW, 1, 1, 0, 0).withSamePadding()
                    : ConvGeometry.of2d("MaxPool2D", kH, kW, draw(in, 1, 3), draw(in, 1, 3), draw(in, 0, kH / 2), draw(in, 0, kW / 2));
            return new Case(draw(in, 1, 4), draw(in, 1, 5), draw(in, kH, 10), draw(in, kW, 10), g,
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
