package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.Elementwise;
import org.nn4j.kernels.Resampling;
import org.nn4j.kernels.nd4j.Nd4jResampling;

/** The per-thread primitive cache stays bounded, and every array oneDNN writes is 64-byte aligned. */
class OneDnnPrimitiveTest {

    @Test
    void everNewShapesEvictTheLeastRecentlyUsedPrimitivesAndFreeThem() throws InterruptedException {
        int shapes = OneDnnPrimitive.MAX_CACHED + 40;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fresh = new Thread(() -> { // a thread of its own: its cache starts empty
            try {
                for (int i = 1; i <= shapes; i++) {
                    INDArray x = TestArrays.uniform(i, DataType.FLOAT, 3, i);
                    assertTrue(Transforms.sigmoid(x, true).equalsWithEps(Elementwise.SIGMOID.forward(x), 1e-6), "shape [3, " + i + "]");
                    assertTrue(OneDnnPrimitive.cachedOnThisThread() <= OneDnnPrimitive.MAX_CACHED,
                            OneDnnPrimitive.cachedOnThisThread() + " primitives kept");
                }
                assertEquals(OneDnnPrimitive.MAX_CACHED, OneDnnPrimitive.cachedOnThisThread());
                assertEquals(shapes - OneDnnPrimitive.MAX_CACHED, OneDnnPrimitive.evictedOnThisThread(), "freed");
                INDArray first = TestArrays.uniform(1, DataType.FLOAT, 3, 1); // evicted long ago: built again, still right
                assertTrue(Transforms.sigmoid(first, true).equalsWithEps(Elementwise.SIGMOID.forward(first), 1e-6));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        fresh.start();
        fresh.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void largeNewArraysAreAlignedWhateverTheAllocatorGives() {
        for (long n = 1; n <= 97; n += 8) {
            INDArray a = OneDnn.newArray(n, 3, OneDnn.ALIGNED_FROM / 3 + 1);
            assertTrue(OneDnn.isAligned(a), "[" + n + ", 3, …] at offset " + a.offset());
            assertTrue(OneDnn.isDense(a));
            assertEquals('c', a.ordering());
        }
    }

    /**
     * Regression: oneDNN writes a large upsampled output with aligned stores, which faulted (SIGSEGV, the
     * JVM gone) on a 16-byte aligned ND4J buffer; the second forward of this shape crashed every time.
     */
    @Test
    void aLargeUpsamplingRunsAgainAndAgain() {
        INDArray x = TestArrays.uniform(3, DataType.FLOAT, 16, 8, 96, 96);
        INDArray expected = Nd4jResampling.upsample(x, 2, 2);
        for (int i = 0; i < 4; i++) {
            INDArray y = Resampling.upsampleNearest(x, 2, 2);
            assertTrue(OneDnn.isAligned(y));
            assertEquals(expected, y);
        }
    }
}
