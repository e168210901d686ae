package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.SoftmaxKernel;

/**
 * {@code output = input − log Σ_j exp(input_j)} over axis 1 of {@code [N, C]} or {@code [N, C, …]},
 * like PyTorch's {@code LogSoftmax(dim=1)}. Follow it with {@link NLLLoss}.
 */
public class LogSoftmax extends Module {

    /**
     * Computed as {@code x − max − log Σ exp(x − max)}, finite for any finite input.
     *
     * @param input {@code [N, C, …]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFeatureAxis("LogSoftmax", input);
        return SoftmaxKernel.logSoftmax(input);
    }

    /**
     * dL/dinput = delta − softmax(input) ⊙ Σ_j delta_j.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireFeatureAxis("LogSoftmax", input);
        Checks.requireDelta("LogSoftmax", input.shape(), input, delta);
        return SoftmaxKernel.logSoftmaxBackward(input, delta);
    }
}
