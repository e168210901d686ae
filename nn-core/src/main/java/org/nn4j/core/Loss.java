package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: a scalar for a batch and its gradient with respect to the prediction.
 * The target comes first, as in the course's {@code loss.forward(y, yhat)}.
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
     * @throws IllegalArgumentException when the shapes do not fit, naming both
     */
    public abstract double forward(INDArray target, INDArray prediction);

    /**
     * dL/dprediction of {@link #forward}'s value (so it includes the 1/N of the mean).
     *
     * @param target     not modified
     * @param prediction not modified
     * @return a new array shaped like {@code prediction}
     */
    public abstract INDArray backward(INDArray target, INDArray prediction);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
