package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.SoftmaxKernel;

/**
 * {@code output[n, i, …] = exp(input[n, i, …]) / Σ_j exp(input[n, j, …])}: softmax over axis 1 (the
 * features or classes) of {@code [N, C]} or {@code [N, C, …]}, like PyTorch's {@code Softmax(dim=1)}.
 * Follow it with {@link CrossEntropyLoss#onProbabilities()}; on logits, {@link CrossEntropyLoss} is
 * the stabler choice.
 */
public class Softmax extends Module {

    /**
     * Computed after subtracting the maximum, so large logits do not overflow.
     *
     * @param input {@code [N, C, …]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFeatureAxis("Softmax", input);
        return SoftmaxKernel.softmax(input);
    }

    /**
     * dL/dinput = y ⊙ (delta − Σ_j delta_j y_j) with y = softmax(input).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireFeatureAxis("Softmax", input);
        Checks.requireDelta("Softmax", input.shape(), input, delta);
        return SoftmaxKernel.softmaxBackward(input, delta);
    }
}
