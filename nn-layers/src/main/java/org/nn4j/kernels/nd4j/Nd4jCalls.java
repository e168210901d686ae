package org.nn4j.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.kernels.Threads;

/**
 * How the ND4J implementations call ND4J's native convolution and pooling ops: on the kernel
 * threads, and a large batch in chunks of samples, one native call each. oneDNN's time per sample
 * (inside ND4J's ops) grew 1.5–2× once its tensors outgrew the L2 cache (1 MB per core here), e.g.
 * Conv2D 1→16 5×5 on 28×28 backward on one thread, 0.05 ms per sample in chunks of 32, 0.10 ms in
 * one batch of 256.
 */
final class Nd4jCalls {

    /**
     * The largest tensor of one native call, in bytes: 4 MB per kernel thread. Measured on 2 cores
     * with 1 MB of L2 each: on one thread 2 MB was best; on two, 8 MB (a 16/32-channel 5×5 MNIST CNN at batch 256,
     * 34.8 ms a step with 2 MB chunks, 27.8 with 4 MB, 25.9 with 8 MB, 37.7 with 16 MB).
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
