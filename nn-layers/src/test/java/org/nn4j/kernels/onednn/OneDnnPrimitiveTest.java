package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.Elementwise;
import org.nn4j.kernels.Resampling;
import org.nn4j.kernels.nd4j.Nd4jResampling;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/**
 * The per-thread primitive cache stays bounded, an ended thread's oneDNN state is freed, and every array oneDNN
 * writes is 64-byte aligned.
 */
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

    /**
     * A thread pool whose threads come and go (or a server starting a thread per request) leaves no oneDNN state
     * behind: each ended thread's stream and primitives are freed once the thread is collected.
     */
    @Test
    void theOneDnnStateOfEndedThreadsIsFreed() throws InterruptedException {
        Module net = smallCnn();
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 2, 1, 12, 12);
        INDArray expected = net.forward(x);
        int threadsBefore = OneDnnPrimitive.liveThreads();
        int primitivesBefore = OneDnnPrimitive.live();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < 200; i++) {
            Thread t = new Thread(() -> {
                try {
                    assertEquals(expected, net.forward(x));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        for (int i = 0; i < 100 && OneDnnPrimitive.liveThreads() > threadsBefore + 2; i++) { // the Cleaner runs after a GC
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(OneDnnPrimitive.liveThreads() <= threadsBefore + 2,
                OneDnnPrimitive.liveThreads() + " threads' oneDNN state alive, " + threadsBefore + " before 200 threads ran");
        assertTrue(OneDnnPrimitive.live() <= primitivesBefore + 2 * 8,
                OneDnnPrimitive.live() + " primitives alive, " + primitivesBefore + " before 200 threads ran");
    }

    /**
     * Every batch size builds new primitives: the thread keeps at most its bound of them, in number and in bytes, and
     * oneDNN's own cache of implementations (which held 180 MB at its default size of 1,024) is bounded too.
     */
    @Test
    void everNewBatchSizesStayWithinTheCacheBounds() throws InterruptedException {
        Module net = smallCnn();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fresh = new Thread(() -> {
            try {
                long most = 0;
                for (int n = 1; n <= 400; n++) {
                    net.forward(TestArrays.uniform(n, DataType.FLOAT, n, 1, 12, 12));
                    assertTrue(OneDnnPrimitive.cachedOnThisThread() <= OneDnnPrimitive.MAX_CACHED,
                            OneDnnPrimitive.cachedOnThisThread() + " primitives kept at batch size " + n);
                    assertTrue(OneDnnPrimitive.cachedBytesOnThisThread() <= OneDnnPrimitive.MAX_CACHED_BYTES,
                            OneDnnPrimitive.cachedBytesOnThisThread() + " bytes kept at batch size " + n);
                    most = Math.max(most, OneDnnPrimitive.cachedBytesOnThisThread());
                }
                assertTrue(most > 0, "the primitives' bytes are counted");
                int[] capacity = new int[1];
                OneDnn.check(org.bytedeco.dnnl.global.dnnl.dnnl_get_primitive_cache_capacity(capacity), "querying");
                assertEquals(OneDnn.PRIMITIVE_CACHE_CAPACITY, capacity[0], "oneDNN's own cache of implementations, process-wide");
                assertTrue(OneDnnPrimitive.evictedOnThisThread() >= 400 - OneDnnPrimitive.MAX_CACHED, "freed");
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

    /** Conv2D, ReLU, MaxPool2D on oneDNN (four primitives per input shape, ReLU's included), in eval mode. */
    private static Module smallCnn() {
        return new Sequential(new Conv2D(1, 8, 3, 1, 1), new ReLU(), new MaxPool2D(2), new Conv2D(8, 16, 3, 1, 1), new ReLU())
                .eval();
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
