package org.nd4j.nativeblas;

/**
 * Shim that lets DL4J 1.0.0-M2.1 find ND4J's native environment, so that its oneDNN layer helpers
 * (MKLDNNConvHelper, MKLDNNSubsamplingHelper, MKLDNNBatchNormHelper, ...) are used by the throughput
 * benchmark. Not part of nn4j; only the benchmarks module has it.
 *
 * <p>Why it exists: every DL4J oneDNN helper's {@code checkSupported()} calls
 * {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()}, which looks up the class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name (its pre-M2 location) and reflectively calls
 * {@code getInstance()} and then {@code isUseMKLDNN()} on the result. In nd4j-native 1.0.0-M2.1 that class is
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method is named
 * {@code isUseONEDNN()}, so the lookup fails, {@code mklDnnEnabled()} is false for the rest of the JVM's life
 * and {@code HelperUtils.createHelper} drops every helper. This class exposes exactly those two methods under
 * the old names and delegates to the real environment; nothing else in DL4J or ND4J refers to it.
 * (DL4J also needs {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}: that property defaults to
 * {@code true} in M2.1; {@code Dl4jModels} sets it.)
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** What {@code BaseMKLDNNHelper.mklDnnEnabled()} reflects on: {@code getInstance()} and {@code isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether libnd4j was built with oneDNN and uses it: the real environment's {@code isUseONEDNN()}. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
