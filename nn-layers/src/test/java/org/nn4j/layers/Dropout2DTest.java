package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.TestArrays;

class Dropout2DTest {

    /** Each channel of each sample of {@code y} as a row: {@code [N·C, H·W…]}. */
    private static INDArray channels(INDArray y) {
        return y.dup('c').reshape(y.size(0) * y.size(1), -1);
    }

    @Test
    void wholeChannelsAreDroppedWithProbabilityPAndKeptOnesScaled() {
        for (long[] shape : new long[][] {{100, 200, 2, 3}, {100, 200, 5}}) {
            INDArray x = Nd4j.ones(DataType.DOUBLE, shape);
            INDArray rows = channels(new Dropout2D(0.3, 7).forward(x));
            INDArray min = rows.min(1);
            INDArray max = rows.max(1);
            assertEquals(min, max, "every channel is constant: dropped or kept as a whole");
            double dropped = max.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            double kept = max.eq(1 / 0.7).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            assertEquals(1.0, dropped + kept, 1e-12, "every channel is either 0 or 1/(1 − p)");
            // 20000 Bernoulli(0.3) draws: standard deviation 0.0032, so ±0.02 is over 6 sigma.
            assertEquals(0.3, dropped, 0.02, java.util.Arrays.toString(shape));
        }
    }

    @Test
    void theMaskIsOnePerSampleAndChannelAndBackwardUsesIt() {
        Dropout2D d = new Dropout2D(0.5, 3);
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 3, 4, 2, 5);
        INDArray y = d.forward(x);
        INDArray mask = d.mask();
        assertEquals(java.util.List.of(3L, 4L), java.util.Arrays.stream(mask.shape()).boxed().toList());
        INDArray expected = x.mul(mask.reshape(3, 4, 1, 1));
        assertTrue(expected.equalsWithEps(y, 1e-15));
        INDArray delta = TestArrays.uniform(2, DataType.DOUBLE, 3, 4, 2, 5);
        assertTrue(delta.mul(mask.reshape(3, 4, 1, 1)).equalsWithEps(d.backwardDelta(x, delta), 1e-15));
    }

    @Test
    void evalModeIsTheIdentityAndBackwardPassesDeltaThrough() {
        Dropout2D d = new Dropout2D(0.9, 1);
        d.eval();
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 3, 4);
        assertEquals(x, d.forward(x));
        assertEquals(x, d.backwardDelta(x, x));
    }

    @Test
    void gradientsInTrainingModeWithAFrozenMaskMatchFiniteDifferences() {
        for (long[] shape : new long[][] {{3, 4, 2, 3}, {2, 5, 3}}) {
            Dropout2D d = new Dropout2D(0.5, 11).freezeMask();
            GradientCheck.Report report = GradientCheck.check(d, TestArrays.uniform(4, DataType.DOUBLE, shape), 5);
            assertTrue(report.passed(), report::toString);
            double zeros = d.mask().eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
            assertTrue(zeros > 0 && zeros < d.mask().length(), "the mask drops some channels and keeps others: " + d.mask());
        }
    }

    @Test
    void sameSeedSameMasksAndSuccessiveForwardsDrawNewMasks() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 16, 2, 2);
        Dropout2D a = new Dropout2D(0.5, 42);
        Dropout2D b = new Dropout2D(0.5, 42);
        INDArray first = a.forward(x);
        assertEquals(first, b.forward(x));
        INDArray second = a.forward(x);
        assertNotEquals(first, second);
        assertEquals(second, b.forward(x));
        assertNotEquals(first, new Dropout2D(0.5, 43).forward(x));
        a.freezeMask();
        INDArray frozen = a.forward(x);
        assertEquals(frozen, a.forward(x.mul(1)));
        a.unfreezeMask();
        assertNotEquals(frozen, a.forward(x));
    }

    @Test
    void pOfOneDropsEverythingWithoutNaNAndPOfZeroKeepsEverything() {
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 2, 3, 4);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 2, 3, 4), new Dropout2D(1, 1).forward(x));
        assertEquals(x, new Dropout2D(0, 1).forward(x));
    }

    @Test
    void rejectsPOutsideZeroOneAndInputsOfAnotherRank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout2D(-0.1));
        assertEquals("Dropout2D: p must be in [0, 1], found -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dropout2D(Double.NaN, 1));
        assertEquals("Dropout2D: p must be in [0, 1], found NaN", e.getMessage());
        for (long[] shape : new long[][] {{3, 4}, {2, 3, 4, 5, 6}}) {
            e = assertThrows(IllegalArgumentException.class, () -> new Dropout2D(0.5, 1).forward(Nd4j.zeros(DataType.FLOAT, shape)));
            assertEquals("Dropout2D: expected input [N, C, H, W] or [N, C, L], found rank " + shape.length + " with shape "
                    + java.util.Arrays.toString(shape), e.getMessage());
        }
    }

    @Test
    void backwardWithoutAMaskOfTheRightShapeSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dropout2D(0.5, 1).backwardDelta(Nd4j.ones(2, 3, 4, 4), Nd4j.ones(2, 3, 4, 4)));
        assertEquals("Dropout2D: backward needs the mask of the last training-mode forward, which is shaped"
                + " (none: forward was never called), but delta is [2, 3, 4, 4]", e.getMessage());
        Dropout2D d = new Dropout2D(0.5, 1);
        d.forward(Nd4j.ones(2, 3, 2, 2));
        e = assertThrows(IllegalArgumentException.class, () -> d.backwardDelta(Nd4j.ones(4, 3, 2, 2), Nd4j.ones(4, 3, 2, 2)));
        assertEquals("Dropout2D: backward needs the mask of the last training-mode forward, which is shaped [2, 3]"
                + " (one per sample and channel), but delta is [4, 3, 2, 2]", e.getMessage());
    }

    @Test
    void printsItself() {
        assertEquals("Dropout2D(p=0.25)", new Dropout2D(0.25, 1).toString());
        assertEquals("Dropout2D(p=0.25, frozen mask)", new Dropout2D(0.25, 1).freezeMask().toString());
    }
}
