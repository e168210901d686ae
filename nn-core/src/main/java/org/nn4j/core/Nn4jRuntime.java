package org.nn4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where nn4j sets ND4J's fast defaults, so that a user who adds the
 * dependency gets them without knowing about them. Runs once, before the first
 * {@link Module} or {@link Loss} is used (their static initialisers call it), and can be
 * called earlier by hand.
 *
 * <ul>
 *   <li><b>Native build.</b> The CPU backend ships the {@code -onednn-avx512} build and the
 *       generic {@code -onednn} one; JavaCPP would load the AVX-512 one even on a processor
 *       without AVX-512 (and crash there), so on such a processor the generic build is
 *       selected through {@code org.bytedeco.javacpp.platform.extension}.</li>
 *   <li><b>Threads.</b> ND4J's OpenMP pool and OpenBLAS's threads oversubscribe small
 *       machines (2–3× slower on 2 cores). ND4J's element-wise ops run on one thread and
 *       BLAS on all cores, unless {@code -Dnn4j.opThreads=N} or {@code -Dnn4j.threads=N} say
 *       otherwise. ({@code OMP_NUM_THREADS=1}, set by the launchers and Surefire, only
 *       keeps the native library from starting a full OpenMP pool when it loads.)
 *       Convolution and pooling kernels, and element-wise ops on large arrays inside
 *       {@link Sequential}, get every core, call by call: {@link NativeThreads}.</li>
 *   <li><b>dtype.</b> float32 is ND4J's default, and nn4j's.</li>
 *   <li><b>Memory.</b> Training and evaluation steps run in a reused ND4J workspace, so a step
 *       allocates no new native memory once warm: see {@link Workspaces}
 *       ({@code -Dnn4j.workspaces=false} turns it off).</li>
 * </ul>
 * Every choice can be overridden by setting the corresponding system property first.
 */
public final class Nn4jRuntime {

    /** System property: BLAS threads (default: available processors). */
    public static final String THREADS = "nn4j.threads";
    /** System property: ND4J's OpenMP threads for element-wise ops (default 1). */
    public static final String OP_THREADS = "nn4j.opThreads";
    private static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";

    private static boolean configured;

    private Nn4jRuntime() {
    }

    /** Applies the defaults once; later calls do nothing. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        if (System.getProperty(EXTENSION) == null && !cpuHasAvx512()) {
            System.setProperty(EXTENSION, "-onednn");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int blasThreads = Integer.getInteger(THREADS, cores);
        int opThreads = Integer.getInteger(OP_THREADS, 1);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // ND4J splits an element-wise op over min(maxMasterThreads, the calling thread's OpenMP
        // threads): with the ceiling at every kernel thread, NativeThreads decides call by call
        // (one thread, or all of them for large arrays). ND4J ignores a ceiling above the one it
        // read at load time from OMP_NUM_THREADS, or SD_MAX_THREADS when set (the launchers set it).
        int ceiling = Math.max(opThreads, NativeThreads.kernelThreads());
        Nd4j.getEnvironment().setMaxThreads(ceiling);
        Nd4j.getEnvironment().setMaxMasterThreads(ceiling);
        NativeThreads.elementWise(); // this thread's OpenMP threads back to nn4j.opThreads
        Nd4j.getBlasWrapper().lapack(); // loads the BLAS backend before setting its threads
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }

    /** True unless /proc/cpuinfo exists and lacks avx512f (other systems keep JavaCPP's choice). */
    private static boolean cpuHasAvx512() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return true;
        }
        try {
            return Files.readString(cpuinfo).toLowerCase(Locale.ROOT).contains("avx512f");
        } catch (IOException e) {
            return true;
        }
    }
}
