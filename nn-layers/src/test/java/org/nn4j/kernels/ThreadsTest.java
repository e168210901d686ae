package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nn4j.core.Module;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.RuntimeConfig;
import org.nn4j.core.Sequential;

/** The thread policy: kernels widen the calling thread and always give it back; containers never touch threads. */
class ThreadsTest {

    private static final RuntimeConfig CONFIG = Nn4jRuntime.config();
    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();

    @Test
    void kernelsGetTheKernelThreadsAndGiveThemBack() {
        Threads.done();
        assertEquals(CONFIG.opThreads(), OPS.ompGetMaxThreads());
        Threads.kernels();
        assertEquals(CONFIG.kernelThreads(), OPS.ompGetMaxThreads());
        Threads.done();
        assertEquals(CONFIG.opThreads(), OPS.ompGetMaxThreads());
    }

    @Test
    void onlyLargeElementWiseCallsWiden() {
        assertFalse(Threads.elementWise(CONFIG.wideElements() - 1));
        assertEquals(CONFIG.opThreads(), OPS.ompGetMaxThreads());
        boolean wide = Threads.elementWise(CONFIG.wideElements());
        assertEquals(CONFIG.kernelThreads() > CONFIG.opThreads(), wide);
        assertEquals(wide ? CONFIG.kernelThreads() : CONFIG.opThreads(), OPS.ompGetMaxThreads());
        Threads.done();
        assertEquals(CONFIG.opThreads(), OPS.ompGetMaxThreads());
    }

    @Test
    void aFailingKernelGivesTheThreadsBackToo() {
        INDArray large = Nd4j.zeros(DataType.FLOAT, 1, 1, 1024, 1024);
        INDArray wrongDelta = Nd4j.zeros(DataType.FLOAT, 1, 1, 2048, 2047); // fails inside the widened call
        assertThrows(RuntimeException.class, () -> Resampling.upsampleNearestBackward(large, wrongDelta, 2, 2));
        assertEquals(CONFIG.opThreads(), OPS.ompGetMaxThreads());
    }

    /** What a module's own ND4J ops get is the same alone and inside a Sequential: no container sets threads. */
    @Test
    void aModuleRunsAloneAsItRunsInsideSequential() {
        Module probe = new Module() { // reports, as its output, the OpenMP threads its ops would get
            @Override
            public INDArray forward(INDArray input) {
                return Nd4j.scalar(OPS.ompGetMaxThreads());
            }

            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                return input;
            }
        };
        INDArray large = Nd4j.zeros(DataType.FLOAT, 2 * CONFIG.wideElements());
        int alone = probe.forward(large).getInt(0);
        assertEquals(alone, new Sequential(probe).forward(large).getInt(0));
        assertEquals(alone, new Sequential(new Sequential(probe)).forward(large).getInt(0));
        assertEquals(CONFIG.opThreads(), alone);
        assertTrue(CONFIG.kernelThreads() >= 1);
    }
}
