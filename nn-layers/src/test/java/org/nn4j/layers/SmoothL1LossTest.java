package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SmoothL1LossTest {

    /** d = 0.25, 0.5 (the joint at β = 0.5), −2: 0.5·d²/β below β, |d| − β/2 from β on; values PyTorch 1.13 gives. */
    @Test
    void isHalfTheSquareOverBetaBelowBetaAndTheAbsoluteValueMinusHalfBetaAbove() {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 3);
        INDArray p = Nd4j.createFromArray(0.25, 0.5, -2.0);
        SmoothL1Loss loss = new SmoothL1Loss(0.5, Reduction.SUM);
        assertEquals(0.0625 + 0.25 + 1.75, loss.forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(0.5, 1.0, -1.0), loss.backward(t, p));
        assertEquals((0.0625 + 0.25 + 1.75) / 3, new SmoothL1Loss(0.5).forward(t, p), 1e-15);
        assertEquals((0.25 * 0.25 / 2 + 0.5 * 0.5 / 2 + 1.5) / 3, new SmoothL1Loss().forward(t, p), 1e-15);
    }

    /** β = 0: the L1 loss, and PyTorch 1.13's gradient: +1 above 0, −1 at and below 0. */
    @Test
    void betaZeroIsL1WithGradientMinusOneAtZero() {
        INDArray t = Nd4j.createFromArray(1.0, 1.0, 1.0, 1.0);
        INDArray p = Nd4j.createFromArray(1.0, 3.0, -1.0, 1.5);
        assertEquals(4.5, new SmoothL1Loss(0, Reduction.SUM).forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(-1.0, 1.0, -1.0, 1.0), new SmoothL1Loss(0, Reduction.SUM).backward(t, p));
        assertEquals(new L1Loss().forward(t, p), new SmoothL1Loss(0).forward(t, p), 1e-15);
    }

    /** PyTorch 1.13: NaN gives a NaN loss and a NaN gradient at its element; +Inf an infinite loss and gradient 1/numel. */
    @Test
    void nanAndInfPredictionsAsPyTorch() {
        for (double beta : new double[] {1, 0.5}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray t = Nd4j.zeros(type, 2);
                INDArray nan = Nd4j.createFromArray(Double.NaN, 0.25).castTo(type);
                assertEquals(Double.NaN, new SmoothL1Loss(beta).forward(t, nan));
                INDArray g = new SmoothL1Loss(beta).backward(t, nan);
                assertTrue(Double.isNaN(g.getDouble(0)), g.toString());
                assertEquals(0.25 / beta / 2, g.getDouble(1), 1e-7);
                INDArray inf = Nd4j.createFromArray(Double.POSITIVE_INFINITY, 0.25).castTo(type);
                assertEquals(Double.POSITIVE_INFINITY, new SmoothL1Loss(beta).forward(t, inf));
                assertEquals(0.5, new SmoothL1Loss(beta).backward(t, inf).getDouble(0), type + " beta " + beta);
            }
        }
    }

    @Test
    void rejectsNegativeBetaAndKLDivLossesReductionAndNamesItsOptions() {
        assertEquals("SmoothL1Loss: expected a finite beta >= 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1)).getMessage());
        assertEquals("SmoothL1Loss: expected a finite beta >= 0, found NaN",
                assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(Double.NaN)).getMessage());
        assertEquals("SmoothL1Loss: expected reduction MEAN or SUM, found BATCH_MEAN (KLDivLoss's only)",
                assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(1, Reduction.BATCH_MEAN)).getMessage());
        assertEquals("SmoothL1Loss(beta=1.0, reduction=MEAN)", new SmoothL1Loss().toString());
        assertEquals(0.5, new SmoothL1Loss(0.5).beta());
        assertEquals(Reduction.SUM, new SmoothL1Loss(0.5, Reduction.SUM).reduction());
    }
}
