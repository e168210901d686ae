package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Upsample2D and Flatten. */
class ReshapingTest {

    @Test
    void upsampleRepeatsEachPixelIntoABlock() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        INDArray expected = Nd4j.createFromArray(new float[] {
            1, 1, 2, 2,
            1, 1, 2, 2,
            1, 1, 2, 2,
            3, 3, 4, 4,
            3, 3, 4, 4,
            3, 3, 4, 4}).reshape(1, 1, 6, 4);
        Upsample2D up = new Upsample2D(3, 2);
        assertEquals(expected, up.forward(x));
        assertEquals(Nd4j.createFromArray(new float[] {6, 6, 6, 6}).reshape(1, 1, 2, 2),
                up.backwardDelta(x, Nd4j.ones(DataType.FLOAT, 1, 1, 6, 4)), "each pixel gathers its 3×2 block");
    }

    @Test
    void upsampleRejectsARank3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Upsample2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertEquals("Upsample2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]", e.getMessage());
    }

    @Test
    void flattenKeepsTheBatchAxisAndBackwardRestoresTheShape() {
        INDArray x = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 2, 2);
        Flatten flatten = new Flatten();
        INDArray y = flatten.forward(x);
        assertEquals(Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 12), y);
        INDArray d = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 12);
        assertEquals(x, flatten.backwardDelta(x, d));
        y.assign(-1);
        assertEquals(Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 2, 2), x, "the output is a copy, not a view of the input");
    }

    @Test
    void flattenRejectsADeltaOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Flatten().backwardDelta(Nd4j.zeros(DataType.FLOAT, 2, 3, 4), Nd4j.zeros(DataType.FLOAT, 2, 13)));
        assertEquals("Flatten: delta must be shaped like the output [2, 12] of input [2, 3, 4], found [2, 13]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Nd4j.zeros(DataType.FLOAT, 5)));
        assertEquals("Flatten: expected input [N, ...] of rank at least 2, found rank 1 with shape [5]", e.getMessage());
    }

    @Test
    void printsThemselves() {
        assertEquals("Upsample2D(scale=2)", new Upsample2D(2).toString());
        assertEquals("Upsample2D(scale=3×2)", new Upsample2D(3, 2).toString());
        assertEquals("Flatten()", new Flatten().toString());
    }
}
