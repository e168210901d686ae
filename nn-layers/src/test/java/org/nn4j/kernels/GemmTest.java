package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Workspaces;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.cblas.CblasGemm;

/**
 * {@link Gemm#multiply} — cblas directly for small dense GEMMs, Nd4j.gemm otherwise — against a float64
 * product of c-ordered copies, for every operand layout Linear may meet: c and f order, transposed
 * views, views with an offset, strided columns, reshapes of vectors; both transpose flags; beta 0 (on
 * an output full of NaN), 1 and ½; float and double; small (direct) and large (Nd4j.gemm) sizes.
 */
class GemmTest {

    /** An operand laid out in one way, holding the values of a c-ordered [rows, columns] matrix. */
    private record Layout(String name, UnaryOperator<INDArray> make) {
    }

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("c", m -> m.dup('c')),
            new Layout("f", m -> m.dup('f')),
            new Layout("transposed view", m -> m.transpose().dup('c').transpose()),
            new Layout("rows of a larger array (offset)", m -> {
                INDArray big = Nd4j.zeros(m.dataType(), m.rows() + 3, m.columns());
                INDArray rows = big.get(NDArrayIndex.interval(2, 2 + m.rows()), NDArrayIndex.all());
                return rows.assign(m);
            }),
            new Layout("columns of a wider array (strided)", m -> {
                INDArray wide = Nd4j.zeros(m.dataType(), m.rows(), m.columns() + 2);
                INDArray columns = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + m.columns()));
                return columns.assign(m);
            }),
            new Layout("reshape of a vector", m -> m.dup('c').reshape(m.length()).reshape(m.rows(), m.columns())));

    @Test
    void multiplyAgreesWithAFloat64ProductForEveryLayout() {
        long seed = TestArrays.testSeed("multiplyAgreesWithAFloat64ProductForEveryLayout");
        List<String> failures = new ArrayList<>();
        long[][] sizes = {{5, 3, 4}, {50, 1, 128}, {7, 6, 1}, {1, 9, 3}, {80, 70, 60}}; // m, k, n; the last > CblasGemm.DIRECT_MAX_MNK
        for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[] size : sizes) {
                for (boolean transposeA : new boolean[] {false, true}) {
                    for (boolean transposeB : new boolean[] {false, true}) {
                        for (double beta : new double[] {0, 1, 0.5}) {
                            check(seed++, dataType, size, transposeA, transposeB, beta, failures);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failures");
    }

    private static void check(long seed, DataType dataType, long[] size, boolean transposeA, boolean transposeB,
            double beta, List<String> failures) {
        long m = size[0];
        long k = size[1];
        long n = size[2];
        INDArray a = TestArrays.uniform(seed, dataType, -1.0, 1.0, transposeA ? new long[] {k, m} : new long[] {m, k});
        INDArray b = TestArrays.uniform(seed + 1, dataType, -1.0, 1.0, transposeB ? new long[] {n, k} : new long[] {k, n});
        INDArray c0 = TestArrays.uniform(seed + 2, dataType, -1.0, 1.0, m, n);
        double alpha = 1.5;
        INDArray expected = product(a, transposeA, b, transposeB).muli(alpha);
        if (beta != 0) {
            expected.addi(c0.castTo(DataType.DOUBLE).mul(beta)); // castTo of a float64 array is the array itself
        }
        for (Layout layoutA : LAYOUTS) {
            for (Layout layoutB : LAYOUTS) {
                INDArray c = beta == 0 ? Nd4j.valueArrayOf(new long[] {m, n}, Double.NaN, dataType) : c0.dup('c');
                INDArray aIn = layoutA.make().apply(a);
                INDArray bIn = layoutB.make().apply(b);
                INDArray aBefore = aIn.dup();
                INDArray bBefore = bIn.dup();
                INDArray result = Gemm.multiply(aIn, transposeA, bIn, transposeB, c, alpha, beta);
                assertSame(c, result);
                double tolerance = dataType == DataType.FLOAT ? 1e-4 * (1 + k) : 1e-12 * (1 + k);
                String what = dataType + " " + m + "x" + k + "x" + n + " tA=" + transposeA + " tB=" + transposeB
                        + " beta=" + beta + ", a " + layoutA.name() + ", b " + layoutB.name() + " (seed " + seed + ")";
                double[] got = c.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                double[] want = expected.dup('c').data().asDouble();
                for (int i = 0; i < want.length; i++) {
                    if (!(Math.abs(got[i] - want[i]) <= tolerance)) {
                        failures.add(what + ": element " + i + " is " + got[i] + ", expected " + want[i]);
                        break;
                    }
                }
                assertEquals(aBefore, aIn, "a not modified: " + what);
                assertEquals(bBefore, bIn, "b not modified: " + what);
            }
        }
    }

    /** op(a)·op(b) in float64, from c-ordered copies. */
    private static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        INDArray opA = (transposeA ? a.transpose() : a).castTo(DataType.DOUBLE).dup('c');
        INDArray opB = (transposeB ? b.transpose() : b).castTo(DataType.DOUBLE).dup('c');
        double[][] x = opA.toDoubleMatrix();
        double[][] y = opB.toDoubleMatrix();
        double[][] z = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                for (int l = 0; l < y.length; l++) {
                    z[i][j] += x[i][l] * y[l][j];
                }
            }
        }
        return Nd4j.createFromArray(z);
    }

    @Test
    void smallDenseGemmsGoToCblasTheOthersToNd4j() {
        for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray input = Nd4j.zeros(dataType, 50, 128);
            INDArray weight = Nd4j.zeros(dataType, 64, 128);
            INDArray output = Nd4j.zeros(dataType, 50, 64);
            assertTrue(CblasGemm.canRun(Nd4j.ones(dataType, 50, 1), false, Nd4j.zeros(dataType, 64).reshape(1, 64), output),
                    "Linear's bias rows");
            assertTrue(CblasGemm.canRun(output, true, Nd4j.ones(dataType, 50, 1), Nd4j.zeros(dataType, 64).reshape(64, 1)),
                    "Linear's bias gradient");
            assertTrue(CblasGemm.canRun(input.dup('f'), false, weight, Nd4j.zeros(dataType, 50, 64).get(
                    NDArrayIndex.interval(0, 32), NDArrayIndex.all()).dup()), "f-ordered operand, 32·64·128 multiply-adds");
            assertFalse(CblasGemm.canRun(input, false, weight, output), "50·64·128 > DIRECT_MAX_MNK");
            assertFalse(CblasGemm.canRun(input.get(NDArrayIndex.interval(1, 21), NDArrayIndex.all()), false, weight,
                    Nd4j.zeros(dataType, 20, 64)), "a view with an offset");
            assertFalse(CblasGemm.canRun(Nd4j.ones(dataType, 50, 1), false, Nd4j.zeros(dataType, 1, 64), output.dup('f')),
                    "f-ordered output");
        }
        assertFalse(CblasGemm.canRun(Nd4j.ones(DataType.HALF, 5, 1), false, Nd4j.ones(DataType.HALF, 1, 5),
                Nd4j.ones(DataType.HALF, 5, 5)), "half precision");
    }

    @Test
    void accumulateAddsIntoAReshapedGradientInsideAStep() {
        INDArray grad = Nd4j.createFromArray(1f, 2f, 3f); // Linear's bias gradient, seen as [3, 1]
        INDArray delta = Nd4j.createFromArray(new float[][] {{1, 0, -1}, {2, 1, 0}});
        try (MemoryWorkspace step = Workspaces.step()) {
            Nd4j.createUninitialized(DataType.FLOAT, 5); // not at the start of the workspace
            INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 1);
            Gemm.accumulate(delta, true, ones, false, grad.reshape(3, 1));
        }
        assertArrayEquals(new float[] {4, 3, 2}, grad.toFloatVector());
    }
}
