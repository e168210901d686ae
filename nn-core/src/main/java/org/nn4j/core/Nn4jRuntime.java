package org.nn4j.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where nn4j sets up ND4J, so that a user who adds the dependency and runs
 * {@code java -cp …}, Surefire or JMH gets the same speed as nn4j's launchers, with no environment
 * variables. Runs once, before the first {@link Module} or {@link Loss} is used (their static
 * initialisers call it), and can be called earlier by hand; {@link #config()} returns what it chose.
 *
 * <ul>
 *   <li><b>The native environment.</b> The OpenMP runtime and ND4J read their thread settings from the
 *       environment once, when the native library loads. Before it loads (when ND4J looks for its
 *       backend, through {@link Nd4jLoadHook}, so even when the program's first array comes before
 *       its first module), nn4j sets through libc's {@code setenv}, unless the variable is already
 *       set, {@code OMP_NUM_THREADS=1} (no full OpenMP pool beside OpenBLAS's threads: that
 *       oversubscribes the cores and slows training), {@code OMP_WAIT_POLICY=PASSIVE}
 *       (with OpenMP's default spin-waiting a team of threads collapsed when another job shared the
 *       cores) and {@code SD_MAX_THREADS} = the cores (ND4J's ceiling for an element-wise op). When
 *       an OpenMP runtime was loaded before (another native library's, or ND4J's in a fat jar that
 *       lost nn4j's {@code META-INF/services} entry), it is too late: {@link RuntimeConfig#environment()}
 *       says so and convolutions stay on one thread.</li>
 *   <li><b>Native build.</b> The CPU backend ships the {@code -onednn-avx512} build and the generic
 *       {@code -onednn} one; JavaCPP would load the AVX-512 one even on a processor without AVX-512
 *       (and crash there), so on such a processor the generic build is selected.</li>
 *   <li><b>Threads.</b> BLAS on every core; ND4J's element-wise ops on one thread; convolution,
 *       pooling and large element-wise kernels on every core, call by call (the kernels layer,
 *       {@code org.nn4j.kernels}).</li>
 *   <li><b>dtype.</b> float32 is ND4J's default, and nn4j's.</li>
 * </ul>
 * The system properties of {@link RuntimeConfig} override each choice.
 */
public final class Nn4jRuntime {

    private static volatile RuntimeConfig config;
    private static MethodHandle setOmpThreads;

    private Nn4jRuntime() {
    }

    /** Applies the defaults once; later calls do nothing. */
    public static synchronized void configure() {
        if (config != null) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String environment = NativeEnvironment.prepared(); // before ND4J loads, unless Nd4jLoadHook did it
        String waitPolicy = NativeEnvironment.get("OMP_WAIT_POLICY");
        boolean passive = "PASSIVE".equalsIgnoreCase(waitPolicy);
        int opThreads = Integer.getInteger(RuntimeConfig.OP_THREADS, 1);
        int kernelThreads = Integer.getInteger(RuntimeConfig.KERNEL_THREADS, passive ? cores : 1);
        int blasThreads = Integer.getInteger(RuntimeConfig.THREADS, cores);

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT); // loads the backend
        // ND4J splits an element-wise op over min(maxMasterThreads, the calling thread's OpenMP threads):
        // with the ceiling at every kernel thread, the kernels layer decides call by call. ND4J ignores a
        // ceiling above the one it read at load time from OMP_NUM_THREADS, or SD_MAX_THREADS (set above).
        int ceiling = Math.max(opThreads, kernelThreads);
        Nd4j.getEnvironment().setMaxThreads(ceiling);
        Nd4j.getEnvironment().setMaxMasterThreads(ceiling);
        setOmpThreads = findSetOmpThreads();
        setOmpThreads(opThreads);
        Nd4j.getBlasWrapper().lapack(); // loads the BLAS backend before setting its threads
        Nd4j.factory().blas().setMaxThreads(blasThreads);

        config = new RuntimeConfig(blasThreads, opThreads, kernelThreads,
                Long.getLong(RuntimeConfig.WIDE_ELEMENTS, RuntimeConfig.DEFAULT_WIDE_ELEMENTS),
                !"false".equalsIgnoreCase(System.getProperty(RuntimeConfig.ONEDNN)),
                !"false".equalsIgnoreCase(System.getProperty(RuntimeConfig.WORKSPACES)),
                nativeBuild(), waitPolicy == null ? "unset (OpenMP's default: spin, then sleep)" : waitPolicy, environment);
    }

    /**
     * The settings in force (configuring first, when nothing has yet).
     *
     * @return the runtime settings
     */
    public static RuntimeConfig config() {
        RuntimeConfig c = config;
        if (c == null) {
            configure();
            c = config;
        }
        return c;
    }

    /**
     * Sets the calling thread's OpenMP thread count ({@code omp_set_num_threads}, through the backend's
     * {@code NativeOps}, found by reflection because nn-core depends on nd4j-api only); does nothing on a
     * backend without it. The kernels layer calls it around its native calls.
     *
     * @param threads the number of OpenMP threads for the calling thread, at least 1
     */
    public static void setOmpThreads(int threads) {
        MethodHandle set = setOmpThreads;
        if (set == null) {
            return;
        }
        try {
            set.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("Nn4jRuntime: setting " + threads + " OpenMP threads failed", e);
        }
    }

    /** The folder of the libnd4j JavaCPP loaded, which names its build, e.g. linux-x86_64-onednn-avx512. */
    private static String nativeBuild() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (e.getKey().contains("nd4j") && path != null && path.contains("/")) {
                Path parent = Path.of(path).getParent();
                return parent == null ? path : parent.getFileName().toString();
            }
        }
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** {@code NativeOpsHolder.getInstance().getDeviceNativeOps()::setOmpNumThreads}, or null without that backend API. */
    private static MethodHandle findSetOmpThreads() {
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
