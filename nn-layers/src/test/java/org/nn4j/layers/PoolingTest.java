package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

/** MaxPool2D and MaxPool1D. */
class PoolingTest {

    @Test
    void maxPool2dKeepsTheMaximumOfEachWindowAndRoutesTheDeltaToIt() {
        INDArray x = Nd4j.createFromArray(new float[] {
            1, 5, 2, 0,
            3, 4, 8, 1,
            0, 0, 1, 1,
            9, 0, 1, 2}).reshape(1, 1, 4, 4);
        MaxPool2D pool = new MaxPool2D(2);
        assertEquals(Nd4j.createFromArray(new float[] {5, 8, 9, 2}).reshape(1, 1, 2, 2), pool.forward(x));
        INDArray d = Nd4j.createFromArray(new float[] {10, 20, 30, 40}).reshape(1, 1, 2, 2);
        assertEquals(Nd4j.createFromArray(new float[] {
            0, 10, 0, 0,
            0, 0, 20, 0,
            0, 0, 0, 0,
            30, 0, 0, 40}).reshape(1, 1, 4, 4), pool.backwardDelta(x, d));
    }

    @Test
    void maxPool1dKeepsTheMaximumOfEachWindow() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 5, 2, 0, 3, 7, 4}).reshape(1, 1, 7);
        assertEquals(Nd4j.createFromArray(new float[] {5, 3, 7}).reshape(1, 1, 3), new MaxPool1D(3, 2).forward(x));
    }

    @Test
    void float32AgreesWithFloat64() {
        long seed = TestArrays.testSeed("PoolingTest.float32AgreesWithFloat64");
        INDArray x = SpecCases.withoutTies(seed, DataType.DOUBLE, new long[] {2, 3, 9, 8});
        INDArray d = TestArrays.uniform(seed + 1, DataType.DOUBLE, 2, 3, 4, 3);
        MaxPool2D pool = new MaxPool2D(3, 2);
        assertEquals(pool.forward(x).castTo(DataType.FLOAT), pool.forward(x.castTo(DataType.FLOAT)));
        assertEquals(pool.backwardDelta(x, d).castTo(DataType.FLOAT),
                pool.backwardDelta(x.castTo(DataType.FLOAT), d.castTo(DataType.FLOAT)));
    }

    @Test
    void maxPool2dRejectsARank3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertEquals("MaxPool2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]", e.getMessage());
    }

    @Test
    void maxPool2dRejectsAKernelLargerThanTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(3).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 5)));
        assertEquals("MaxPool2D: kernel 3×3 is larger than the input 2×5 (input shape [1, 2, 2, 5])", e.getMessage());
    }

    @Test
    void maxPool1dRejectsBadInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool1D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5)));
        assertEquals("MaxPool1D: expected input [N, C, L], found rank 2 with shape [2, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool1D(4).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 3)));
        assertEquals("MaxPool1D: kernel 4 is larger than the input 3 (input shape [1, 2, 3])", e.getMessage());
    }

    @Test
    void maxPoolRejectsADeltaOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(2).backwardDelta(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 4), Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 4)));
        assertEquals("MaxPool2D: delta must be shaped like the output [1, 2, 2, 2] of input [1, 2, 4, 4], found [1, 2, 4, 4]",
                e.getMessage());
    }

    @Test
    void printsItsWindow() {
        assertEquals("MaxPool2D(kernel=2×2, stride=2×2)", new MaxPool2D(2).toString());
        assertEquals("MaxPool1D(kernel=3, stride=2)", new MaxPool1D(3, 2).toString());
    }
}
