package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvTranspose2DTest {

    @Test
    void scattersEachPixelIntoAKernelSizedBlock() {
        ConvTranspose2D up = new ConvTranspose2D(1, 1, 2, 2, 0, 0, true, 1);
        up.weight().set(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        up.bias().set(Nd4j.createFromArray(0.5f));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        INDArray expected = Nd4j.createFromArray(new float[] {
            1, 1, 2, 2,
            1, 1, 2, 2,
            3, 3, 4, 4,
            3, 3, 4, 4}).reshape(1, 1, 4, 4).addi(0.5f);
        assertEquals(expected, up.forward(x));
    }

    @Test
    void outputPaddingAddsRowsAndColumnsAtTheBottomRight() {
        ConvTranspose2D up = new ConvTranspose2D(2, 3, 3, 2, 1, 1, true, 4);
        assertArrayEquals(new long[] {1, 3, 10, 8}, up.forward(Nd4j.ones(DataType.FLOAT, 1, 2, 5, 4)).shape());
    }

    @Test
    void initialisesLikePyTorchWithFanInOfTheOutputChannels() {
        ConvTranspose2D up = new ConvTranspose2D(40, 3, 3, 1, 0, 0, true, 3);
        double bound = 1 / Math.sqrt(3 * 3 * 3);
        double max = up.weight().value().amaxNumber().doubleValue();
        assertTrue(max <= bound && max > 0.9 * bound, "weights spread over ±" + bound + ", max " + max);
        assertArrayEquals(new long[] {40, 3, 3, 3}, up.weight().shape());
    }

    @Test
    void convTransposeRejectsTheWrongNumberOfChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2D(3, 2, 3).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 4)));
        assertEquals("ConvTranspose2D: expected input [N, C, H, W] with C = 3, found C = 2 (input shape [1, 2, 4, 4])",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2D(3, 2, 3).forward(Nd4j.zeros(DataType.FLOAT, 3, 4, 4)));
        assertEquals("ConvTranspose2D: expected input [N, C, H, W] with C = 3, found rank 3 with shape [3, 4, 4]",
                e.getMessage());
    }

    @Test
    void outputPaddingMustBeSmallerThanTheStride() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2D(3, 2, 3, 2, 1, 2));
        assertEquals("ConvTranspose2D: outputPadding must be in [0, stride), as in PyTorch; found outputPadding=2, stride=2",
                e.getMessage());
    }

    @Test
    void printsItsGeometry() {
        assertEquals("ConvTranspose2D(in=3, out=2, kernel=3×3, stride=2×2, padding=1×1, outputPadding=1)",
                new ConvTranspose2D(3, 2, 3, 2, 1, 1).toString());
    }

    @Test
    void nonSquareSettersGiveTheWindowPerAxis() {
        ConvTranspose2D t = new ConvTranspose2D(2, 3, 3, 1, 0, 0, true, 4).kernel(3, 2).stride(2, 1).padding(1, 0).outputPadding(1, 0);
        assertArrayEquals(new long[] {2, 3, 3, 2}, t.weight().value().shape());
        // oH = 3·2 − 2 + 3 + 1 = 8, oW = 4·1 − 0 + 2 + 0 = 6
        assertArrayEquals(new long[] {1, 3, 8, 6}, t.forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 5)).shape());
        assertEquals("ConvTranspose2D(in=2, out=3, kernel=3×2, stride=2×1, padding=1×0, outputPadding=1×0)", t.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2D(2, 3, 3).outputPadding(0, 1).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 5)));
        assertEquals("ConvTranspose2D: outputPadding must be below the stride, as in PyTorch; found outputPadding 0×1, stride 1×1",
                e.getMessage());
    }
}
