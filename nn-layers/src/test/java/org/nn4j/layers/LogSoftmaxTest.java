package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LogSoftmaxTest {

    @Test
    void isTheLogOfSoftmax() {
        INDArray y = new LogSoftmax().forward(Nd4j.createFromArray(new double[][] {{0, Math.log(3)}}));
        assertTrue(Nd4j.createFromArray(new double[][] {{Math.log(0.25), Math.log(0.75)}}).equalsWithEps(y, 1e-15));
    }

    /** ND4J's native log_softmax returns −∞ here (the log of an underflowed softmax); ours the exact −2000. */
    @Test
    void logitsOfPlusMinus1000GiveExactFiniteValues() {
        INDArray y = new LogSoftmax().forward(Nd4j.createFromArray(new double[][] {{1000, -1000}, {-1000, -1000}}));
        assertTrue(Nd4j.createFromArray(new double[][] {{0, -2000}, {-Math.log(2), -Math.log(2)}}).equalsWithEps(y, 1e-12),
                y.toString());
        assertEquals(DataType.FLOAT, new LogSoftmax().forward(Nd4j.createFromArray(new float[][] {{1000, -1000}})).dataType());
    }

    @Test
    void backwardIsDeltaMinusSoftmaxTimesRowSumOfDelta() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0, Math.log(3)}});
        INDArray g = new LogSoftmax().backwardDelta(x, Nd4j.createFromArray(new double[][] {{1, 3}}));
        assertTrue(Nd4j.createFromArray(new double[][] {{1 - 0.25 * 4, 3 - 0.75 * 4}}).equalsWithEps(g, 1e-12), g.toString());
    }

    @Test
    void rejectsRank1InputNamingTheModule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogSoftmax().forward(Nd4j.zeros(4)));
        assertEquals("LogSoftmax: expected input of rank at least 2 [N, C, ...] (it works over axis 1), found rank 1"
                + " with shape [4]", e.getMessage());
    }
}
