package org.nn4j.spark;

import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.RuntimeConfig;

/**
 * Gives a Spark task as many native threads as it has cores ({@code spark.task.cpus}), not every
 * core of the machine: an executor runs several tasks at once, and each task's BLAS and OpenMP
 * threads spread over all cores would oversubscribe them (on a small machine training then runs
 * several times slower).
 *
 * <p>nn4j reads its thread settings once per JVM ({@link RuntimeConfig}). In an executor JVM the
 * first task sets {@code nn4j.threads} and {@code nn4j.kernelThreads} to the task's cores before
 * anything loads ND4J, unless the user set them ({@code spark.executor.extraJavaOptions}). In local
 * mode the driver is the executor: {@link SparkTrainer} applies the same before it builds its
 * network. BLAS threads are one setting for the whole process and are set at every task.
 */
final class TaskThreads {

    /** The BLAS threads chosen by the first call in this JVM: the user's {@code nn4j.threads}, else the task's cores. */
    private static int blasThreads;

    private TaskThreads() {
    }

    /**
     * Limits this JVM's nn4j threads to {@code cpus}, as far as it is still possible.
     *
     * @param cpus cores per task, at least 1
     */
    static synchronized void limit(int cpus) {
        if (blasThreads == 0) {
            int n = Math.max(1, cpus);
            String user = System.getProperty(RuntimeConfig.THREADS);
            blasThreads = user != null ? Integer.parseInt(user.trim()) : n;
            if (user == null) {
                System.setProperty(RuntimeConfig.THREADS, Integer.toString(n));
            }
            if (System.getProperty(RuntimeConfig.KERNEL_THREADS) == null) {
                System.setProperty(RuntimeConfig.KERNEL_THREADS, Integer.toString(n));
            }
            Nn4jRuntime.configure(); // does nothing when this JVM already configured nn4j
        }
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }

    /** Gives BLAS the threads nn4j chose for this JVM again (local mode: the driver, after the tasks). */
    static void restore() {
        Nd4j.factory().blas().setMaxThreads(Nn4jRuntime.config().blasThreads());
    }
}
