package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
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
    void wideGivesLargeArraysEveryKernelThreadThenRestoresOneEvenAfterAFailure() {
        NativeThreads.kernels();
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        NativeThreads.elementWise();
        int kernels = NativeThreads.kernelThreads();
        int inside = NativeThreads.wide(1L << 40, () -> {
            NativeThreads.kernels(); // a convolution inside a wide module...
            NativeThreads.elementWise(); // ...returns to the wide baseline, not to one thread
            return ops.ompGetMaxThreads();
        });
        assertEquals(kernels, inside);
        assertEquals(1, ops.ompGetMaxThreads());
        assertEquals(1, NativeThreads.wide(10, ops::ompGetMaxThreads), "small arrays stay on one thread");
        assertThrows(ArithmeticException.class, () -> NativeThreads.wide(1L << 40, () -> 1 / 0));
        assertEquals(1, ops.ompGetMaxThreads());
        NativeThreads.elementWise();
        assertEquals(1, ops.ompGetMaxThreads(), "the baseline is back to one thread after the failure");
    }
}
