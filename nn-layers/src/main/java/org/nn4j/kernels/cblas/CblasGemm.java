package org.nn4j.kernels.cblas;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.nd4j.linalg.api.blas.Level3;
import org.nd4j.linalg.api.blas.impl.BaseLevel3;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.Extents;

/**
 * GEMM by cblas directly (OpenBLAS's {@code sgemm}/{@code dgemm}), for small GEMMs of dense operands.
 *
 * <p>Two routes. {@code Nd4j.gemm} runs ND4J's Mmul op (oneDNN's matmul in the -onednn builds, faster
 * than OpenBLAS on large GEMMs) with an op overhead per call (op context, argument buffers) that is most
 * of the cost of the small GEMMs of an MLP's step — Linear's bias rows and bias gradient are rank-1
 * GEMMs. ND4J's public {@code Level3.gemm} goes through the same Mmul op in 1.0.0-M2.1, but its
 * backend's protected {@code sgemm}/{@code dgemm} call cblas directly (OpenBLAS, a tenth of the
 * overhead, about half the speed on large GEMMs). So a small GEMM of dense operands goes
 * there: up to {@link #DIRECT_MAX_MNK} multiply-adds, which is also where OpenBLAS stops running a GEMM on the
 * calling thread alone (above it, waking its thread pool costs more than the call, see nn-core's
 * optim/Blas). Everything else, and every backend but the CPU, takes {@code Nd4j.gemm} ({@link org.nn4j.kernels.Gemm}).
 */
public final class CblasGemm {

    /**
     * M·N·K up to which a GEMM goes to cblas directly: OpenBLAS 0.3.19 runs it single-threaded (measured:
     * 64·64·64 keeps to the calling thread, 65·64·64 also runs a second one).
     */
    public static final long DIRECT_MAX_MNK = 65_536L * 4;
    /** BaseLevel3's protected sgemm and dgemm, bound to this backend's Level3; null when unavailable. */
    private static final Level3 LEVEL3 = Nd4j.getEnvironment().isCPU() ? Nd4j.getBlasWrapper().level3() : null;
    private static final MethodHandle SGEMM = protectedGemm("sgemm", float.class);
    private static final MethodHandle DGEMM = protectedGemm("dgemm", double.class);

    private CblasGemm() {
    }

    /**
     * {@code c = alpha · op(a) · op(b) + beta · c}, in place, for operands {@link #canRun} accepts
     * (with beta = 0 the old contents of {@code c} are ignored, so it may be uninitialised).
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
        // Column-major cblas sees the c-ordered c [m, n] as cᵀ, so it computes cᵀ = op(b)ᵀ · op(a)ᵀ;
        // a c-ordered operand is already its own transpose there, an f-ordered one is not.
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (transposeA ? a.size(0) : a.size(1));
        char opB = transposeB == (b.ordering() == 'c') ? 'T' : 'N';
        char opA = transposeA == (a.ordering() == 'c') ? 'T' : 'N';
        // What cblas reads and writes: column-major matrices of the sizes and leading dimensions it is told.
        String kernel = "cblas " + (c.dataType() == DataType.FLOAT ? "sgemm" : "dgemm");
        checkOperand(kernel, "b", b, opB == 'N' ? n : k, opB == 'N' ? k : n, leading(b));
        checkOperand(kernel, "a", a, opA == 'N' ? k : m, opA == 'N' ? m : k, leading(a));
        checkOperand(kernel, "c", c, n, m, n);
        try {
            if (c.dataType() == DataType.FLOAT) {
                SGEMM.invoke((BaseLevel3) LEVEL3, 'f', opB, opA, n, m, k, (float) alpha, b, leading(b), a, leading(a),
                        (float) beta, c, n);
            } else {
                DGEMM.invoke((BaseLevel3) LEVEL3, 'f', opB, opA, n, m, k, alpha, b, leading(b), a, leading(a),
                        beta, c, n);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("CblasGemm: cblas call failed", e);
        }
        return c;
    }

    /**
     * Whether cblas can take the GEMM as it is: small, float or double throughout, every array dense from its buffer's start.
     *
     * @param a          the left operand; not modified
     * @param transposeA whether op(a) is aᵀ
     * @param b          the right operand; not modified
     * @param c          the result; not modified
     * @return true when {@link #multiply} may be called with these arrays
     */
    public static boolean canRun(INDArray a, boolean transposeA, INDArray b, INDArray c) {
        if (SGEMM == null || DGEMM == null) {
            return false;
        }
        DataType dataType = c.dataType();
        if ((dataType != DataType.FLOAT && dataType != DataType.DOUBLE)
                || a.dataType() != dataType || b.dataType() != dataType || a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            return false;
        }
        long mnk = c.size(0) * c.size(1) * (transposeA ? a.size(0) : a.size(1));
        return mnk <= DIRECT_MAX_MNK && c.ordering() == 'c' && dense(a) && dense(b) && dense(c);
    }

    /**
     * True when the elements of {@code a} [rows, columns] are exactly its buffer's, in the order its
     * {@code ordering()} says: cblas is handed the buffer's first address and a leading dimension.
     */
    private static boolean dense(INDArray a) {
        DataBuffer data = a.data();
        if (a.offset() != 0 || data.offset() != 0 || a.length() != data.length()) {
            return false;
        }
        long rows = a.size(0);
        long columns = a.size(1);
        return a.ordering() == 'c'
                ? (columns == 1 || a.stride(1) == 1) && (rows == 1 || a.stride(0) == columns)
                : (rows == 1 || a.stride(0) == 1) && (columns == 1 || a.stride(1) == rows);
    }

    /**
     * Throws unless {@code x} is dense from its buffer's start ({@link #dense}: cblas gets the buffer's address and
     * ignores the strides) and its buffer holds the column-major {@code rows × columns} matrix of leading dimension
     * {@code ld} that cblas is told it is: {@code ld·(columns − 1) + rows} elements.
     */
    private static void checkOperand(String kernel, String name, INDArray x, long rows, long columns, long ld) {
        Extents.check(kernel, x);
        if (!dense(x)) {
            throw new IllegalStateException(kernel + ": operand " + name + " is not dense from its buffer's start: shape "
                    + Arrays.toString(x.shape()) + ", strides " + Arrays.toString(x.stride()) + ", offset " + x.offset()
                    + ", buffer length " + x.data().length());
        }
        long reach = rows == 0 || columns == 0 ? 0 : ld * (columns - 1) + rows;
        if (ld < Math.max(1, rows) || reach > x.data().length()) {
            throw new IllegalStateException(kernel + ": operand " + name + " would be read as a " + rows + " × " + columns
                    + " column-major matrix of leading dimension " + ld + " (" + reach + " elements); it has shape "
                    + Arrays.toString(x.shape()) + ", strides " + Arrays.toString(x.stride()) + ", offset " + x.offset()
                    + ", buffer length " + x.data().length());
        }
    }

    /** The leading dimension of a dense matrix as cblas's column-major sees it. */
    private static int leading(INDArray a) {
        return (int) Math.max(1, a.ordering() == 'c' ? a.size(1) : a.size(0));
    }

    private static MethodHandle protectedGemm(String name, Class<?> scalar) {
        if (LEVEL3 == null) {
            return null;
        }
        try {
            Method gemm = BaseLevel3.class.getDeclaredMethod(name, char.class, char.class, char.class, int.class,
                    int.class, int.class, scalar, INDArray.class, int.class, INDArray.class, int.class, scalar,
                    INDArray.class, int.class);
            gemm.setAccessible(true);
            return MethodHandles.lookup().unreflect(gemm);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another ND4J version: Nd4j.gemm for everything
        }
    }
}
