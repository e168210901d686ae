package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class DropoutTest {

    @Test
    void keptUnitsAreScaledByOneOverOneMinusPAndAboutPAreDropped() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 200, 100);
        INDArray y = new Dropout(0.3, 7).forward(x);
        double dropped = y.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        double kept = y.eq(1 / 0.7).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(1.0, dropped + kept, 1e-12, "every unit is either 0 or 1/(1 − p)");
        // 20000 Bernoulli(0.3) draws: standard deviation 0.0032, so ±0.02 is over 6 sigma.
        assertEquals(0.3, dropped, 0.02);
    }

    @Test
    void evalModeIsTheIdentityAndBackwardPassesDeltaThrough() {
        Dropout d = new Dropout(0.9, 1);
        d.eval();
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 3, 4);
        assertEquals(x, d.forward(x));
        assertEquals(x, d.backwardDelta(x, x));
    }

    @Test
    void sameSeedSameMasksAndSuccessiveForwardsDrawNewMasks() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 16);
        Dropout a = new Dropout(0.5, 42);
        Dropout b = new Dropout(0.5, 42);
        INDArray first = a.forward(x);
        assertEquals(first, b.forward(x));
        INDArray second = a.forward(x);
        assertNotEquals(first, second);
        assertEquals(second, b.forward(x));
        assertNotEquals(first, new Dropout(0.5, 43).forward(x));
    }

    @Test
    void freezeMaskKeepsTheMaskAcrossForwardsAndUnfreezeDrawsAgain() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 8, 16);
        Dropout d = new Dropout(0.5, 3);
        d.forward(x);
        d.freezeMask();
        INDArray frozen = d.forward(x);
        assertEquals(frozen, d.forward(x.mul(1)));
        d.unfreezeMask();
        assertNotEquals(frozen, d.forward(x));
    }

    @Test
    void backwardUsesTheMaskOfTheLastForwardInEitherOrder() {
        Dropout d = new Dropout(0.4, 11);
        INDArray x = TestArrays.uniform(2, DataType.DOUBLE, 5, 6);
        INDArray delta = TestArrays.uniform(3, DataType.DOUBLE, 5, 6);
        INDArray y = d.forward(x);
        INDArray expected = delta.mul(y.div(x));
        d.backwardUpdateGradient(x, delta);
        assertTrue(expected.equalsWithEps(d.backwardDelta(x, delta), 1e-12));
        assertTrue(expected.equalsWithEps(d.backwardDelta(x, delta), 1e-12), "a second call gives the same");
    }

    @Test
    void pOfOneDropsEverythingWithoutNaNAndPOfZeroKeepsEverything() {
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 4, 4);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 4, 4), new Dropout(1, 1).forward(x));
        assertEquals(x, new Dropout(0, 1).forward(x));
    }

    @Test
    void rejectsPOutsideZeroOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("Dropout: p must be in [0, 1], found 1.5", e.getMessage());
    }

    @Test
    void backwardWithAnotherShapeThanTheLastForwardNamesBoth() {
        Dropout d = new Dropout(0.5, 1);
        d.forward(Nd4j.ones(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.backwardDelta(Nd4j.ones(4, 3), Nd4j.ones(4, 3)));
        assertEquals("Dropout: backward needs the mask of the last training-mode forward, which is shaped [2, 3],"
                + " but delta is [4, 3]", e.getMessage());
    }

    @Test
    void backwardBeforeAnyForwardSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(0.5, 1).backwardDelta(Nd4j.ones(2, 3), Nd4j.ones(2, 3)));
        assertEquals("Dropout: backward needs the mask of the last training-mode forward, which is shaped"
                + " (none: forward was never called), but delta is [2, 3]", e.getMessage());
    }

    @Test
    void theMaskDependsOnTheShapeNotOnTheInputsLayout() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[] shape : new long[][] {{8, 16}, {3, 5}, {2, 3, 4, 5}, {7}}) {
                INDArray c = TestArrays.uniform(4, dtype, shape).addi(1);
                INDArray f = c.dup('f');
                INDArray view = Nd4j.zeros(dtype, 3, c.length()).dup('f').getRow(1).reshape('f', shape);
                view.assign(c);
                for (INDArray x : new INDArray[] {f, view}) {
                    Dropout fromC = new Dropout(0.5, 9);
                    Dropout other = new Dropout(0.5, 9);
                    for (int k = 0; k < 3; k++) {
                        INDArray expected = fromC.forward(c);
                        INDArray found = other.forward(x);
                        assertEquals(expected, found, dtype + " " + java.util.Arrays.toString(shape) + " " + x.ordering()
                                + " forward " + k);
                        assertEquals(fromC.mask(), other.mask());
                        assertEquals(fromC.backwardDelta(c, c), other.backwardDelta(x, x));
                    }
                }
            }
        }
    }
}
