package org.nn4j.core;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Not a backend, and not for use: ND4J creates every {@link Nd4jBackend} listed in
 * {@code META-INF/services} before it loads the native library of the one it picks, and this
 * one's constructor sets the native environment then ({@link NativeEnvironment}). So a program
 * that makes its first array before its first module still gets nn4j's thread settings, with no
 * environment variables. It never offers itself: lowest priority, never available.
 */
public final class Nd4jLoadHook extends Nd4jBackend {

    /** Called by ND4J's {@code ServiceLoader}. */
    public Nd4jLoadHook() {
        NativeEnvironment.prepared();
    }

    @Override
    public int getPriority() {
        return Integer.MIN_VALUE / 2; // ND4J sorts by subtracting priorities: no overflow
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public Resource getConfigurationResource() {
        throw unavailable();
    }

    @Override
    public Class<?> getNDArrayClass() {
        throw unavailable();
    }

    @Override
    public Environment getEnvironment() {
        throw unavailable();
    }

    @Override
    public String buildInfo() {
        return "nn4j's hook for the native environment (not a backend)";
    }

    @Override
    public void logBackendInit() {
    }

    private static UnsupportedOperationException unavailable() {
        return new UnsupportedOperationException("Nd4jLoadHook is not a backend");
    }
}
