package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LogSoftMaxDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;

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
        FeatureAxis.requireFeatureAxis("LogSoftmax", input);
        return FeatureAxis.logSoftmax(input);
    }

    /**
     * dL/dinput = delta − softmax(input) ⊙ Σ_j delta_j, one native op (log_softmax_bp over axis 1).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        FeatureAxis.requireFeatureAxis("LogSoftmax", input);
        Elementwise.requireSameShape("LogSoftmax", input, delta);
        INDArray gradInput = input.ulike();
        LogSoftMaxDerivative op = new LogSoftMaxDerivative(input, delta, gradInput);
        op.addIArgument(1);
        Nd4j.exec(op);
        return gradInput;
    }
}
