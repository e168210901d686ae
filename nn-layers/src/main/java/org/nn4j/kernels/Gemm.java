package org.nn4j.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.cblas.CblasGemm;

/**
 * {@code c = alpha · op(a) · op(b) + beta · c} with transpose flags, so no transposed copies are made.
 * Small GEMMs of dense float or double operands on the CPU call cblas directly ({@link CblasGemm}:
 * a tenth of the overhead of ND4J's op); everything else goes to {@code Nd4j.gemm}, the
 * reference (ND4J's Mmul op, oneDNN's matmul in the {@code -onednn} builds).
 *
 * <p>{@code c} must be c-ordered and contiguous from offset 0: a parameter gradient, or a reshape of
 * one (Linear's bias gradient as {@code [out, 1]}), not a view into an f-ordered array. ND4J writes a
 * c-ordered {@code c} correctly, and faster than through its f-ordered transpose (measured).
 *
 * <p>Empty operands (a batch of 0) compute nothing: an empty {@code c} is returned as it is, and an inner dimension
 * of 0 leaves {@code beta · c}, as in PyTorch's {@code addmm}.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * A new uninitialised c-ordered matrix for the {@code c} of {@link #multiply} (a layer's output or dL/dinput),
     * after checking that it fits in the native-memory limits ({@link NativeMemory}).
     *
     * @param kernel names the caller in the message, e.g. "Linear"
     * @param what  names the result in the message, e.g. "output"
     * @param type  its dtype
     * @param rows  its rows (0 for an empty batch)
     * @param cols  its columns
     * @return the matrix
     * @throws OutOfMemoryError when it does not fit in the native-memory limits
     */
    public static INDArray output(String kernel, String what, DataType type, long rows, long cols) {
        return NativeMemory.allocate(kernel, what, type, rows, cols);
    }

    /**
     * {@code c += op(a) · op(b)} in place: one GEMM with beta = 1, no temporary.
     *
     * @param a not modified
     * @param b not modified
     * @param c modified
     * @param transposeA use aᵀ for op(a)
     * @param transposeB use bᵀ for op(b)
     */
    public static void accumulate(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
        multiply(a, transposeA, b, transposeB, c, 1.0, 1.0);
    }

    /**
     * {@code c = alpha · op(a) · op(b) + beta · c}, in place (with beta = 0 the old contents of {@code c}
     * are ignored, so it may be uninitialised).
     *
     * @param a not modified
     * @param b not modified
     * @param c modified
     * @param transposeA use aᵀ for op(a)
     * @param transposeB use bᵀ for op(b)
     * @param alpha      the product's factor
     * @param beta       the factor of {@code c}'s old contents
     * @return c
     */
    public static INDArray multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c,
            double alpha, double beta) {
        if (c.isEmpty()) {
            return c; // an empty batch: no rows (or columns) to compute
        }
        if (a.isEmpty() || b.isEmpty()) { // an inner dimension of 0: op(a)·op(b) is zero, c = beta·c
            return beta == 0 ? c.assign(0) : beta == 1 ? c : c.muli(beta);
        }
        if (CblasGemm.canRun(a, transposeA, b, c)) {
            return CblasGemm.multiply(a, transposeA, b, transposeB, c, alpha, beta);
        }
        return Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
    }
}
