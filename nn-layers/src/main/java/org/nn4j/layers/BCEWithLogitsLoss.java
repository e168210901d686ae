package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Binary cross-entropy on logits, like PyTorch's {@code BCEWithLogitsLoss} (mean over all elements):
 * {@code L = mean(−t·log σ(x) − (1 − t)·log(1 − σ(x)))}, computed as
 * {@code mean(max(x, 0) − x·t + log(1 + exp(−|x|)))}, which is finite for any finite logits.
 * Prediction and target have the same (any) shape; targets in [0, 1], cast to the prediction's dtype.
 */
public class BCEWithLogitsLoss extends Loss {

    /**
     * @param target     in [0, 1]; not modified
     * @param prediction logits; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        INDArray t = check(target, prediction);
        INDArray softplusOfMinusAbs = Transforms.log1p(Transforms.exp(Transforms.abs(prediction, true).negi(), false), false);
        return Transforms.relu(prediction, true).subi(prediction.mul(t)).addi(softplusOfMinusAbs)
                .sumNumber().doubleValue() / prediction.length();
    }

    /** dL/dx = (σ(x) − t) / numel, a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        INDArray t = check(target, prediction);
        return Transforms.sigmoid(prediction, true).subi(t).divi(prediction.length());
    }

    private static INDArray check(INDArray target, INDArray prediction) {
        INDArray t = Targets.sameShape("BCEWithLogitsLoss", target, prediction);
        Targets.requireWithin("BCEWithLogitsLoss", t, 0, 1, "target");
        return t;
    }

    /** True: the prediction is a logit (class 1 above 0). */
    @Override
    public boolean takesLogits() {
        return true;
    }
}
