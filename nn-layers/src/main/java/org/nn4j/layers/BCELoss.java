package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;

/**
 * Binary cross-entropy of probabilities, like PyTorch's {@code BCELoss} (mean over all elements):
 * {@code L = −mean(t·log p + (1 − t)·log(1 − p))}, each log clamped at −100 so p = 0 or 1 gives a
 * finite loss. Prediction and target have the same (any) shape, both with values in [0, 1]; the target
 * is cast to the prediction's dtype.
 */
public class BCELoss extends Loss {

    private static final double LOG_FLOOR = -100;
    private static final double EPSILON = 1e-12;

    /**
     * @param target     in [0, 1]; not modified
     * @param prediction probabilities in [0, 1]; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        INDArray t = check(target, prediction);
        INDArray logP = Transforms.max(Transforms.log(prediction, true), LOG_FLOOR, false);
        INDArray log1mP = Transforms.max(Transforms.log(prediction.rsub(1), false), LOG_FLOOR, false);
        // t·log p + (1 − t)·log(1 − p) = t·(log p − log(1 − p)) + log(1 − p)
        return -logP.subi(log1mP).muli(t).addi(log1mP).sumNumber().doubleValue() / prediction.length();
    }

    /** dL/dp = (p − t) / max(p·(1 − p), 1e-12) / numel, PyTorch's formula; a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        INDArray t = check(target, prediction);
        INDArray denominator = Transforms.max(prediction.rsub(1).muli(prediction), EPSILON, false);
        return prediction.sub(t).divi(denominator).divi(prediction.length());
    }

    private static INDArray check(INDArray target, INDArray prediction) {
        INDArray t = Targets.sameShape("BCELoss", target, prediction);
        Targets.requireWithin("BCELoss", t, 0, 1, "target");
        Targets.requireWithin("BCELoss", prediction, 0, 1, "prediction (a probability)");
        return t;
    }
}
