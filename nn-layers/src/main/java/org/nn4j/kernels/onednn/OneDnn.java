package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_set_primitive_cache_capacity;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.kernels.Extents;

/**
 * oneDNN called directly (JavaCPP's {@code org.bytedeco:dnnl} presets), for float32 convolutions,
 * pooling, resampling and element-wise functions, on ND4J's own buffers: no copy in or out.
 *
 * <p>Why not through ND4J, which links oneDNN too: its {@code conv2d} picks channels-last
 * layouts whose conversions to and from NCHW cost more than the convolution (as {@code DNNL_VERBOSE=1}
 * shows),
 * converts the output buffer before writing over it, and builds its primitives on every call.
 * Here primitives are built once per shape and layouts are left to oneDNN ({@code any}), as
 * PyTorch does.
 *
 * <p>Used only where it can run: the CPU backend, float32, the library loaded (Linux x86-64),
 * and not switched off ({@link org.nn4j.core.RuntimeConfig#oneDnn()}). ND4J must be loaded first,
 * so that oneDNN runs in ND4J's OpenMP runtime (one libgomp in the process, whose thread count
 * {@link org.nn4j.kernels.Threads} sets).
 */
public final class OneDnn {

    /** Bytes to which every array that oneDNN writes is aligned: an AVX-512 register. */
    static final long ALIGNMENT = 64;
    /** From how many elements (256 KB of float32) the arrays oneDNN writes are aligned ({@link #newArray}). */
    static final long ALIGNED_FROM = 65_536;
    /**
     * Implementations oneDNN keeps in its own process-wide cache (its default is 1,024), unless
     * {@code ONEDNN_PRIMITIVE_CACHE_CAPACITY} says otherwise: each thread keeps its primitives anyway
     * ({@link OneDnnPrimitive#MAX_CACHED}); this cache lets a new thread reuse the jit-compiled kernels of another. A
     * full cache of 1,024 held about 180 MB (a small CNN run at 400 batch sizes, measured).
     */
    static final int PRIMITIVE_CACHE_CAPACITY = 128;
    private static final String UNAVAILABLE;
    private static final dnnl_engine ENGINE;
    /**
     * Every primitive's attributes: the scratchpad is the caller's ({@code dnnl_scratchpad_mode_user}), a buffer of the
     * calling thread's {@link OneDnnPrimitive} cache. In oneDNN's default mode, jit kernels share a scratchpad kept
     * in a C++ {@code thread_local} that is freed only when the last primitive built on that thread is destroyed on
     * that same thread: a thread that ends leaves it behind, and a primitive freed from another thread corrupts the
     * count.
     */
    private static final dnnl_primitive_attr ATTRIBUTES;

    /** Tests compare both paths in one JVM by flipping this. */
    static volatile boolean enabled = Nn4jRuntime.config().oneDnn();

    static {
        String why = null;
        dnnl_engine engine = null;
        dnnl_primitive_attr attributes = null;
        try {
            if (!Nd4j.getEnvironment().isCPU()) {
                why = "not the CPU backend";
            } else {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                if (System.getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") == null && System.getenv("DNNL_PRIMITIVE_CACHE_CAPACITY") == null) {
                    check(dnnl_set_primitive_cache_capacity(PRIMITIVE_CACHE_CAPACITY), "bounding the primitive cache");
                }
                engine = new dnnl_engine();
                check(dnnl_engine_create(engine, dnnl_cpu, 0), "creating the CPU engine");
                attributes = new dnnl_primitive_attr();
                check(dnnl_primitive_attr_create(attributes), "creating attributes");
                check(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "setting the scratchpad mode");
            }
        } catch (Throwable e) { // no natives for this platform, or they fail to load: ND4J's ops instead
            why = e.toString();
            engine = null;
        }
        UNAVAILABLE = why;
        ENGINE = engine;
        ATTRIBUTES = attributes;
    }

    private OneDnn() {
    }

    /**
     * Whether the arrays (nulls skipped) can go to oneDNN: available, switched on, all float32.
     *
     * @param arrays the operands; not modified
     * @return true when oneDNN may run on them
     */
    public static boolean canRun(INDArray... arrays) {
        if (!enabled || ENGINE == null) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a != null && a.dataType() != DataType.FLOAT) {
                return false;
            }
        }
        return true;
    }

    /** {@return why oneDNN is not used at all, or null when it is available} */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    static dnnl_engine engine() {
        return ENGINE;
    }

    /** The attributes every primitive is made with: a scratchpad the caller passes ({@code DNNL_ARG_SCRATCHPAD}). */
    static dnnl_primitive_attr attributes() {
        return ATTRIBUTES;
    }

    /** {@code x}'s layout as it is in memory: its shape and strides, in elements. */
    static dnnl_memory_desc_t describe(INDArray x) {
        long[] shape = x.shape();
        long[] strides = x.stride().clone();
        // ND4J may give a size-1 axis any stride; give it the dense one, which oneDNN recognises.
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                strides[d] = d == shape.length - 1 ? 1 : strides[d + 1] * shape[d + 1];
            }
        }
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(md, shape.length, shape, dnnl_f32, strides), "describing an array");
        return md;
    }

    /**
     * Whether {@code x}'s elements fill one block of memory, in c or in f order (an axis of size 1
     * may have any stride). ND4J's {@code Shape.hasDefaultStridesForShape} says no to the c-order
     * {@code [128, 1, 28, 28]} with strides {@code [784, 784, 28, 1]} that a convolution returns.
     *
     * @param x not modified
     * @return true when the elements are one contiguous block in c or f order
     */
    public static boolean isDense(INDArray x) {
        return isDense(x, true) || isDense(x, false);
    }

    private static boolean isDense(INDArray x, boolean cOrder) {
        long[] shape = x.shape();
        long[] strides = x.stride();
        long expected = 1;
        for (int i = 0; i < shape.length; i++) {
            int d = cOrder ? shape.length - 1 - i : i;
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /**
     * A new float32 c-ordered array, uninitialised, for oneDNN to write: from {@value #ALIGNED_FROM}
     * elements on, its first element is 64-byte aligned. oneDNN's kernels write large outputs with
     * aligned (non-temporal) stores, which fault on ND4J's 16-byte aligned buffers: Upsample2D's
     * {@code [16, 8, 192, 192]} output took the JVM down with a SIGSEGV, an aligned one did not
     * (measured). Such an array is a view into one allocation 64 bytes longer; smaller arrays are plain
     * ND4J arrays (no crash was ever seen on one, and views would take small GEMMs off their fast path).
     *
     * @param shape the array's shape
     * @return a new float32 c-ordered array, uninitialised
     */
    public static INDArray newArray(long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        if (length < ALIGNED_FROM) {
            return Nd4j.createUninitialized(DataType.FLOAT, shape);
        }
        INDArray block = Nd4j.createUninitialized(DataType.FLOAT, length + ALIGNMENT / 4);
        long skip = (ALIGNMENT - block.data().address() % ALIGNMENT) % ALIGNMENT / 4;
        return Nd4j.create(block.data(), shape, Nd4j.getStrides(shape, 'c'), skip, 'c');
    }

    /** Whether {@code x}'s first element is 64-byte aligned (see {@link #newArray}). */
    static boolean isAligned(INDArray x) {
        return (x.data().address() + x.offset() * x.dataType().width()) % ALIGNMENT == 0;
    }

    /** A float32 layout by oneDNN tag ({@code dnnl_format_tag_any} lets a primitive choose). */
    static dnnl_memory_desc_t layout(long[] dims, int tag) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "describing a layout");
        return md;
    }

    /** The best implementation oneDNN has for an operation descriptor; {@code hint} is the forward one of a backward pass. */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), ATTRIBUTES, ENGINE, hint), "choosing an implementation");
        OneDnnPrimitive.track(pd);
        return pd;
    }

    static dnnl_primitive primitive(dnnl_primitive_desc pd) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), "creating a primitive");
        return p;
    }

    /** A memory object of layout {@code md} whose buffer is set before each use. */
    static dnnl_memory memory(dnnl_memory_desc_t md) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, md, ENGINE, null), "creating a memory object");
        return m;
    }

    /**
     * The address of {@code x}'s first element (a view's offset included), after checking that every
     * element {@code x}'s shape and strides reach lies inside its buffer ({@link Extents#check}): oneDNN reads
     * and writes exactly that extent, and nothing outside ND4J's memory may be touched.
     *
     * @param kernel names the oneDNN call in the message of a failed check
     */
    static Pointer address(String kernel, INDArray x) {
        Extents.check(kernel, x);
        // A view's buffer starts where its parent's does (address()): the view's offset counts from there.
        return new Address(x.data().address() + x.offset() * x.dataType().width());
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed " + what + ": status " + status + " (dnnl_status_t)");
        }
    }

    /** A new stream (oneDNN streams are not thread-safe; CPU ones run in the calling thread); the caller destroys it. */
    static dnnl_stream newStream() {
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, ENGINE, dnnl_stream_default_flags), "creating a stream");
        return s;
    }

    /** A raw address as a JavaCPP pointer (a {@code void *} argument). */
    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
