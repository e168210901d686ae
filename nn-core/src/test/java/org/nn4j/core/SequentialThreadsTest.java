package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

/** Eval-mode forwards on one shared Sequential from several threads give the single-thread outputs. */
class SequentialThreadsTest {

    @Test
    void concurrentEvalForwardsOnASharedSequentialAgreeWithOneThread() throws Exception {
        Sequential net = new Sequential();
        for (int i = 0; i < 12; i++) {
            net.add(new Scale(4, i));
        }
        net.eval();
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        for (int b = 1; b <= 16; b++) {
            INDArray x = TestArrays.uniform(b, DataType.FLOAT, b, 4);
            inputs.add(x);
            expected.add(net.forward(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 200; round++) {
                        int k = round % inputs.size();
                        assertEquals(expected.get(k), net.forward(inputs.get(k)));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(200, f.get());   // rethrows any failure or exception of a thread
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
