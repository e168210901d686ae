package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {

    @Test
    void kernelsGetEveryCoreUnderPassiveWaitingAndElementWiseOpsOneThread() {
        // Surefire starts the tests with OMP_WAIT_POLICY=PASSIVE, as the launchers do.
        boolean passive = "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"));
        NativeThreads.kernels(); // first: loads the backend, which NativeOpsHolder needs
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        assertEquals(passive ? Runtime.getRuntime().availableProcessors() : 1, ops.ompGetMaxThreads());
        NativeThreads.elementWise();
        assertEquals(1, ops.ompGetMaxThreads());
    }

    @Test
    void largeArraysGetEveryKernelThreadForTheModulesPassThenOneAgainEvenAfterAFailure() {
        NativeThreads.kernels();
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        NativeThreads.elementWise();
        int kernels = NativeThreads.kernelThreads();
        INDArray large = Nd4j.zeros(DataType.FLOAT, 1 << 20);
        INDArray small = Nd4j.zeros(DataType.FLOAT, 10);
        Module probe = new Module() { // reports, as its output, the OpenMP threads its ops would get
            @Override
            public INDArray forward(INDArray input) {
                NativeThreads.kernels(); // a convolution inside a wide module...
                NativeThreads.elementWise(); // ...returns to the wide baseline, not to one thread
                return Nd4j.scalar(ops.ompGetMaxThreads());
            }

            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                throw new ArithmeticException("failed inside the pass");
            }
        };
        assertEquals(kernels, NativeThreads.forward(probe, large).getInt(0));
        assertEquals(1, ops.ompGetMaxThreads());
        assertEquals(1, NativeThreads.forward(probe, small).getInt(0), "small arrays stay on one thread");
        assertThrows(ArithmeticException.class, () -> NativeThreads.backwardDelta(probe, small, large));
        assertEquals(1, ops.ompGetMaxThreads());
        NativeThreads.elementWise();
        assertEquals(1, ops.ompGetMaxThreads(), "the baseline is back to one thread after the failure");
    }
}
