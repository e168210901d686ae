package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.TestArrays;

/** ReLU on large float32 arrays goes to oneDNN and gives exactly what its float64 path gives, zeros included. */
class OneDnnEltwiseTest {

    @Test
    void largeReLUMatchesTheNd4jPathExactly() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, -1.0, 1.0, 2, 8, 128, 129);
        x.get(NDArrayIndex.point(0), NDArrayIndex.point(0)).assign(0); // the gradient at 0 is 0, as in PyTorch
        INDArray delta = TestArrays.uniform(2, DataType.DOUBLE, 2, 8, 128, 129);
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray df = delta.castTo(DataType.FLOAT);
        assertTrue(OneDnnEltwise.worthIt(xf, df));
        ReLU relu = new ReLU();
        assertEquals(relu.forward(x).castTo(DataType.FLOAT), relu.forward(xf));
        assertEquals(relu.backwardDelta(x, delta).castTo(DataType.FLOAT), relu.backwardDelta(xf, df));
    }

    @Test
    void smallArraysStayOnNd4jAndViewsGiveWhatTheirCopiesGive() {
        assertFalse(OneDnnEltwise.worthIt(TestArrays.uniform(3, DataType.FLOAT, 64, 500)));
        INDArray large = TestArrays.uniform(4, DataType.FLOAT, -1.0, 1.0, 600, 600);
        INDArray delta = TestArrays.uniform(5, DataType.FLOAT, 600, 600);
        assertTrue(OneDnnEltwise.worthIt(large));
        ReLU relu = new ReLU();
        assertEquals(relu.forward(large.transpose().dup()), relu.forward(large.transpose()));
        assertEquals(relu.backwardDelta(large.transpose().dup(), delta), relu.backwardDelta(large.transpose(), delta));
    }
}
