package org.nn4j.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How many OpenMP threads ND4J's native kernels get, switched per call on the calling thread.
 *
 * <p>ND4J's convolution and pooling kernels (oneDNN in the {@code -onednn} builds) run in the
 * OpenMP pool; its element-wise ops and BLAS calls do not need it, and an OpenMP pool beside
 * OpenBLAS's own threads oversubscribes a small machine — why the launchers and Surefire start
 * the JVM with {@code OMP_NUM_THREADS=1}. That also left the convolutions on one core: on the
 * 2-core machine of benchmarks/README.md, model C's second convolution took 1.45 ms forward and
 * 2.8 ms backward on one thread, 0.75 and 1.45 ms on two. So a kernel that gains from the pool
 * asks for it around its native call:
 *
 * <pre>{@code NativeThreads.kernels();
 * Nd4j.exec(convolution);
 * NativeThreads.elementWise();}</pre>
 *
 * Both calls only set the calling thread's OpenMP thread count ({@code omp_set_num_threads},
 * through the backend's {@code NativeOps}, found by reflection because nn-core depends on
 * nd4j-api only); on a backend without it they do nothing.
 *
 * <p>Kernels get every core only when {@code OMP_WAIT_POLICY=PASSIVE} (set by the launchers,
 * Surefire and the benchmark scripts; it must be set before the native library loads). With
 * OpenMP's default spin-waiting, a team of 2 threads on a machine shared with other jobs
 * collapsed: model G fell from 2,200 to 75 samples/s when a second process ran (measured).
 * Without it they keep one thread, as before. {@code -Dnn4j.kernelThreads=N} overrides either
 * way; element-wise ops keep {@link Nn4jRuntime#OP_THREADS}, except in a module's pass on large
 * arrays ({@link #forward}, which {@link Sequential} uses for each module). ND4J lets an element-wise op use
 * more than one thread only when its own ceiling allows, read when it loads from
 * {@code OMP_NUM_THREADS} or {@code SD_MAX_THREADS}: the launchers set {@code SD_MAX_THREADS} to
 * the number of cores beside {@code OMP_NUM_THREADS=1}.
 */
public final class NativeThreads {

    /** System property: OpenMP threads for convolution and pooling kernels (default: available processors under {@code OMP_WAIT_POLICY=PASSIVE}, else 1). */
    public static final String KERNEL_THREADS = "nn4j.kernelThreads";

    private static final int KERNELS = Integer.getInteger(KERNEL_THREADS,
            "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY")) ? Runtime.getRuntime().availableProcessors() : 1);
    /** System property: from how many elements {@link #forward} and the backward passes give element-wise ops every kernel thread (default 524,288: 2 MB of float32). */
    public static final String WIDE_ELEMENTS = "nn4j.wideElements";

    private static final int ELEMENT_WISE = Integer.getInteger(Nn4jRuntime.OP_THREADS, 1);
    private static final long WIDE_FROM = Long.getLong(WIDE_ELEMENTS, 524_288L);
    /** What {@link #elementWise()} returns this thread to: {@code nn4j.opThreads}, or all kernel threads inside a wide pass. */
    private static final ThreadLocal<int[]> BASELINE = ThreadLocal.withInitial(() -> new int[] {ELEMENT_WISE});
    private static final MethodHandle SET_OMP_THREADS = find();

    private NativeThreads() {
    }

    /** This thread's next native kernels run on {@code nn4j.kernelThreads} OpenMP threads. */
    public static void kernels() {
        set(KERNELS);
    }

    /** How many OpenMP threads {@link #kernels()} gives. */
    public static int kernelThreads() {
        return KERNELS;
    }

    /** Back to {@code nn4j.opThreads} (default 1), or to every kernel thread inside a wide pass, for what follows on this thread. */
    public static void elementWise() {
        set(BASELINE.get()[0]);
    }

    /*
     * A module's pass with its element-wise ops on every kernel thread when its largest array (the
     * input, or delta) has at least nn4j.wideElements elements, else as it is. Measured on 2 cores:
     * small arrays lose to waking the second thread (a 12,800-element ReLU, model F's size: 10 µs on
     * one thread, 15 µs on two; break-even near 1 M elements for ReLU, 130 k for TanH and Sigmoid);
     * model G's upsampling to [128, 32, 28, 28] takes 1.84 ms on one, 1.05 ms on two. Sequential
     * runs every module through these.
     */

    /** {@code module.forward(input)}, wide when {@code input} is large. */
    public static INDArray forward(Module module, INDArray input) {
        int previous = widen(input.length());
        try {
            return module.forward(input);
        } finally {
            restore(previous);
        }
    }

    /** {@code module.backward(input, delta, needInputDelta)}, wide when {@code input} or {@code delta} is large. */
    public static INDArray backward(Module module, INDArray input, INDArray delta, boolean needInputDelta) {
        int previous = widen(Math.max(input.length(), delta.length()));
        try {
            return module.backward(input, delta, needInputDelta);
        } finally {
            restore(previous);
        }
    }

    /** {@code module.backwardDelta(input, delta)}, wide when {@code input} or {@code delta} is large. */
    public static INDArray backwardDelta(Module module, INDArray input, INDArray delta) {
        int previous = widen(Math.max(input.length(), delta.length()));
        try {
            return module.backwardDelta(input, delta);
        } finally {
            restore(previous);
        }
    }

    /** Every kernel thread for this thread's ops, and as its baseline, when {@code elements} is large; returns the baseline to restore, or −1 when nothing changed. */
    private static int widen(long elements) {
        if (elements < WIDE_FROM || KERNELS <= ELEMENT_WISE) {
            return -1;
        }
        int[] baseline = BASELINE.get();
        int previous = baseline[0];
        baseline[0] = KERNELS;
        set(KERNELS);
        return previous;
    }

    private static void restore(int previous) {
        if (previous >= 0) {
            BASELINE.get()[0] = previous;
            set(previous);
        }
    }

    private static void set(int threads) {
        if (SET_OMP_THREADS == null) {
            return;
        }
        try {
            SET_OMP_THREADS.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("NativeThreads: setting " + threads + " OpenMP threads failed", e);
        }
    }

    /** {@code NativeOpsHolder.getInstance().getDeviceNativeOps()::setOmpNumThreads}, or null without that backend API. */
    private static MethodHandle find() {
        Nn4jRuntime.configure();
        try {
            Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
            Object instance = holder.getMethod("getInstance").invoke(null);
            Object ops = holder.getMethod("getDeviceNativeOps").invoke(instance);
            Class<?> opsType = Class.forName("org.nd4j.nativeblas.NativeOps");
            return MethodHandles.publicLookup().findVirtual(opsType, "setOmpNumThreads", MethodType.methodType(void.class, int.class))
                    .bindTo(ops);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
