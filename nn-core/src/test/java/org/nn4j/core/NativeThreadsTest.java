package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
