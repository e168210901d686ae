package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HuberLossTest {

    /** d = 1, 2 (the joint at δ = 2), −3: 0.5·d² below δ, δ·(|d| − δ/2) from δ on; values PyTorch 1.13 gives. */
    @Test
    void isHalfTheSquareBelowDeltaAndDeltaTimesTheAbsoluteValueMinusHalfDeltaAbove() {
        INDArray t = Nd4j.createFromArray(1.0, 1.0, 1.0);
        INDArray p = Nd4j.createFromArray(2.0, 3.0, -2.0);
        HuberLoss loss = new HuberLoss(2, Reduction.SUM);
        assertEquals(0.5 + 2 + 4, loss.forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(1.0, 2.0, -2.0), loss.backward(t, p));
        assertEquals((0.5 + 2 + 4) / 3, new HuberLoss(2).forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(1.0, 2.0, -2.0).divi(3), new HuberLoss(2).backward(t, p));
    }

    @Test
    void isSmoothL1TimesDelta() {
        INDArray t = org.nn4j.core.testing.TestArrays.uniform(3, DataType.DOUBLE, -2.0, 2.0, 4, 5);
        INDArray p = org.nn4j.core.testing.TestArrays.uniform(4, DataType.DOUBLE, -2.0, 2.0, 4, 5);
        assertEquals(0.75 * new SmoothL1Loss(0.75).forward(t, p), new HuberLoss(0.75).forward(t, p), 1e-15);
        assertTrue(new SmoothL1Loss(0.75).backward(t, p).muli(0.75).equalsWithEps(new HuberLoss(0.75).backward(t, p), 1e-15));
    }

    /** PyTorch 1.13: NaN gives a NaN loss and gradient at its element; +Inf an infinite loss and gradient δ/numel. */
    @Test
    void nanAndInfPredictionsAsPyTorch() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray t = Nd4j.zeros(type, 2);
            INDArray nan = Nd4j.createFromArray(Double.NaN, 0.25).castTo(type);
            assertEquals(Double.NaN, new HuberLoss(0.5).forward(t, nan));
            assertTrue(Double.isNaN(new HuberLoss(0.5).backward(t, nan).getDouble(0)));
            INDArray inf = Nd4j.createFromArray(Double.POSITIVE_INFINITY, 0.25).castTo(type);
            assertEquals(Double.POSITIVE_INFINITY, new HuberLoss(0.5).forward(t, inf));
            assertEquals(0.25, new HuberLoss(0.5).backward(t, inf).getDouble(0), type.toString());
        }
    }

    @Test
    void rejectsANonPositiveDeltaAndKLDivLossesReductionAndNamesItsOptions() {
        assertEquals("HuberLoss: expected a finite delta > 0, found 0.0",
                assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0)).getMessage());
        assertEquals("HuberLoss: expected a finite delta > 0, found Infinity",
                assertThrows(IllegalArgumentException.class, () -> new HuberLoss(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("HuberLoss: expected reduction MEAN or SUM, found BATCH_MEAN (KLDivLoss's only)",
                assertThrows(IllegalArgumentException.class, () -> new HuberLoss(1, Reduction.BATCH_MEAN)).getMessage());
        assertEquals("HuberLoss(delta=2.5, reduction=SUM)", new HuberLoss(2.5, Reduction.SUM).toString());
        assertEquals(2.5, new HuberLoss(2.5).delta());
    }
}
