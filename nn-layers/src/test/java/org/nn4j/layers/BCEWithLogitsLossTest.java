package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class BCEWithLogitsLossTest {

    @Test
    void equalsSigmoidThenBce() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, -4.0, 4.0, 5, 2);
        INDArray t = TestArrays.uniform(2, DataType.DOUBLE, 0.0, 1.0, 5, 2);
        Sigmoid sigmoid = new Sigmoid();
        INDArray p = sigmoid.forward(x);
        assertEquals(new BCELoss().forward(t, p), new BCEWithLogitsLoss().forward(t, x), 1e-12);
        INDArray chained = sigmoid.backwardDelta(x, new BCELoss().backward(t, p));
        assertTrue(chained.equalsWithEps(new BCEWithLogitsLoss().backward(t, x), 1e-12));
    }

    @Test
    void logitsOfPlusMinus1000AreExactAndFinite() {
        INDArray x = Nd4j.createFromArray(1000f, -1000f, 1000f);
        INDArray t = Nd4j.createFromArray(1f, 0f, 0f);
        assertEquals(1000 / 3.0, new BCEWithLogitsLoss().forward(t, x), 1e-3);
        INDArray g = new BCEWithLogitsLoss().backward(t, x);
        assertEquals(Nd4j.createFromArray(0f, 0f, 1f / 3), g);
    }

    @Test
    void rejectsTargetsOutsideZeroOneAndShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCEWithLogitsLoss().forward(Nd4j.createFromArray(0.5, 3.0), Nd4j.zeros(2)));
        assertEquals("BCEWithLogitsLoss: expected every target in [0, 1], found 3 at index [1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCEWithLogitsLoss().backward(Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)));
        assertEquals("BCEWithLogitsLoss: target and prediction shapes differ: target [2, 3], prediction [3, 2]",
                e.getMessage());
    }

    /** What a metric needs to read a one-column prediction as the loss does (class 1 above 0 for a logit). */
    @Test
    void lossesSayWhetherTheyTakeLogits() {
        assertTrue(new BCEWithLogitsLoss().takesLogits());
        assertTrue(new CrossEntropyLoss().takesLogits());
        assertFalse(CrossEntropyLoss.onProbabilities().takesLogits());
        assertFalse(new BCELoss().takesLogits());
        assertFalse(new MSELoss().takesLogits());
    }
}
