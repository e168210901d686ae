package org.nn4j.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
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
     * {@code c[i] = alpha · op(a[i]) · op(b[i])} for every i of the batch.
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
        if (a.rank() != 3 || b.rank() != 3 || a.size(0) != b.size(0)
                || a.size(transposeA ? 1 : 2) != b.size(transposeB ? 2 : 1)) {
            throw new IllegalArgumentException(kernel + ": batched product of " + describe(a, transposeA) + " and "
                    + describe(b, transposeB) + ": expected [B, M, K] and [B, K, N]");
        }
        long batch = a.size(0);
        long m = a.size(transposeA ? 2 : 1);
        long n = b.size(transposeB ? 1 : 2);
        long inner = a.size(transposeA ? 1 : 2);
        INDArray c = NativeMemory.allocate(kernel, "batched product", a.dataType(), batch, m, n);
        if (c.isEmpty()) {
            return c;
        }
        if (inner == 0) {
            return c.assign(0);
        }
        Nd4j.matmul(a, b, c, transposeA, transposeB, false);
        return alpha == 1 ? c : c.muli(alpha);
    }

    private static String describe(INDArray x, boolean transposed) {
        return Arrays.toString(x.shape()) + (transposed ? "ᵀ" : "");
    }
}
