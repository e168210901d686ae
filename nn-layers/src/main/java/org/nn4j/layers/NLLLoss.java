package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Negative log-likelihood of log-probabilities {@code [N, C]} (the output of {@link LogSoftmax}),
 * averaged over the batch, like PyTorch's {@code NLLLoss}: {@code L = −(1/N) Σ_n Σ_c t[n, c]·logp[n, c]},
 * i.e. {@code −mean logp[n, target[n]]} for class indices. Targets as {@link CrossEntropyLoss}: class
 * indices {@code [N]}/{@code [N, 1]} or one-hot/probability rows {@code [N, C]}.
 */
public class NLLLoss extends Loss {

    /**
     * @param target     not modified
     * @param prediction log-probabilities {@code [N, C]}; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        INDArray t = Targets.dense("NLLLoss", target, prediction);
        return -prediction.mul(t).sumNumber().doubleValue() / prediction.size(0);
    }

    /** dL/dprediction = −t / N, a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        INDArray t = Targets.dense("NLLLoss", target, prediction);
        return t.div(-prediction.size(0));
    }
}
