package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Module;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.TanH;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.Conv2D;

/**
 * ReLU's backward pass, Sigmoid and TanH in float32 go to oneDNN; they must give what their float64
 * path (ND4J) gives, to float32 precision, for a batch and for a large array, and on views.
 */
class OneDnnEltwiseTest {

    private static final List<Module> ACTIVATIONS = List.of(new ReLU(), new Sigmoid(), new TanH());

    @Test
    void activationsMatchTheirFloat64Path() {
        for (long[] shape : new long[][] {{50, 256}, {2, 8, 128, 129}}) {
            INDArray x = TestArrays.uniform(1, DataType.DOUBLE, -4.0, 4.0, shape);
            x.get(NDArrayIndex.point(0)).get(NDArrayIndex.interval(0, 8)).assign(0); // ReLU's gradient at 0 is 0, as in PyTorch
            INDArray delta = TestArrays.uniform(2, DataType.DOUBLE, shape);
            INDArray xf = x.castTo(DataType.FLOAT);
            INDArray df = delta.castTo(DataType.FLOAT);
            assertTrue(OneDnnEltwise.canRun(xf, df));
            for (Module m : ACTIVATIONS) {
                assertClose(m.forward(x), m.forward(xf), m + " forward");
                assertClose(m.backwardDelta(x, delta), m.backwardDelta(xf, df), m + " backward");
            }
        }
    }

    @Test
    void viewsGiveWhatTheirCopiesGive() {
        INDArray x = TestArrays.uniform(4, DataType.FLOAT, -1.0, 1.0, 60, 70);
        INDArray delta = TestArrays.uniform(5, DataType.FLOAT, 70, 60);
        for (Module m : ACTIVATIONS) {
            assertEquals(m.forward(x.transpose().dup()), m.forward(x.transpose()), m.toString());
            assertEquals(m.backwardDelta(x.transpose().dup(), delta), m.backwardDelta(x.transpose(), delta), m.toString());
            INDArray rows = x.get(NDArrayIndex.interval(10, 20));
            assertEquals(m.forward(rows.dup()), m.forward(rows), m.toString());
        }
    }

    @Test
    void denseMeansOneBlockOfMemoryWhateverTheStrideOfASizeOneAxis() {
        assertTrue(OneDnn.isDense(new Conv2D(3, 1, 3).forward(TestArrays.uniform(6, DataType.FLOAT, 4, 3, 7, 7))), "[4, 1, 5, 5]");
        assertTrue(OneDnn.isDense(TestArrays.uniform(7, DataType.FLOAT, 6, 5).transpose()), "f order");
        assertFalse(OneDnn.isDense(TestArrays.uniform(8, DataType.FLOAT, 6, 5).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))),
                "two columns of five");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6, what + ": max difference " + diff);
    }
}
