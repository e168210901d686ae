package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchesTest {

    private final INDArray x = Nd4j.arange(10).castTo(DataType.FLOAT).reshape(10, 1).mul(10);
    private final INDArray y = Nd4j.arange(10).castTo(DataType.FLOAT).reshape(10, 1);

    @Test
    void everySampleOnceAPerEpochWithRowsKeptTogether() {
        Minibatches batches = new Minibatches(x, y, 3, 42);
        assertEquals(4, batches.batchesPerEpoch());
        List<Double> seen = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Batch b : batches) {
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                assertEquals(b.y().getDouble(i, 0) * 10, b.x().getDouble(i, 0));
                seen.add(b.y().getDouble(i, 0));
            }
        }
        assertEquals(List.of(3L, 3L, 3L, 1L), sizes);
        assertEquals(10, seen.stream().distinct().count());
    }

    @Test
    void reshufflesEachEpochAndRepeatsForTheSameSeed() {
        assertNotEquals(order(new Minibatches(x, y, 10, 1), 0), order(new Minibatches(x, y, 10, 1), 1));
        assertEquals(order(new Minibatches(x, y, 10, 1), 1), order(new Minibatches(x, y, 10, 1), 1));
    }

    @Test
    void dropLastDropsThePartialBatch() {
        Minibatches batches = new Minibatches(x, y, 3, true, true, 1);
        assertEquals(3, batches.batchesPerEpoch());
        int n = 0;
        for (Batch b : batches) {
            assertEquals(3, b.size());
            n++;
        }
        assertEquals(3, n);
    }

    @Test
    void keepsTheShapeOfImageBatches() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4);
        Batch b = new Minibatches(images, y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)), 2, false, false, 0)
                .iterator().next();
        assertArrayEquals(new long[] {2, 1, 4, 4}, b.x().shape());
        assertEquals(images.slice(1), b.x().slice(1));
    }

    @Test
    void rejectsDifferentSampleCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Minibatches(x, Nd4j.zeros(9, 1), 3, 1));
        assertEquals("Minibatches: x and y have different numbers of samples: x [10, 1], y [9, 1]", e.getMessage());
    }

    private static List<Double> order(Minibatches batches, int epoch) {
        List<Double> order = new ArrayList<>();
        for (int e = 0; e <= epoch; e++) {
            order.clear();
            for (Batch b : batches) {
                for (int i = 0; i < b.size(); i++) {
                    order.add(b.y().getDouble(i, 0));
                }
            }
        }
        return order;
    }
}
