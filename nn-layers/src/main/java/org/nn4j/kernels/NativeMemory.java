package org.nn4j.kernels;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The allocation check every kernel facade makes, once, before any native call: the arrays a kernel is about to
 * allocate must fit in the configured native-memory limits. Without it, a request no allocator can meet (a
 * {@code Conv2D(1, 512, 3)} on {@code [64, 1, 1024, 1024]} asks for 137 GB) took the JVM down inside ND4J's
 * allocation instead of throwing.
 *
 * <p>The limits are JavaCPP's, which ND4J's CPU backend reads too: {@code org.bytedeco.javacpp.maxbytes}
 * ({@link Pointer#maxBytes()}, by default the JVM's {@code -Xmx}) for one request plus what JavaCPP counts as
 * in use ({@link Pointer#totalBytes()}), and {@code org.bytedeco.javacpp.maxphysicalbytes}
 * ({@link Pointer#maxPhysicalBytes()}) for the whole process, heap included, checked for requests of
 * {@value #LARGE_MB} MB or more (it reads the process's resident size, a system call). A request larger than the
 * machine's memory is refused whatever the limits say. A refused request throws {@link OutOfMemoryError}, as
 * JavaCPP does for its own allocations: nothing has been allocated, the JVM is intact, and the message says how
 * much was asked for, what the limit is and how to raise it.
 *
 * <p>Small requests cost a few multiplications and two reads of Java fields: no native call.
 */
public final class NativeMemory {

    /** Requests from this size on also check the process's resident size against the physical limit. */
    static final long LARGE_MB = 64;
    private static final long LARGE = LARGE_MB << 20;

    private NativeMemory() {
    }

    /**
     * Throws unless arrays of {@code type} with the given shapes can be allocated within the limits.
     *
     * @param kernel names the caller in the message, e.g. "Conv2D"
     * @param result names what is allocated, e.g. "output"
     * @param type   the arrays' dtype
     * @param shapes the shapes about to be allocated; not modified
     * @throws OutOfMemoryError when they do not fit: how many bytes were asked for, the limit, and how to raise it
     */
    public static void require(String kernel, String result, DataType type, long[]... shapes) {
        long elements = 0;
        boolean overflow = false;
        for (long[] shape : shapes) {
            long n = 1;
            for (long d : shape) {
                long product = n * d;
                if (d != 0 && (product / d != n || product < 0)) {
                    overflow = true;
                }
                n = product;
            }
            elements += n;
            overflow |= elements < 0;
        }
        long bytes = overflow || elements > Long.MAX_VALUE / type.width() ? Long.MAX_VALUE : elements * type.width();
        long max = Pointer.maxBytes();
        long inUse = Pointer.totalBytes();
        if (max > 0 && bytes > max - inUse) {
            throw new OutOfMemoryError(kernel + ": its " + result + ", " + describe(type, shapes) + size(bytes)
                    + " of native memory, more than the limit org.bytedeco.javacpp.maxbytes = " + size(max)
                    + (inUse >= 1 << 20 ? " (" + size(inUse) + " of it in use)" : "")
                    + " allows; use a smaller batch or raise the limit with -Dorg.bytedeco.javacpp.maxbytes=<bytes>"
                    + " (e.g. " + suggestion(bytes + inUse) + "; -Dorg.bytedeco.javacpp.maxphysicalbytes, which counts the"
                    + " heap too, must then be larger still)");
        }
        if (bytes >= LARGE) {
            requirePhysical(kernel + ": its " + result + ", ", type, shapes, bytes);
        }
    }

    /**
     * A new uninitialised c-ordered array, after {@link #require} has checked that it fits.
     *
     * @param kernel names the caller in the message
     * @param result names what is allocated
     * @param type   its dtype
     * @param shape  its shape; not modified
     * @return the array
     * @throws OutOfMemoryError as {@link #require}
     */
    public static INDArray allocate(String kernel, String result, DataType type, long... shape) {
        require(kernel, result, type, shape);
        return Nd4j.createUninitialized(type, shape);
    }

    private static void requirePhysical(String what, DataType type, long[][] shapes, long bytes) {
        long machine = Pointer.totalPhysicalBytes();
        if (machine > 0 && bytes > machine) {
            throw new OutOfMemoryError(what + describe(type, shapes) + size(bytes)
                    + " of native memory, more than this machine has (" + size(machine) + "); use a smaller batch");
        }
        long maxPhysical = Pointer.maxPhysicalBytes();
        if (maxPhysical > 0) {
            long resident = Pointer.physicalBytes();
            if (bytes > maxPhysical - resident) {
                throw new OutOfMemoryError(what + describe(type, shapes) + size(bytes)
                        + " of native memory, but the process already uses " + size(resident) + " of the limit"
                        + " org.bytedeco.javacpp.maxphysicalbytes = " + size(maxPhysical) + "; use a smaller batch or"
                        + " raise the limit with -Dorg.bytedeco.javacpp.maxphysicalbytes=<bytes> (e.g. "
                        + suggestion(bytes + resident) + ")");
            }
        }
    }

    private static String describe(DataType type, long[][] shapes) {
        StringBuilder s = new StringBuilder(shapes.length == 1 ? "an array " : "arrays ");
        for (int i = 0; i < shapes.length; i++) {
            s.append(i == 0 ? "" : " + ").append(Arrays.toString(shapes[i]));
        }
        return s.append(' ').append(type).append(shapes.length == 1 ? " needs " : " need ").toString();
    }

    /** Bytes as people read them: "4 GiB (4294967296 bytes)". */
    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than " + Long.MAX_VALUE + " bytes";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }

    /** A limit above {@code bytes} in whole GiB, as the property takes it: "16G". */
    private static String suggestion(long bytes) {
        if (bytes == Long.MAX_VALUE || bytes < 0) {
            return "a larger value";
        }
        return ((bytes >> 30) + 1) + "G";
    }
}
