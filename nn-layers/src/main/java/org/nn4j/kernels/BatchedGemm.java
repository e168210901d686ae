package org.nn4j.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of matrix products in one call, {@code c[i] = alpha · op(a[i]) · op(b[i])} for {@code [B, M, K]} by
 * {@code [B, K, N]}, with transpose flags so that no transposed copies are made: PyTorch's {@code torch.bmm}. ND4J's
 * batched matmul op does the work (one native call for the whole batch, oneDNN's matmul in the {@code -onednn}
 * builds); it reads views and any layout of {@code a} and {@code b}. Arguments are not modified; the result is a new
 * c-ordered array, checked against the native-memory limits ({@link NativeMemory}) before it is allocated.
 *
 * <p>Empty operands compute nothing: a batch of 0 (or M or N of 0) gives an empty result, an inner dimension of 0
 * gives zeros, as {@code torch.bmm}.
 */
public final class BatchedGemm {

    private BatchedGemm() {
    }

    /**
     * {@code c[i] = alpha · op(a[i]) · op(b[i])} for every i of the batch, into a new array.
     *
     * @param kernel     names the caller in messages, e.g. "MultiheadAttention"
     * @param a          {@code [B, M, K]}, or {@code [B, K, M]} with {@code transposeA}; not modified
     * @param transposeA use {@code a[i]ᵀ}
     * @param b          {@code [B, K, N]}, or {@code [B, N, K]} with {@code transposeB}; not modified
     * @param transposeB use {@code b[i]ᵀ}
     * @param alpha      the products' factor
     * @return a new c-ordered {@code [B, M, N]}
     * @throws IllegalArgumentException when the operands are not rank 3, or their batches or inner dimensions differ
     */
    public static INDArray multiply(String kernel, INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha) {
        long[] shape = outputShape(kernel, a, transposeA, b, transposeB);
        return multiply(kernel, a, transposeA, b, transposeB, alpha, NativeMemory.allocate(kernel, "batched product", a.dataType(), shape));
    }

    /**
     * {@code c[i] = alpha · op(a[i]) · op(b[i])} for every i of the batch, into {@code c} (its old contents ignored).
     *
     * @param kernel     names the caller in messages, e.g. "MultiheadAttention"
     * @param a          {@code [B, M, K]}, or {@code [B, K, M]} with {@code transposeA}; not modified
     * @param transposeA use {@code a[i]ᵀ}
     * @param b          {@code [B, K, N]}, or {@code [B, N, K]} with {@code transposeB}; not modified
     * @param transposeB use {@code b[i]ᵀ}
     * @param alpha      the products' factor
     * @param c          modified: {@code [B, M, N]} of the operands' dtype, c-ordered and dense (a new array, or a reshape
     *                   of one: the rows {@code [B·M, N]} that a softmax then takes)
     * @return c
     * @throws IllegalArgumentException when the operands are not rank 3, their batches or inner dimensions differ, or
     *         {@code c} is not a dense c-ordered {@code [B, M, N]} of their dtype
     */
    public static INDArray multiply(String kernel, INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha,
            INDArray c) {
        long[] shape = outputShape(kernel, a, transposeA, b, transposeB);
        if (!Arrays.equals(shape, c.shape()) || c.dataType() != a.dataType() || b.dataType() != a.dataType() || !dense(c)) {
            throw new IllegalArgumentException(kernel + ": batched product of " + describe(a, transposeA) + " and "
                    + describe(b, transposeB) + " into " + Arrays.toString(c.shape()) + " " + c.ordering() + " " + c.dataType()
                    + ": expected a dense c-ordered " + Arrays.toString(shape) + " " + a.dataType());
        }
        if (c.isEmpty()) {
            return c;
        }
        if (a.size(transposeA ? 1 : 2) == 0) {
            return c.assign(0);
        }
        // alpha inside the product, not a pass over c afterwards
        MMulTranspose transposes = MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build();
        Nd4j.exec(new Mmul(a, b, c, alpha, 0.0, transposes));
        return c;
    }

    /**
     * Whether {@code c}'s elements lie in c order one after the other (the stride of an axis of size 1 does not matter,
     * nor an empty array's strides).
     */
    private static boolean dense(INDArray c) {
        if (c.isEmpty()) {
            return true;
        }
        long step = 1;
        for (int d = c.rank() - 1; d >= 0; d--) {
            if (c.size(d) > 1 && c.stride(d) != step) {
                return false;
            }
            step *= c.size(d);
        }
        return true;
    }

    /** {@code [B, M, N]}, after checking the operands. */
    private static long[] outputShape(String kernel, INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        if (a.rank() != 3 || b.rank() != 3 || a.size(0) != b.size(0)
                || a.size(transposeA ? 1 : 2) != b.size(transposeB ? 2 : 1)) {
            throw new IllegalArgumentException(kernel + ": batched product of " + describe(a, transposeA) + " and "
                    + describe(b, transposeB) + ": expected [B, M, K] and [B, K, N]");
        }
        return new long[] {a.size(0), a.size(transposeA ? 2 : 1), b.size(transposeB ? 1 : 2)};
    }

    private static String describe(INDArray x, boolean transposed) {
        return Arrays.toString(x.shape()) + (transposed ? "ᵀ" : "");
    }
}
