package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LeakyReLUTest {

    @Test
    void scalesNegativesBySlopeAndPassesPositives() {
        INDArray x = Nd4j.createFromArray(new double[][] {{-2, 0, 3}, {1.5, -0.5, 0}});
        assertEquals(Nd4j.createFromArray(new double[][] {{-0.5, 0, 3}, {1.5, -0.125, 0}}), new LeakyReLU(0.25).forward(x));
    }

    /** PyTorch's convention; ND4J's own lrelu_bp gives 1 at 0. */
    @Test
    void gradientAtZeroIsTheSlopeInFloat32AndFloat64() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.createFromArray(new float[][] {{-2, 0, 3}, {1.5f, -0.5f, 0}}).castTo(type);
            INDArray delta = Nd4j.createFromArray(new float[][] {{10, 20, 30}, {40, 50, 60}}).castTo(type);
            INDArray expected = Nd4j.createFromArray(new float[][] {{2.5f, 5, 30}, {40, 12.5f, 15}}).castTo(type);
            assertEquals(expected, new LeakyReLU(0.25).backwardDelta(x, delta), type.toString());
        }
    }

    @Test
    void defaultSlopeIsPyTorchs() {
        assertEquals(0.01, new LeakyReLU().negativeSlope());
        assertEquals("LeakyReLU(negativeSlope=0.01)", new LeakyReLU().toString());
    }

    @Test
    void rejectsANonFiniteSlope() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Double.NaN));
        assertEquals("LeakyReLU: negativeSlope must be finite, found NaN", e.getMessage());
    }
}
