package org.nn4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;

/**
 * {@link Init#orthogonal}: the rows (when there are at most as many as columns) or the columns of the tensor,
 * flattened to {@code size(0)} rows, are orthogonal with norm {@code gain}, and R's diagonal is positive (PyTorch's
 * sign correction).
 */
class OrthogonalTest {

    /** {@code gain² · I} minus the Gram matrix of W's rows (rows ≤ cols) or columns, largest element. */
    private static double orthogonalityError(double[] w, int rows, int cols, double gain) {
        boolean byRows = rows <= cols;
        int k = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        double worst = 0;
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += byRows ? w[p * cols + i] * w[q * cols + i] : w[i * cols + p] * w[i * cols + q];
                }
                worst = Math.max(worst, Math.abs(dot - (p == q ? gain * gain : 0)));
            }
        }
        return worst;
    }

    private record Shape(long[] dims, double gain, long seed) {
        int rows() {
            return (int) dims[0];
        }

        int cols() {
            return (int) (Arrays.stream(dims).reduce(1, (a, b) -> a * b) / dims[0]);
        }

        @Override
        public String toString() {
            return Arrays.toString(dims) + " gain " + gain + " seed " + seed;
        }
    }

    private static Gen<Shape> shapes() {
        return in -> {
            int rank = integers().between(2, 4).generate(in);
            long[] dims = new long[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = integers().between(1, i < 2 ? 12 : 3).generate(in);
            }
            return new Shape(dims, doubles().between(0.1, 3).generate(in), longs().all().generate(in));
        };
    }

    @Test
    void rowsOrColumnsAreOrthogonalWithNormGainInFloat64() {
        qt().withFixedSeed(TestArrays.testSeed("OrthogonalTest")).withExamples(150).withShrinkCycles(0)
                .forAll(shapes()).checkAssert(s -> {
                    INDArray t = Init.orthogonal(Nd4j.create(DataType.DOUBLE, s.dims()), s.gain(), s.seed());
                    assertArrayEquals(s.dims(), t.shape());
                    double error = orthogonalityError(TestArrays.values(t), s.rows(), s.cols(), s.gain());
                    assertTrue(error <= 1e-10, s + ": |W·Wᵀ − gain²·I| = " + error);
                });
    }

    @Test
    void largeMatricesAreOrthogonalToo() {
        for (long[] dims : new long[][] {{64, 300}, {300, 64}, {128, 128}, {32, 16, 3, 3}}) {
            Shape s = new Shape(dims, 1, 3);
            INDArray t = Init.orthogonal(Nd4j.create(DataType.DOUBLE, dims), 1, 3);
            double error = orthogonalityError(TestArrays.values(t), s.rows(), s.cols(), 1);
            assertTrue(error <= 1e-10, s + ": " + error);
        }
    }

    @Test
    void float32IsOrthogonalWithinItsPrecision() {
        INDArray t = Init.orthogonal(Nd4j.create(DataType.FLOAT, 20, 50), 2, 4);
        assertEquals(DataType.FLOAT, t.dataType());
        assertTrue(orthogonalityError(TestArrays.values(t), 20, 50, 2) <= 1e-5);
        INDArray d = Init.orthogonal(Nd4j.create(DataType.DOUBLE, 20, 50), 2, 4);
        assertArrayEquals(TestArrays.values(d.castTo(DataType.FLOAT)), TestArrays.values(t), 0, "float64, rounded");
    }

    /**
     * Q·sign(diag R) is the Q whose R has a positive diagonal: for A = the normal matrix (its transpose when
     * rows < cols), Qᵀ·A is upper triangular with a positive diagonal.
     */
    @Test
    void theSignCorrectionLeavesRWithAPositiveDiagonal() {
        for (int[] rc : new int[][] {{7, 4}, {4, 7}, {5, 5}, {1, 6}, {6, 1}}) {
            int rows = rc[0];
            int cols = rc[1];
            double[] normal = TestArrays.values(TestArrays.normal(rows * 31L + cols, DataType.DOUBLE, rows, cols));
            double[] w = Init.orthogonalRows(normal, rows, cols);
            // Q is W (rows ≥ cols) or Wᵀ; A is the normal matrix or its transpose: m × n with m ≥ n
            int m = Math.max(rows, cols);
            int n = Math.min(rows, cols);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r = 0; // (Qᵀ·A)[i][j]
                    for (int k = 0; k < m; k++) {
                        r += rows >= cols ? w[k * cols + i] * normal[k * cols + j] : w[i * cols + k] * normal[j * cols + k];
                    }
                    String what = rows + "×" + cols + " R[" + i + "][" + j + "] = " + r;
                    if (i == j) {
                        assertTrue(r > 0, what);
                    } else if (i > j) {
                        assertEquals(0, r, 1e-12, what);
                    }
                }
            }
        }
    }
}
