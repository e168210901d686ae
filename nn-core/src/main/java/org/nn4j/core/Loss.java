package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: a scalar for a batch and its gradient with respect to the prediction.
 * The target comes first: {@code loss.forward(y, yhat)}.
 *
 * <p>A prediction must be floating-point and hold at least one element. An empty batch is rejected with an
 * {@link IllegalArgumentException} ("empty batch") where PyTorch returns NaN, the mean of nothing: a NaN loss
 * would only be rejected by the training step afterwards, with a message that does not say why.
 */
public abstract class Loss {

    static {
        Nn4jRuntime.configure();
    }

    /**
     * The loss, averaged over the batch.
     *
     * @param target     not modified
     * @param prediction not modified
     * @return the mean loss over the batch
     * @throws IllegalArgumentException when the shapes do not fit, naming both, when the prediction is not
     *         floating-point, or when the batch is empty
     */
    public abstract double forward(INDArray target, INDArray prediction);

    /**
     * dL/dprediction of {@link #forward}'s value (so it includes the 1/N of the mean).
     *
     * @param target     not modified
     * @param prediction not modified
     * @return a new array shaped like {@code prediction}
     * @throws IllegalArgumentException as {@link #forward}
     */
    public abstract INDArray backward(INDArray target, INDArray prediction);

    /**
     * Whether this loss takes logits (unnormalised scores) rather than probabilities, so that a metric
     * reads a prediction as the loss does: a one-column logit says class 1 above 0, a probability above
     * ½ ({@link org.nn4j.core.train.Trainer}'s accuracy follows it). False unless a loss says otherwise.
     *
     * @return true when predictions are logits
     */
    public boolean takesLogits() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
