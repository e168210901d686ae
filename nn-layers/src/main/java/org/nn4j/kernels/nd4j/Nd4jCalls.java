package org.nn4j.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.kernels.Threads;

/**
 * How the ND4J implementations call ND4J's native convolution and pooling ops: on the kernel
 * threads, and a large batch in chunks of samples, one native call each: oneDNN's time per sample
 * (inside ND4J's ops) grows once its tensors outgrow the L2 cache.
 */
final class Nd4jCalls {

    /**
     * The largest tensor of one native call, in bytes: 4 MB per kernel thread, the best size measured
     * on 2 cores with 1 MB of L2 each (2 MB on one thread, 8 MB on two).
     */
    static final long CHUNK_BYTES = (4L << 20) * Threads.kernelThreads();

    private Nd4jCalls() {
    }

    /** One native kernel call, on the kernel threads. */
    static void exec(DynamicCustomOp op) {
        Threads.kernels();
        try {
            Nd4j.exec(op);
        } finally {
            Threads.done();
        }
    }

    /**
     * The batch split into equal runs of samples {@code {from, to}} whose larger tensor, of
     * {@code a} and {@code b}, stays within {@link #CHUNK_BYTES}; one run when it fits whole.
     */
    static long[][] chunks(INDArray a, INDArray b) {
        return chunks(a, b, CHUNK_BYTES);
    }

    /** {@link #chunks(INDArray, INDArray)} with another limit, in bytes. */
    static long[][] chunks(INDArray a, INDArray b, long chunkBytes) {
        long n = a.size(0);
        long bytesPerSample = Math.max(a.length(), b.length()) / n * a.dataType().width();
        long count = Math.min(n, Math.max(1, (n * bytesPerSample + chunkBytes - 1) / chunkBytes));
        long[][] runs = new long[(int) count][];
        for (int i = 0; i < count; i++) {
            runs[i] = new long[] {n * i / count, n * (i + 1) / count};
        }
        return runs;
    }

    /** Samples {@code c[0]} to {@code c[1]} − 1 of {@code x}: {@code x} itself when that is all of it, else a view. */
    static INDArray rows(INDArray x, long[] c) {
        return c[0] == 0 && c[1] == x.size(0) ? x : x.get(NDArrayIndex.interval(c[0], c[1]));
    }
}
