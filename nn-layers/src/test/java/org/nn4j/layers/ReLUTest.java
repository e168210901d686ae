package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ReLUTest {

    @Test
    void zeroesNegativesAndPassesPositives() {
        var x = Nd4j.createFromArray(new double[][] {{-2, 0, 3}, {1.5, -0.5, 0}});
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 0, 3}, {1.5, 0, 0}}), new ReLU().forward(x));
    }

    @Test
    void gradientIsDeltaWherePositiveAndZeroAtAndBelowZeroLikePyTorch() {
        var x = Nd4j.createFromArray(new float[][] {{-2, 0, 3}, {1.5f, -0.5f, 1e-30f}});
        var delta = Nd4j.createFromArray(new float[][] {{10, 20, 30}, {40, 50, 60}});
        var expected = Nd4j.createFromArray(new float[][] {{0, 0, 30}, {40, 0, 60}});
        assertEquals(expected, new ReLU().backwardDelta(x, delta));
        assertEquals(DataType.FLOAT, new ReLU().backwardDelta(x, delta).dataType());
    }

    @Test
    void rejectsDeltaOfAnotherShapeNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReLU().backwardDelta(Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)));
        assertEquals("ReLU: delta must be shaped like the output [2, 3] of input [2, 3], found [3, 2]", e.getMessage());
    }
}
