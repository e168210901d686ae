package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GEMM helpers with transpose flags, so no transposed copies are made. */
final class Gemm {

    private Gemm() {
    }

    /**
     * {@code c += op(a) · op(b)} in place, where op transposes when its flag is set: one GEMM with
     * beta = 1, no temporary.
     *
     * <p>{@code c} must be c-ordered and contiguous from offset 0: a parameter gradient, or a reshape
     * of one (Linear's bias gradient as {@code [out, 1]}), not a view into an f-ordered array. ND4J
     * writes a c-ordered {@code c} correctly, and 2–4× faster than through its f-ordered transpose (measured).
     *
     * @param a not modified
     * @param b not modified
     * @param c modified
     */
    static void accumulate(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 1.0);
    }
}
