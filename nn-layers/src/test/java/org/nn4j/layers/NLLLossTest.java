package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class NLLLossTest {

    @Test
    void isMinusMeanOfTheTargetLogProbability() {
        INDArray logp = Nd4j.createFromArray(new double[][] {{-1, -2, -3}, {-4, -5, -6}});
        assertEquals((2 + 4) / 2.0, new NLLLoss().forward(Nd4j.createFromArray(1, 0), logp), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -0.5, 0}, {-0.5, 0, 0}}),
                new NLLLoss().backward(Nd4j.createFromArray(1, 0), logp));
    }

    @Test
    void logSoftmaxThenNllEqualsCrossEntropyOnLogits() {
        INDArray logits = TestArrays.uniform(1, DataType.DOUBLE, 6, 4);
        INDArray t = Nd4j.createFromArray(3, 0, 1, 2, 2, 0);
        LogSoftmax logSoftmax = new LogSoftmax();
        INDArray logp = logSoftmax.forward(logits);
        assertEquals(new CrossEntropyLoss().forward(t, logits), new NLLLoss().forward(t, logp), 1e-12);
        INDArray chained = logSoftmax.backwardDelta(logits, new NLLLoss().backward(t, logp));
        Reference.assertClose("chained gradient", new CrossEntropyLoss().backward(t, logits), chained);
    }

    @Test
    void oneHotTargetsGiveTheSameAsIndicesAndKeepFloat32() {
        INDArray logp = TestArrays.uniform(2, DataType.FLOAT, -3.0, 0.0, 3, 2);
        INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}, {0, 1}});
        INDArray indices = Nd4j.createFromArray(1, 0, 1);
        assertEquals(new NLLLoss().forward(indices, logp), new NLLLoss().forward(oneHot, logp), 1e-7);
        assertEquals(new NLLLoss().backward(indices, logp), new NLLLoss().backward(oneHot, logp));
        assertEquals(DataType.FLOAT, new NLLLoss().backward(indices, logp).dataType());
    }

    @Test
    void rejectsOutOfRangeIndicesAndShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().forward(Nd4j.createFromArray(3), Nd4j.zeros(1, 3)));
        assertEquals("NLLLoss: class index 3 at target[0] is outside [0, 3) (prediction [1, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().backward(Nd4j.zeros(2, 4), Nd4j.zeros(2, 3)));
        assertEquals("NLLLoss: target and prediction shapes differ: target [2, 4], prediction [2, 3]"
                + " (expected class indices [2] or [2, 1], or one-hot [2, 3])", e.getMessage());
    }
}
