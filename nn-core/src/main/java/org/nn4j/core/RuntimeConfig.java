package org.nn4j.core;

/**
 * The settings nn4j runs with, read once when the first module or loss is used
 * ({@link Nn4jRuntime#config()}) and never again: nothing on the hot path reads a system property.
 * {@code ./nn4j --verbose} prints it.
 *
 * <p>Each setting can be chosen with a system property set before that first use:
 * <table>
 *   <caption>system properties</caption>
 *   <tr><th>property</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code nn4j.threads}</td><td>all cores</td><td>BLAS threads (GEMMs)</td></tr>
 *   <tr><td>{@code nn4j.opThreads}</td><td>1</td><td>OpenMP threads of ND4J's element-wise ops on small arrays</td></tr>
 *   <tr><td>{@code nn4j.kernelThreads}</td><td>all cores with passive waiting, else 1</td>
 *       <td>OpenMP threads of convolutions and pooling, and of element-wise kernels on large arrays</td></tr>
 *   <tr><td>{@code nn4j.wideElements}</td><td>524,288</td><td>from how many elements an element-wise kernel
 *       takes every kernel thread</td></tr>
 *   <tr><td>{@code nn4j.onednn}</td><td>true</td><td>float32 kernels call oneDNN directly where it has them</td></tr>
 *   <tr><td>{@code nn4j.workspaces}</td><td>true</td><td>training steps run in a reused ND4J workspace</td></tr>
 * </table>
 *
 * @param blasThreads   threads of the BLAS library
 * @param opThreads     OpenMP threads of element-wise ops on small arrays
 * @param kernelThreads OpenMP threads of convolution and pooling kernels, and of element-wise kernels on large arrays
 * @param wideElements  from how many elements an element-wise kernel runs on {@code kernelThreads}
 * @param oneDnn        whether float32 kernels may call oneDNN directly
 * @param workspaces    whether training and evaluation steps run in ND4J workspaces
 * @param nativeBuild   which native ND4J build was loaded (e.g. {@code linux-x86_64-onednn-avx512}), or why unknown
 * @param waitPolicy    {@code OMP_WAIT_POLICY} as the native OpenMP runtime read it when it loaded
 * @param environment   how the native runtime's environment was set up (by nn4j, by the user, or too late to set)
 */
public record RuntimeConfig(int blasThreads, int opThreads, int kernelThreads, long wideElements, boolean oneDnn,
                            boolean workspaces, String nativeBuild, String waitPolicy, String environment) {

    /** System property: BLAS threads (default: available processors). */
    public static final String THREADS = "nn4j.threads";
    /** System property: ND4J's OpenMP threads for element-wise ops on small arrays (default 1). */
    public static final String OP_THREADS = "nn4j.opThreads";
    /** System property: OpenMP threads of convolution and pooling kernels (default: available processors under passive waiting, else 1). */
    public static final String KERNEL_THREADS = "nn4j.kernelThreads";
    /** System property: from how many elements element-wise kernels take every kernel thread (default 524,288: 2 MB of float32). */
    public static final String WIDE_ELEMENTS = "nn4j.wideElements";
    /** System property: {@code false} sends every float32 kernel through ND4J's own ops. */
    public static final String ONEDNN = "nn4j.onednn";
    /** System property: {@code false} runs training steps without an ND4J workspace. */
    public static final String WORKSPACES = "nn4j.workspaces";

    /*
     * Why 524,288: on 2 cores small arrays lose more to waking the second thread than they gain from it
     * (break-even near 1 M elements for ReLU, 130 k for TanH and Sigmoid), large ones gain.
     */
    static final long DEFAULT_WIDE_ELEMENTS = 524_288L;

    @Override
    public String toString() {
        return "nn4j runtime:"
                + "\n  native build     " + nativeBuild
                + "\n  environment      " + environment
                + "\n  OMP_WAIT_POLICY  " + waitPolicy
                + "\n  BLAS threads     " + blasThreads + "  (" + THREADS + ")"
                + "\n  op threads       " + opThreads + "  (" + OP_THREADS + ")"
                + "\n  kernel threads   " + kernelThreads + "  (" + KERNEL_THREADS + ")"
                + "\n  wide from        " + wideElements + " elements  (" + WIDE_ELEMENTS + ")"
                + "\n  oneDNN direct    " + (oneDnn ? "on" : "off") + "  (" + ONEDNN + ")"
                + "\n  workspaces       " + (workspaces ? "on" : "off") + "  (" + WORKSPACES + ")"
                + "\n  malloc           " + malloc();
    }

    /**
     * glibc's allocator settings that decide whether native memory freed by varying batch sizes goes back to the
     * system: with its default, a threshold that grows with the largest block freed, large blocks stay in the heap,
     * fragment and the resident size grows for hours; a fixed threshold returns them.
     */
    private static String malloc() {
        String threshold = NativeEnvironment.get("MALLOC_MMAP_THRESHOLD_");
        return threshold != null ? "MALLOC_MMAP_THRESHOLD_=" + threshold
                : "glibc's default (long runs with varying batch sizes: set MALLOC_MMAP_THRESHOLD_=131072, README)";
    }
}
