package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.testing.TestArrays;

class SoftmaxTest {

    @Test
    void isExpOverSumOfExpAlongAxis1() {
        INDArray y = new Softmax().forward(Nd4j.createFromArray(new double[][] {{0, Math.log(3)}, {1, 1}}));
        assertTrue(Nd4j.createFromArray(new double[][] {{0.25, 0.75}, {0.5, 0.5}}).equalsWithEps(y, 1e-15), y.toString());
    }

    @Test
    void normalisesAxis1OfRank4InputsNotTheLastAxis() {
        INDArray x = TestArrays.uniform(3, DataType.DOUBLE, 2, 3, 2, 2);
        INDArray sums = new Softmax().forward(x).sum(1);
        assertTrue(Nd4j.ones(DataType.DOUBLE, 2, 2, 2).equalsWithEps(sums, 1e-12), sums.toString());
    }

    @Test
    void logitsOfPlusMinus1000GiveFiniteOutputAndGradient() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1000, -1000, 0}, {1000, 1000, -1000}});
        INDArray y = new Softmax().forward(x);
        assertTrue(Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0.5, 0.5, 0}}).equalsWithEps(y, 1e-15), y.toString());
        INDArray g = new Softmax().backwardDelta(x, TestArrays.uniform(1, DataType.DOUBLE, 2, 3));
        assertEquals(0, g.isInfinite().castTo(DataType.INT).sumNumber().intValue() + g.isNaN().castTo(DataType.INT).sumNumber().intValue());
    }

    @Test
    void oneClassGivesOneOrNaNForANonFiniteInputAsPyTorch() {   // torch.softmax(tensor([[2.], [nan], [inf]]), 1)
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.createFromArray(new double[][] {{2}, {Double.NaN}, {Double.POSITIVE_INFINITY}}).castTo(t);
            INDArray y = new Softmax().forward(x);
            assertEquals(1.0, y.getDouble(0, 0), 0.0, t.toString());
            assertTrue(Double.isNaN(y.getDouble(1, 0)) && Double.isNaN(y.getDouble(2, 0)), t + ": " + y);
            INDArray dx = new Softmax().backwardDelta(x, Nd4j.ones(t, 3, 1));
            assertEquals(0.0, dx.getDouble(0, 0), 0.0, t.toString());
            assertTrue(Double.isNaN(dx.getDouble(1, 0)) && Double.isNaN(dx.getDouble(2, 0)), t + ": " + dx);
        }
    }

    @Test
    void rejectsRank1InputNamingTheModule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Softmax().forward(Nd4j.zeros(5)));
        assertEquals("Softmax: expected input of rank at least 2 [N, C, ...] (it works over axis 1), found rank 1"
                + " with shape [5]", e.getMessage());
    }


    /** An empty batch gives an empty output, as in PyTorch (ND4J's native softmax crashed the JVM on it). */
    @Test
    void anEmptyBatchGivesAnEmptyResult() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray empty = Nd4j.create(t, 0, 5);
            for (Module m : new Module[] {new Softmax(), new LogSoftmax()}) {
                assertArrayEquals(new long[] {0, 5}, m.forward(empty).shape(), m + " " + t);
                assertEquals(t, m.backwardDelta(empty, empty).dataType());
                assertTrue(m.backwardDelta(empty, empty).isEmpty());
            }
        }
    }
}
