package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class L1LossTest {

    @Test
    void isTheMeanOrSumOfAbsoluteErrorsWithGradientZeroWherePredictionEqualsTarget() {
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray p = Nd4j.createFromArray(new double[][] {{1, 0}, {5.5, 4}});
        assertEquals((0 + 2 + 2.5 + 0) / 4, new L1Loss().forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -0.25}, {0.25, 0}}), new L1Loss().backward(t, p));
        assertEquals(4.5, new L1Loss(Reduction.SUM).forward(t, p), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -1}, {1, 0}}), new L1Loss(Reduction.SUM).backward(t, p));
    }

    /** PyTorch 1.13: NaN and +Inf give a NaN and an infinite loss; the gradient is sign(+Inf) = 1 and sign(NaN) = 0. */
    @Test
    void nanAndInfPredictionsAsPyTorch() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray t = Nd4j.zeros(type, 3);
            INDArray p = Nd4j.createFromArray(Double.NaN, 1, -2).castTo(type);
            assertEquals(Double.NaN, new L1Loss().forward(t, p));
            assertEquals(Nd4j.createFromArray(0.0, 1.0 / 3, -1.0 / 3).castTo(type), new L1Loss().backward(t, p), type.toString());
            INDArray inf = Nd4j.createFromArray(Double.POSITIVE_INFINITY, 1, -2).castTo(type);
            assertEquals(Double.POSITIVE_INFINITY, new L1Loss().forward(t, inf));
            assertEquals(Nd4j.createFromArray(1.0 / 3, 1.0 / 3, -1.0 / 3).castTo(type), new L1Loss().backward(t, inf), type.toString());
        }
    }

    @Test
    void rejectsKLDivLossesReductionAndNamesItsOptions() {
        assertEquals("L1Loss: expected reduction MEAN or SUM, found BATCH_MEAN (KLDivLoss's only)",
                assertThrows(IllegalArgumentException.class, () -> new L1Loss(Reduction.BATCH_MEAN)).getMessage());
        assertEquals("L1Loss: expected reduction MEAN or SUM, found null",
                assertThrows(IllegalArgumentException.class, () -> new L1Loss(null)).getMessage());
        assertEquals("L1Loss(reduction=MEAN)", new L1Loss().toString());
        assertEquals(Reduction.SUM, new L1Loss(Reduction.SUM).reduction());
    }
}
