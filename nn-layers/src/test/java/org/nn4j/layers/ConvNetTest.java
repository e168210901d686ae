package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.GradientCheck;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

/** The conv modules composed into a small network, as a user builds one. */
class ConvNetTest {

    private static Sequential lenetLike(long seed) {
        return new Sequential(
                new Conv2D(1, 2, 3, 3, true, seed).padding(1), new TanH(), new MaxPool2D(2),
                new Conv2D(2, 3, 2, 2, true, seed + 1).padding("same"), new Upsample2D(2), new MaxPool2D(2),
                new ConvTranspose2D(3, 2, 2, 2, 0, 0, true, seed + 2), new Sigmoid(), new MaxPool2D(3, 2),
                new Flatten(), new Linear(2 * 2 * 2, 3, true, seed + 3));
    }

    @Test
    void aSmallConvNetHasTheShapesOfPyTorchsFormulasAndCorrectGradients() {
        long seed = TestArrays.testSeed("ConvNetTest");
        Sequential net = lenetLike(seed);
        INDArray x = ConvSpecs.withoutTies(seed, DataType.FLOAT, new long[] {2, 1, 6, 6});
        // 6×6 → conv pad 1: 6×6 → pool: 3×3 → same: 3×3 → ×2: 6×6 → pool: 3×3 → convT s2 k2: 6×6 → pool 3/2: 2×2 → 8 → 3
        assertArrayEquals(new long[] {2, 3}, net.forward(x).shape());
        GradientCheck.Report report = GradientCheck.check(net, x, seed);
        assertTrue(report.passed(), report::toString);
    }
}
