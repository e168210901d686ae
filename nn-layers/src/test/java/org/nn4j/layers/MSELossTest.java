package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.TestArrays;

class MSELossTest {

    @Test
    void isTheMeanOfSquaredErrorsOverAllElements() {
        var y = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        var p = Nd4j.createFromArray(new double[][] {{1, 0}, {5, 4}});
        assertEquals((0 + 4 + 4 + 0) / 4.0, new MSELoss().forward(y, p), 1e-12);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -1}, {1, 0}}), new MSELoss().backward(y, p));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientCheck.assertLossGradients(new MSELoss(), TestArrays.uniform(1, DataType.DOUBLE, 7, 3),
                TestArrays.uniform(2, DataType.DOUBLE, 7, 3));
    }

    @Test
    void rejectsShapeMismatchNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(Nd4j.zeros(4, 1), Nd4j.zeros(4, 2)));
        assertEquals("MSELoss: target and prediction shapes differ: target [4, 1], prediction [4, 2]", e.getMessage());
    }
}
