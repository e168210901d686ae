package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GEMM helpers with transpose flags, so no transposed copies are made. */
final class Gemm {

    private Gemm() {
    }

    /**
     * {@code c += op(a) · op(b)} in place, where op transposes when its flag is set.
     *
     * <p>{@code c} must be c-ordered and not a view (parameter gradients are). ND4J's GEMM
     * writes f-ordered results, and a c-ordered {@code [m, n]} buffer is the f-ordered
     * {@code [n, m]} matrix cᵀ, so we compute {@code cᵀ += op(b)ᵀ · op(a)ᵀ} into it instead.
     *
     * @param a not modified
     * @param b not modified
     * @param c modified
     */
    static void accumulate(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
        Nd4j.gemm(b, a, c.transpose(), !transposeB, !transposeA, 1.0, 1.0);
    }
}
