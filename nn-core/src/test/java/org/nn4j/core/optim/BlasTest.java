package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code y += alpha·x} on both sides of the length where it leaves OpenBLAS for ND4J's own op. */
class BlasTest {

    @Test
    void axpyIsTheSameOnBothSidesOfTheSingleThreadedLimit() {
        long limit = Blas.SINGLE_THREADED_BLAS_MAX;
        for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long n : new long[] {1, limit, limit + 1, 3 * limit}) {
                INDArray x = Nd4j.linspace(dataType, -1, 2.0 / n, n).reshape(n);
                INDArray y = Nd4j.linspace(dataType, 3, 1e-3, n).reshape(n);
                double[] expected = new double[(int) n];
                double[] xs = x.toDoubleVector();
                double[] ys = y.toDoubleVector();
                for (int i = 0; i < n; i++) {
                    expected[i] = ys[i] - 0.25 * xs[i];
                }
                Blas.axpy(-0.25, x, y);
                assertArrayEquals(expected, y.toDoubleVector(), dataType == DataType.FLOAT ? 1e-4 : 1e-12,
                        dataType + ", length " + n);
                assertArrayEquals(xs, x.toDoubleVector(), 0, "x not modified");
            }
        }
    }
}
