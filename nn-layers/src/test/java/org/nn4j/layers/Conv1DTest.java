package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class Conv1DTest {

    @Test
    void slidesTheKernelAlongTheSequence() {
        Conv1D conv = new Conv1D(1, 1, 2, 2, 1, true, 1);
        conv.weight().set(Nd4j.createFromArray(new float[] {1, 10}).reshape(1, 1, 2));
        conv.bias().set(Nd4j.createFromArray(0.5f));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 4);
        // padded [0, 1, 2, 3, 4, 0], stride 2: [0·1 + 1·10, 2 + 30, 4 + 0] + 0.5
        assertEquals(Nd4j.createFromArray(new float[] {10.5f, 32.5f, 4.5f}).reshape(1, 1, 3), conv.forward(x));
    }

    @Test
    void backwardInOneCallEqualsTheTwoHalves() {
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 3, 8);
        INDArray d = TestArrays.uniform(2, DataType.FLOAT, 2, 4, 6);
        Conv1D a = new Conv1D(3, 4, 3, 1, 0, true, 5);
        Conv1D b = new Conv1D(3, 4, 3, 1, 0, true, 5);
        a.backwardUpdateGradient(x, d);
        INDArray da = a.backwardDelta(x, d);
        assertEquals(da, b.backward(x, d, true));
        assertEquals(a.weight().grad(), b.weight().grad());
        assertEquals(a.bias().grad(), b.bias().grad());
    }

    @Test
    void conv1dRejectsARank4Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv1D(3, 4, 3).forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 5, 1)));
        assertEquals("Conv1D: expected input [N, C, L] with C = 3, found rank 4 with shape [2, 3, 5, 1]", e.getMessage());
    }

    @Test
    void conv1dRejectsTheWrongNumberOfChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv1D(3, 4, 3).forward(Nd4j.zeros(DataType.FLOAT, 2, 2, 5)));
        assertEquals("Conv1D: expected input [N, C, L] with C = 3, found C = 2 (input shape [2, 2, 5])", e.getMessage());
    }

    @Test
    void conv1dRejectsAKernelLargerThanThePaddedInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv1D(2, 4, 6, 1, 1).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 3)));
        assertEquals("Conv1D: kernel 6 is larger than the padded input 5 (input shape [1, 2, 3], padding 1)", e.getMessage());
    }

    @Test
    void depthwiseDilatedConvolutionConvolvesEachChannelAlone() {
        Conv1D conv = new Conv1D(2, 2, 2, 1, 0, false, 1).groups(2).dilation(3);
        assertEquals("Conv1D(in=2, out=2, kernel=2, stride=1, padding=0, dilation=3, groups=2, bias=false)", conv.toString());
        conv.weight().set(Nd4j.createFromArray(new float[] {1, 1, 1, -1}).reshape(2, 1, 2));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}).reshape(1, 2, 5);
        // taps 3 apart: channel 0 x[i] + x[i+3], channel 1 x[i] − x[i+3]
        assertEquals(Nd4j.createFromArray(new float[] {5, 7, -30, -30}).reshape(1, 2, 2), conv.forward(x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(3, 4, 2).groups(2));
        assertEquals("Conv1D: groups must be at least 1 and divide in and out channels, found groups=2, in=3, out=4", e.getMessage());
    }

    @Test
    void printsItsGeometry() {
        assertEquals("Conv1D(in=3, out=4, kernel=5, stride=2, padding=1)", new Conv1D(3, 4, 5, 2, 1).toString());
    }
}
