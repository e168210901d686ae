package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;

/**
 * {@code output[n, i, …] = exp(input[n, i, …]) / Σ_j exp(input[n, j, …])}: softmax over axis 1 (the
 * features or classes) of {@code [N, C]} or {@code [N, C, …]}, like PyTorch's {@code Softmax(dim=1)}.
 * Follow it with {@link CrossEntropyLoss#onProbabilities()}; on logits, {@link CrossEntropyLoss} is
 * the stabler choice.
 */
public class Softmax extends Module {

    /**
     * One native op (softmax, which subtracts the maximum first, so large logits do not overflow).
     *
     * @param input {@code [N, C, …]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        FeatureAxis.requireFeatureAxis("Softmax", input);
        INDArray output = input.ulike();
        Nd4j.exec(new SoftMax(input, output, 1));
        return output;
    }

    /**
     * dL/dinput = y ⊙ (delta − Σ_j delta_j y_j) with y = softmax(input), one native op (softmax_bp,
     * which recomputes y from the input).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        FeatureAxis.requireFeatureAxis("Softmax", input);
        Elementwise.requireSameShape("Softmax", input, delta);
        INDArray gradInput = input.ulike();
        Nd4j.exec(new SoftmaxBp(input, delta, gradInput, 1));
        return gradInput;
    }
}
