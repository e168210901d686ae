package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

class RuntimeConfigTest {

    @Test
    void isReadOnceAndNeverAgain() {
        RuntimeConfig first = Nn4jRuntime.config();
        Nn4jRuntime.configure();
        assertSame(first, Nn4jRuntime.config());
    }

    @Test
    void toStringNamesEverySettingAndItsValue() throws ReflectiveOperationException {
        RuntimeConfig config = Nn4jRuntime.config();
        String text = config.toString();
        for (RecordComponent c : RuntimeConfig.class.getRecordComponents()) {
            Object value = c.getAccessor().invoke(config);
            String shown = value instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(value);
            assertTrue(text.contains(shown), c.getName() + " = " + shown + " missing from:\n" + text);
        }
        for (String property : List.of(RuntimeConfig.THREADS, RuntimeConfig.OP_THREADS, RuntimeConfig.KERNEL_THREADS,
                RuntimeConfig.WIDE_ELEMENTS, RuntimeConfig.ONEDNN, RuntimeConfig.WORKSPACES)) {
            assertTrue(text.contains(property), property + " missing from:\n" + text);
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        assertTrue(text.contains(threshold == null ? "malloc           glibc's default (long runs with varying batch sizes: set"
                + " MALLOC_MMAP_THRESHOLD_=131072, README)" : "malloc           MALLOC_MMAP_THRESHOLD_=" + threshold), text);
    }

    /** Surefire sets none of the variables: nn4j must have set them before the native library loaded. */
    @Test
    void withoutEnvironmentVariablesNativeCodeSeesPassiveWaitingAndKernelsGetEveryCore() throws InterruptedException {
        assumeTrue(System.getenv("OMP_WAIT_POLICY") == null && System.getenv("OMP_NUM_THREADS") == null,
                "the JVM was started with OpenMP variables set: nothing for nn4j to set");
        RuntimeConfig config = Nn4jRuntime.config();
        System.out.println(config);
        assertTrue(config.environment().startsWith("set by nn4j before ND4J loaded"), config.environment());
        assertEquals("PASSIVE", NativeEnvironment.get("OMP_WAIT_POLICY"));
        assertEquals("PASSIVE", config.waitPolicy());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.kernelThreads());
        // OMP_NUM_THREADS=1 took effect: a thread nn4j never touched starts with one OpenMP thread.
        AtomicInteger threads = new AtomicInteger();
        Thread fresh = new Thread(() -> threads.set(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()));
        fresh.start();
        fresh.join();
        assertEquals(1, threads.get());
    }
}
