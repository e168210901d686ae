package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Checks;

/** Shared by the modules and losses that normalise over axis 1, the feature/class axis of {@code [N, C, ...]}. */
final class FeatureAxis {

    private FeatureAxis() {
    }

    /** Throws unless {@code input} has rank 2 or more and a floating-point dtype. */
    static void requireFeatureAxis(String module, INDArray input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException(module + ": expected input of rank at least 2 [N, C, ...] (it works over"
                    + " axis 1), found rank " + input.rank() + " with shape " + Checks.shape(input));
        }
        if (!input.dataType().isFPType()) {
            throw new IllegalArgumentException(module + ": expected a floating-point input, found " + input.dataType());
        }
    }

    /**
     * {@code x − max − log Σ exp(x − max)} over axis 1: stable for any finite logits (±1000 give −2000,
     * not −∞, which ND4J's native log_softmax returns because it takes the log of the softmax).
     *
     * @param x not modified
     * @return a new array shaped like {@code x}
     */
    static INDArray logSoftmax(INDArray x) {
        INDArray shifted = x.sub(x.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subi(logSumExp);
    }
}
