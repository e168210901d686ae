package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.onednn.OneDnn;

/**
 * The oneDNN batch normalisation against the formulas in float64 (the spec table holds the module to its ND4J
 * reference too; this test shows the fast path is the one taken, and which batches it leaves to ND4J).
 */
class BatchNormKernelTest {

    @Test
    void takesDenseFloat32FourDimensionalBatchesOnly() {
        assumeTrue(OneDnn.unavailableReason() == null, () -> "oneDNN unavailable: " + OneDnn.unavailableReason());
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 3, 2, 5, 4);
        assertTrue(BatchNormKernel.fast(x, null));
        assertTrue(BatchNormKernel.fast(x, x.dup()));
        assertFalse(BatchNormKernel.fast(x.dup('f'), null));
        assertFalse(BatchNormKernel.fast(x, x.dup('f')));
        assertFalse(BatchNormKernel.fast(x.castTo(DataType.DOUBLE), null));
        assertFalse(BatchNormKernel.fast(x.reshape(3, 40), null));
        assertFalse(BatchNormKernel.fast(x.permute(0, 1, 3, 2), null));
    }

    @Test
    void forwardAndBackwardEqualTheFormulasInFloat64() {
        assumeTrue(OneDnn.unavailableReason() == null, () -> "oneDNN unavailable: " + OneDnn.unavailableReason());
        double eps = 1e-5;
        INDArray x = TestArrays.uniform(7, DataType.FLOAT, 3, 4, 5, 6).muli(3).addi(1);
        INDArray delta = TestArrays.uniform(8, DataType.FLOAT, 3, 4, 5, 6);
        INDArray w = TestArrays.uniform(9, DataType.FLOAT, 4).addi(0.5);
        INDArray b = TestArrays.uniform(10, DataType.FLOAT, 4);
        BatchNormKernel.Forward f = BatchNormKernel.forward(x, w, b, eps);
        BatchNormKernel.Gradients g = BatchNormKernel.backward(x, f.mean(), f.var(), delta, w, b, eps);

        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray dd = delta.castTo(DataType.DOUBLE);
        INDArray wd = w.castTo(DataType.DOUBLE).reshape(1, 4, 1, 1);
        INDArray bd = b.castTo(DataType.DOUBLE).reshape(1, 4, 1, 1);
        int[] axes = {0, 2, 3};
        INDArray mean = xd.mean(axes);
        INDArray var = xd.var(false, axes);
        INDArray invStd = Transforms.pow(var.add(eps), -0.5, true);
        INDArray xHat = xd.sub(mean.reshape(1, 4, 1, 1)).mul(invStd.reshape(1, 4, 1, 1));
        INDArray out = xHat.mul(wd).add(bd);
        double m = x.length() / 4.0;
        INDArray sumD = dd.sum(axes);
        INDArray sumDX = dd.mul(xHat).sum(axes);
        INDArray gradIn = dd.sub(sumD.div(m).reshape(1, 4, 1, 1)).sub(xHat.mul(sumDX.div(m).reshape(1, 4, 1, 1)))
                .mul(wd.mul(invStd.reshape(1, 4, 1, 1)));

        assertClose(mean, f.mean(), 1e-5);
        assertClose(var, f.var(), 1e-5);
        assertClose(out, f.output(), 1e-4);
        assertClose(sumDX, g.weight(), 1e-4);
        assertClose(sumD, g.bias(), 1e-4);
        assertClose(gradIn, g.input(), 1e-4);
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative) {
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(expected.shape());
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = a.sub(expected).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, "max |difference| " + diff + " > " + relative + " · " + scale);
        assertEquals(expected.length(), actual.length());
    }
}
