package org.nn4j.kernels;

import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.RuntimeConfig;

/**
 * How many OpenMP threads a native kernel call gets: the thread policy of nn4j, in one place. A
 * module never sets threads and a container never does, so a module runs the same alone, inside
 * {@link org.nn4j.core.Sequential} or inside a user's own container.
 *
 * <ul>
 *   <li>Convolution and pooling kernels run on {@link RuntimeConfig#kernelThreads()} (every core
 *       under passive waiting): a convolution scales with the cores.</li>
 *   <li>Element-wise kernels run on {@link RuntimeConfig#opThreads()} (one), except on arrays of at
 *       least {@link RuntimeConfig#wideElements()} elements, which take the kernel threads: waking a
 *       second thread costs more than it saves on small arrays.</li>
 * </ul>
 * Every kernel returns the calling thread to {@code opThreads} when it is done, failed or not, so
 * whatever ND4J op runs next (an optimizer's, a user's) gets one thread again.
 */
public final class Threads {

    private static final RuntimeConfig CONFIG = Nn4jRuntime.config();
    private static final int KERNELS = CONFIG.kernelThreads();
    private static final int OPS = CONFIG.opThreads();
    private static final long WIDE_FROM = CONFIG.wideElements();

    private Threads() {
    }

    /** The calling thread's next native calls run on the kernel threads; end with {@link #done()}. */
    public static void kernels() {
        Nn4jRuntime.setOmpThreads(KERNELS);
    }

    /**
     * The calling thread's next element-wise calls on an array of {@code elements} run on the kernel
     * threads when it is large (returns true: end with {@link #done()}); else nothing changes.
     *
     * @param elements the size of the array the next calls work on
     * @return true when the thread count was raised ({@link #done()} must follow)
     */
    public static boolean elementWise(long elements) {
        if (elements < WIDE_FROM || KERNELS <= OPS) {
            return false;
        }
        Nn4jRuntime.setOmpThreads(KERNELS);
        return true;
    }

    /** Back to {@code opThreads} for what follows on the calling thread. */
    public static void done() {
        Nn4jRuntime.setOmpThreads(OPS);
    }

    /** {@return how many OpenMP threads {@link #kernels()} gives} */
    public static int kernelThreads() {
        return KERNELS;
    }
}
