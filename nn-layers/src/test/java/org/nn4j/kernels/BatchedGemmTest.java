package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.TestArrays;

/** The batched product against one matrix product per batch element, with every transpose flag, views and empty operands. */
class BatchedGemmTest {

    @Test
    void everyBatchElementIsItsOwnMatrixProduct() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                INDArray a = TestArrays.uniform(1, DataType.DOUBLE, ta ? new long[] {3, 4, 2} : new long[] {3, 2, 4});
                INDArray b = TestArrays.uniform(2, DataType.DOUBLE, tb ? new long[] {3, 5, 4} : new long[] {3, 4, 5});
                INDArray c = BatchedGemm.multiply("test", a, ta, b, tb, 0.5);
                assertArrayEquals(new long[] {3, 2, 5}, c.shape());
                for (int i = 0; i < 3; i++) {
                    INDArray ai = a.get(NDArrayIndex.point(i)).dup();
                    INDArray bi = b.get(NDArrayIndex.point(i)).dup();
                    INDArray expected = (ta ? ai.transpose() : ai).mmul(tb ? bi.transpose() : bi).muli(0.5);
                    assertTrue(expected.equalsWithEps(c.get(NDArrayIndex.point(i)), 1e-12), "transposeA " + ta + ", transposeB " + tb);
                }
            }
        }
    }

    @Test
    void viewsAndRowsOfItsOwnGiveTheSameProduct() {
        INDArray big = TestArrays.uniform(3, DataType.FLOAT, 2, 3, 2, 4);
        INDArray a = big.get(NDArrayIndex.point(1)); // a view at an offset
        INDArray b = TestArrays.uniform(4, DataType.FLOAT, 3, 5, 4);
        INDArray rows = Nd4j.createUninitialized(DataType.FLOAT, 6, 5);
        BatchedGemm.multiply("test", a, false, b, true, 1, rows.reshape(3, 2, 5));
        assertEquals(BatchedGemm.multiply("test", a.dup(), false, b, true, 1).reshape(6, 5), rows);
    }

    @Test
    void emptyOperandsGiveAnEmptyProductOrZeros() {
        assertArrayEquals(new long[] {0, 2, 5}, BatchedGemm.multiply("test", Nd4j.create(DataType.FLOAT, 0, 2, 3),
                false, Nd4j.create(DataType.FLOAT, 0, 3, 5), false, 1).shape());
        INDArray zeros = BatchedGemm.multiply("test", Nd4j.create(DataType.FLOAT, 2, 2, 0), false, Nd4j.create(DataType.FLOAT, 2, 0, 5),
                false, 1);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 2, 2, 5), zeros);
    }

    @Test
    void operandsThatDoNotFitAreRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchedGemm.multiply("test",
                Nd4j.create(DataType.FLOAT, 2, 3, 4), false, Nd4j.create(DataType.FLOAT, 2, 5, 4), false, 1));
        assertEquals("test: batched product of [2, 3, 4] and [2, 5, 4]: expected [B, M, K] and [B, K, N]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchedGemm.multiply("test", Nd4j.create(DataType.FLOAT, 2, 3, 4),
                false, Nd4j.create(DataType.FLOAT, 2, 5, 4), true, 1, Nd4j.create(DataType.FLOAT, 2, 3, 4)));
        assertEquals("test: batched product of [2, 3, 4] and [2, 5, 4]ᵀ into [2, 3, 4] c FLOAT: expected a dense c-ordered"
                + " [2, 3, 5] FLOAT", e.getMessage());
    }
}
