package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_blocked;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_memory_consumption_s64;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.Extents;
import org.nn4j.kernels.Threads;

/**
 * A oneDNN primitive bound to the layouts of the arrays it runs on. Where the implementation
 * oneDNN chose wants another layout (e.g. channels in blocks of 16), an input is converted into
 * a buffer before the call and an output converted back after it; the buffers are ND4J arrays,
 * so inside a step workspace they cost no new memory. Built once per shape, run many times; the
 * memory objects are reused with each call's addresses, so an instance belongs to one thread.
 *
 * <p>Each thread keeps the primitives it built, at most {@value #MAX_CACHED} of them and at most
 * {@value #MAX_CACHED_BYTES} bytes of their native memory and scratchpads: a program that feeds ever-new shapes
 * (every batch size) evicts the least recently used ones and frees their native objects. A thread's primitives,
 * its stream and its scratchpad are freed when the thread has ended (and been collected): a thread pool whose
 * threads come and go leaves nothing behind.
 */
final class OneDnnPrimitive {

    /**
     * Primitives kept per thread. A training run uses a handful of shapes (a few per layer, one more
     * for the last, smaller batch); each primitive holds a jit-compiled kernel of some kilobytes.
     */
    static final int MAX_CACHED = 128;
    /** Bytes of native memory and scratchpad (see {@link #bytes()}) the primitives kept per thread may need in all. */
    static final long MAX_CACHED_BYTES = 256L << 20;

    /** Frees a thread's primitives, stream and scratchpad once the thread is gone. */
    private static final Cleaner CLEANER = Cleaner.create();
    /** Primitives built and not yet freed, on every thread. */
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Threads whose oneDNN state (stream, primitives, scratchpad) is not yet freed. */
    private static final AtomicInteger LIVE_THREADS = new AtomicInteger();

    /** One primitive to execute: its arguments and, when it needs one, a scratchpad memory object set to the thread's buffer. */
    private static final class Step {
        final dnnl_primitive primitive;
        final int count;
        final dnnl_exec_arg_t args;
        final dnnl_memory scratchpad; // null when none is needed
        final long scratchpadBytes;

        Step(dnnl_primitive_desc pd, int[] kinds, dnnl_memory[] memories) {
            dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
            long bytes = md == null ? 0 : dnnl_memory_desc_get_size(md);
            this.primitive = OneDnn.primitive(pd);
            this.scratchpadBytes = bytes;
            this.scratchpad = bytes == 0 ? null : OneDnn.memory(md);
            int n = kinds.length;
            int[] k = Arrays.copyOf(kinds, bytes == 0 ? n : n + 1);
            dnnl_memory[] m = Arrays.copyOf(memories, k.length);
            if (bytes != 0) {
                k[n] = DNNL_ARG_SCRATCHPAD;
                m[n] = scratchpad;
            }
            this.count = k.length;
            this.args = execArgs(k, m);
        }

        void execute(ThreadState state) {
            if (scratchpad != null) {
                setAddress(scratchpad, state.scratchpad(scratchpadBytes));
            }
            OneDnn.check(dnnl_primitive_execute(primitive, state.stream, count, args), "running a primitive");
        }

        void destroy() {
            dnnl_primitive_destroy(primitive);
            if (scratchpad != null) {
                dnnl_memory_destroy(scratchpad);
            }
        }
    }

    /** One argument: what the primitive calls it, the caller's layout and, when they differ, the implementation's. */
    private static final class Argument {
        final boolean output;
        final long bytes; // of the layout the implementation works in
        final long userBytes; // of the caller's layout: what oneDNN touches from the array's first element
        final long[] userDims; // the caller's layout as oneDNN holds it, when it is a plain strided one (else null)
        final long[] userStrides;
        final dnnl_memory user;
        final dnnl_memory internal; // null when the caller's layout is the implementation's
        final Step reorder; // user → internal for an input, internal → user for an output

        Argument(boolean output, dnnl_memory_desc_t userLayout, dnnl_memory_desc_t chosen) {
            this.output = output;
            this.bytes = dnnl_memory_desc_get_size(chosen);
            this.userBytes = dnnl_memory_desc_get_size(userLayout);
            int rank = userLayout.ndims();
            if (userLayout.format_kind() == dnnl_blocked && userLayout.format_desc_blocking().inner_nblks() == 0) {
                userDims = new long[rank];
                userStrides = new long[rank];
                userLayout.dims().get(userDims);
                userLayout.format_desc_blocking().strides().get(userStrides);
            } else {
                userDims = null;
                userStrides = null;
            }
            this.user = OneDnn.memory(userLayout);
            if (dnnl_memory_desc_equal(userLayout, chosen) == 1) {
                internal = null;
                reorder = null;
            } else {
                internal = OneDnn.memory(chosen);
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                OneDnn.check(output
                        ? dnnl_reorder_primitive_desc_create(pd, chosen, OneDnn.engine(), userLayout, OneDnn.engine(), OneDnn.attributes())
                        : dnnl_reorder_primitive_desc_create(pd, userLayout, OneDnn.engine(), chosen, OneDnn.engine(), OneDnn.attributes()),
                        "choosing a layout conversion");
                track(pd);
                reorder = new Step(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO},
                        output ? new dnnl_memory[] {internal, user} : new dnnl_memory[] {user, internal});
            }
        }

        /** The memory object the primitive itself reads or writes. */
        dnnl_memory operand() {
            return internal == null ? user : internal;
        }

        void destroy() {
            dnnl_memory_destroy(user);
            if (internal != null) {
                dnnl_memory_destroy(internal);
                reorder.destroy();
            }
        }
    }

    /** How to build one argument: its kind ({@code DNNL_ARG_SRC}, ...), the query giving the chosen layout, the caller's layout. */
    record Spec(int kind, int query, int index, dnnl_memory_desc_t userLayout, boolean output) {
    }

    private final Step step;
    /** Names the operation in the message of a failed check ({@link #cached} sets it from the key). */
    private String kernel = "oneDNN";
    private final boolean onKernelThreads;
    private final Argument[] arguments;
    private final long bytes;
    private final long scratchpadBytes;

    /** A primitive that runs on {@link Threads#kernels()} (a convolution, a pooling). */
    OneDnnPrimitive(dnnl_primitive_desc pd, Spec... specs) {
        this(pd, true, specs);
    }

    /**
     * @param onKernelThreads false: on the calling thread's OpenMP threads as they are — for
     *                        element-wise work, which {@link Threads} widens for large arrays only
     *                        (waking a second thread for small activations costs more than it saves)
     */
    OneDnnPrimitive(dnnl_primitive_desc pd, boolean onKernelThreads, Spec... specs) {
        this.onKernelThreads = onKernelThreads;
        this.arguments = new Argument[specs.length];
        int[] kinds = new int[specs.length];
        dnnl_memory[] operands = new dnnl_memory[specs.length];
        for (int i = 0; i < specs.length; i++) {
            Spec s = specs[i];
            arguments[i] = new Argument(s.output(), s.userLayout(), dnnl_primitive_desc_query_md(pd, s.query(), s.index()));
            kinds[i] = s.kind();
            operands[i] = arguments[i].operand();
        }
        this.step = new Step(pd, kinds, operands);
        long scratch = step.scratchpadBytes;
        for (Argument a : arguments) {
            scratch = Math.max(scratch, a.reorder == null ? 0 : a.reorder.scratchpadBytes);
        }
        LongPointer consumption = new LongPointer(1);
        this.bytes = scratch + (dnnl_primitive_desc_query(pd, dnnl_query_memory_consumption_s64, 0, consumption) == 0
                ? Math.max(0, consumption.get()) : 0);
        consumption.close();
        this.scratchpadBytes = scratch;
        LIVE.incrementAndGet();
    }

    /** The size in bytes of argument {@code i} (in {@link Spec} order) in the layout the implementation works in: e.g. a workspace's. */
    long bytes(int i) {
        return arguments[i].bytes;
    }

    /** The native memory the primitive holds (oneDNN's {@code memory_consumption}) plus the largest scratchpad a call needs. */
    long bytes() {
        return bytes;
    }

    /**
     * Runs on {@code arrays}, one per {@link Spec} in the same order, in the layouts the primitive
     * was built for; outputs are overwritten.
     */
    void run(INDArray... arrays) {
        ThreadState state = STATE.get();
        INDArray[] buffers = new INDArray[arguments.length]; // referenced until the calls are done
        if (onKernelThreads) {
            Threads.kernels();
        }
        try {
            for (int i = 0; i < arguments.length; i++) {
                Argument a = arguments[i];
                if (a.output && arrays[i].length() >= OneDnn.ALIGNED_FROM && !OneDnn.isAligned(arrays[i])) { // caught before it can crash
                    throw new IllegalStateException("oneDNN: an output is not " + OneDnn.ALIGNMENT + "-byte aligned (make it"
                            + " with OneDnn.newArray): shape " + Arrays.toString(arrays[i].shape()));
                }
                checkLayout(i, arrays[i]);
                setAddress(a.user, OneDnn.address(kernel, arrays[i]));
                if (a.internal != null) {
                    buffers[i] = OneDnn.newArray((a.bytes + 3) / 4);
                    Extents.checkBytes(kernel + " (conversion buffer)", buffers[i], a.bytes);
                    setAddress(a.internal, OneDnn.address(kernel, buffers[i]));
                    if (!a.output) {
                        a.reorder.execute(state);
                    }
                }
            }
            step.execute(state);
            for (Argument a : arguments) {
                if (a.output && a.internal != null) {
                    a.reorder.execute(state);
                }
            }
        } finally {
            if (onKernelThreads) {
                Threads.done();
            }
            Reference.reachabilityFence(buffers);
            Reference.reachabilityFence(arrays);
        }
    }

    /**
     * Throws unless argument {@code i}'s array is laid out as the memory descriptor the primitive was built with
     * says: a plain strided descriptor of the array's rank must have its shape and, on every axis longer than 1, its
     * strides (then {@link Extents#check} bounds what oneDNN touches; oneDNN's own size of a strided descriptor,
     * {@code max(dims[d]·strides[d])}, may exceed a sub-array's extent). Any other descriptor (a workspace's, in
     * oneDNN's own layout) must fit in the array's buffer by its size in bytes.
     */
    private void checkLayout(int i, INDArray x) {
        Argument a = arguments[i];
        if (a.userDims == null || a.userDims.length != x.rank()) {
            Extents.checkBytes(kernel, x, a.userBytes);
            return;
        }
        for (int d = 0; d < a.userDims.length; d++) {
            if (a.userDims[d] != x.size(d) || (x.size(d) > 1 && a.userStrides[d] != x.stride(d))) {
                throw new IllegalStateException(kernel + ": argument " + i + " is laid out as shape "
                        + Arrays.toString(x.shape()) + ", strides " + Arrays.toString(x.stride())
                        + ", the primitive was built for shape " + Arrays.toString(a.userDims) + ", strides "
                        + Arrays.toString(a.userStrides));
            }
        }
    }

    private static void setAddress(dnnl_memory m, Pointer address) {
        OneDnn.check(dnnl_memory_set_data_handle(m, address), "setting a buffer");
    }

    private static dnnl_exec_arg_t execArgs(int[] kinds, dnnl_memory[] memories) {
        dnnl_exec_arg_t args = new dnnl_exec_arg_t(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            args.position(i).arg(kinds[i]).memory(memories[i]);
        }
        return args.position(0);
    }

    /** Frees the native objects; the primitive must not run again. */
    private void destroy() {
        LIVE.decrementAndGet();
        step.destroy();
        for (Argument a : arguments) {
            a.destroy();
        }
    }

    /**
     * One thread's oneDNN objects: its stream, the primitives it built (by {@link #key}, least recently used first),
     * and the scratchpad they share (a call uses it only while it runs). {@link #run()} frees them all: the
     * {@link #CLEANER} calls it once the thread is unreachable, so it must not refer to the thread.
     */
    private static final class ThreadState implements Runnable {
        final dnnl_stream stream = OneDnn.newStream();
        final LinkedHashMap<String, OneDnnPrimitive> built = new LinkedHashMap<>(16, 0.75f, true);
        long bytes; // of the primitives in built
        long evicted;
        private BytePointer scratchpad; // null until a primitive needs one
        private Pointer alignedScratchpad; // its first 64-byte aligned byte
        private long scratchpadCapacity;

        ThreadState() {
            LIVE_THREADS.incrementAndGet();
        }

        void put(String key, OneDnnPrimitive p) {
            built.put(key, p);
            bytes += p.bytes();
            var eldest = built.values().iterator();
            while (built.size() > MAX_CACHED || bytes > MAX_CACHED_BYTES && built.size() > 1) {
                OneDnnPrimitive e = eldest.next(); // never p: it is the most recently used
                eldest.remove();
                bytes -= e.bytes();
                e.destroy();
                evicted++;
                if (e.scratchpadBytes >= scratchpadCapacity) { // shrink to what the remaining ones need, on next use
                    freeScratchpad();
                }
            }
        }

        /** The address of a 64-byte aligned scratchpad of at least {@code size} bytes, for the call running now. */
        Pointer scratchpad(long size) {
            if (size > scratchpadCapacity) {
                freeScratchpad();
                scratchpad = new BytePointer(size + OneDnn.ALIGNMENT);
                long skip = (OneDnn.ALIGNMENT - scratchpad.address() % OneDnn.ALIGNMENT) % OneDnn.ALIGNMENT;
                alignedScratchpad = new BytePointer(scratchpad).position(skip);
                scratchpadCapacity = size;
            }
            return alignedScratchpad;
        }

        private void freeScratchpad() {
            if (scratchpad != null) {
                scratchpad.close();
                scratchpad = null;
                alignedScratchpad = null;
                scratchpadCapacity = 0;
            }
        }

        @Override
        public synchronized void run() {
            for (OneDnnPrimitive p : built.values()) {
                p.destroy();
            }
            built.clear();
            bytes = 0;
            freeScratchpad();
            dnnl_stream_destroy(stream);
            LIVE_THREADS.decrementAndGet();
        }
    }

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(() -> {
        ThreadState state = new ThreadState();
        CLEANER.register(Thread.currentThread(), state);
        return state;
    });
    /** The primitive descriptions made while a primitive is built on this thread, freed once it is. */
    private static final ThreadLocal<List<dnnl_primitive_desc>> DESCRIPTIONS = ThreadLocal.withInitial(ArrayList::new);

    /** The primitive built for {@code key} on this thread, built now if it is the first time. */
    static OneDnnPrimitive cached(String key, Supplier<OneDnnPrimitive> build) {
        ThreadState state = STATE.get();
        OneDnnPrimitive p = state.built.get(key);
        if (p == null) {
            // oneDNN fixes an implementation's thread count when choosing it: choose on the kernel threads it will run on.
            Threads.kernels();
            try {
                p = build.get();
            } finally {
                Threads.done();
                freeDescriptions(); // a primitive keeps its own copy
            }
            int operation = key.indexOf('[');
            p.kernel = "oneDNN " + (operation < 0 ? key : key.substring(0, operation));
            state.put(key, p);
        }
        return p;
    }

    /** Frees {@code pd} once the primitive being built on this thread is built. */
    static void track(dnnl_primitive_desc pd) {
        DESCRIPTIONS.get().add(pd);
    }

    private static void freeDescriptions() {
        List<dnnl_primitive_desc> made = DESCRIPTIONS.get();
        for (dnnl_primitive_desc pd : made) {
            dnnl_primitive_desc_destroy(pd);
        }
        made.clear();
    }

    /** Primitives kept on this thread. */
    static int cachedOnThisThread() {
        return STATE.get().built.size();
    }

    /** {@return the bytes ({@link #bytes()}) of the primitives kept on this thread} */
    static long cachedBytesOnThisThread() {
        return STATE.get().bytes;
    }

    /** Primitives this thread has freed to stay within {@link #MAX_CACHED} and {@link #MAX_CACHED_BYTES}. */
    static long evictedOnThisThread() {
        return STATE.get().evicted;
    }

    /** {@return primitives built and not yet freed, on every thread (a diagnostic for tests)} */
    static int live() {
        return LIVE.get();
    }

    /** {@return threads whose oneDNN state (stream, primitives, scratchpad) is not yet freed (a diagnostic for tests)} */
    static int liveThreads() {
        return LIVE_THREADS.get();
    }

    /**
     * {@code output ← f(input)} for a primitive with one source and one destination (a pooling, an
     * upsampling, an activation), built on first use for these shapes and strides.
     */
    static void runSourceToDestination(String operation, Supplier<dnnl_primitive_desc> pd, boolean onKernelThreads,
            INDArray input, INDArray output) {
        cached(key(operation, input, output), () -> new OneDnnPrimitive(pd.get(), onKernelThreads,
                new Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                new Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true)))
                .run(input, output);
    }

    /** An operation (with its parameters) and the shape and strides of every array it runs on (null: absent). */
    static String key(String operation, INDArray... arrays) {
        StringBuilder k = new StringBuilder(operation);
        for (INDArray a : arrays) {
            k.append(a == null ? "-" : Arrays.toString(a.shape()) + Arrays.toString(a.stride()));
        }
        return k.toString();
    }

    /** The arrays that are there, in order: the arguments of {@link #run} when some are optional. */
    static INDArray[] withoutNull(INDArray... arrays) {
        return Arrays.stream(arrays).filter(Objects::nonNull).toArray(INDArray[]::new);
    }
}
