package org.nn4j.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The extent check of every array that nn4j itself hands to native code (oneDNN's memory objects, cblas's GEMM
 * operands, {@link Host}'s bulk copies): before the call, every element the array's shape, strides and offset
 * address must lie inside its {@code DataBuffer}, and that buffer must not have been freed. Native code trusts the
 * pointer it is given; an array whose shape claims more than its buffer holds would read or write memory that
 * belongs to something else, and the JVM would die far from the cause, or a model would be silently corrupted.
 * Here it fails at once, with an {@link IllegalStateException} that names the kernel and the array.
 *
 * <p>The check is always on: it is a loop over the array's axes and makes no native call, so it costs far less
 * than the native call it guards.
 *
 * <p>ND4J's buffer of a view starts at the view's first element ({@code data().offset()} is the view's
 * offset into the allocation, whose length is {@code data().underlyingLength()}): a view may address the
 * elements from its first one to the end of the allocation.
 */
public final class Extents {

    private Extents() {
    }

    /**
     * Throws unless every element {@code a} addresses lies inside its buffer: for each axis {@code i}, the
     * element furthest from the first is {@code Σ (size_i − 1)·stride_i} away (positive strides forward,
     * negative ones backward), and both ends must be within the buffer's elements. An empty array addresses
     * nothing and passes.
     *
     * @param kernel names the native call in the message (e.g. {@code "oneDNN convolution forward"})
     * @param a      the array about to be handed to native code; not modified
     * @throws IllegalStateException naming the kernel, the array's shape, strides, offset and element size and its
     *                               buffer's length, when the array reaches outside its buffer or the buffer was freed
     */
    public static void check(String kernel, INDArray a) {
        if (a.isEmpty()) {
            return;
        }
        DataBuffer data = a.data();
        if (data == null || data.wasClosed() || data.address() == 0) {
            throw new IllegalStateException(kernel + ": an array's buffer was freed (closed) before the native call: "
                    + describe(a));
        }
        long forward = 0;
        long backward = 0;
        for (int d = 0; d < a.rank(); d++) {
            long reach = (a.size(d) - 1) * a.stride(d);
            if (reach > 0) {
                forward += reach;
            } else {
                backward += reach;
            }
        }
        long first = a.offset() - data.offset(); // 0 for every array ND4J makes: a view's buffer starts at the view
        long available = available(data);
        if (first + backward < 0 || first + forward >= available) {
            throw new IllegalStateException(kernel + ": an array reaches outside its buffer: " + describe(a)
                    + " addresses elements " + (first + backward) + " to " + (first + forward) + " from its buffer's start,"
                    + " and its allocation holds " + available + " from there (" + available * data.getElementSize()
                    + " bytes; offset " + data.offset() + " of " + data.underlyingLength() + " elements)");
        }
    }

    /**
     * Throws unless {@code bytes} bytes from {@code a}'s first element lie inside its buffer: what a native call
     * that is told a byte size (a oneDNN memory descriptor's size, say) will touch. Checks {@link #check} first.
     *
     * @param kernel names the native call in the message
     * @param a      the array about to be handed to native code; not modified
     * @param bytes  how many bytes from {@code a}'s first element the call reads or writes
     * @throws IllegalStateException naming the kernel, the array and both sizes, when they do not fit
     */
    public static void checkBytes(String kernel, INDArray a, long bytes) {
        check(kernel, a);
        DataBuffer data = a.data();
        long available = a.isEmpty() ? 0 : (available(data) - (a.offset() - data.offset())) * data.getElementSize();
        if (bytes > available) {
            throw new IllegalStateException(kernel + ": the native call would touch " + bytes + " bytes from an array's"
                    + " first element, its buffer holds " + available + ": " + describe(a));
        }
    }

    /**
     * The elements that exist from the buffer's start to the end of its allocation. Not the buffer's {@code length()}:
     * ND4J gives some strided views (reshaped ones) their element count there, less than the extent they address.
     */
    private static long available(DataBuffer data) {
        return Math.max(0, data.underlyingLength() - Math.max(0, data.offset()));
    }

    /** Shape, strides, offset and dtype: what a message needs to find the array. */
    static String describe(INDArray a) {
        return "shape " + Arrays.toString(a.shape()) + ", strides " + Arrays.toString(a.stride()) + ", offset "
                + a.offset() + ", " + a.dataType() + " (" + a.dataType().width() + " bytes an element)";
    }
}
