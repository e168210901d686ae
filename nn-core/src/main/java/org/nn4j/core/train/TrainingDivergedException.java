package org.nn4j.core.train;

import java.util.Locale;

/**
 * The loss became NaN or infinite during {@link Trainer#fit}. That batch changed nothing: parameters,
 * buffers (BatchNorm's running statistics) and optimizer state are as after the batch before (the
 * parameters may already be huge: a smaller learning rate usually helps); the best epoch is not restored.
 */
public class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The 1-based epoch. */
    private final int epoch;
    /** The 1-based iteration over the whole fit. */
    private final long iteration;
    /** The non-finite loss value. */
    private final double loss;
    /** The previous iteration's loss, NaN when there was none. */
    private final double lastFiniteLoss;

    /**
     * @param epoch          1-based epoch
     * @param iteration      1-based iteration counted over the whole fit
     * @param batch          1-based batch within the epoch
     * @param loss           the non-finite value
     * @param lastFiniteLoss the loss of the previous iteration, NaN when there was none
     */
    public TrainingDivergedException(int epoch, long iteration, long batch, double loss, double lastFiniteLoss) {
        super(String.format(Locale.ROOT, "Trainer: the loss became %s at epoch %d, iteration %d (batch %d of the"
                        + " epoch); %s; this batch changed nothing in the model",
                loss, epoch, iteration, batch, Double.isNaN(lastFiniteLoss) ? "no finite loss before it"
                        : String.format(Locale.ROOT, "the last finite loss was %.6g at iteration %d",
                        lastFiniteLoss, iteration - 1)));
        this.epoch = epoch;
        this.iteration = iteration;
        this.loss = loss;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    /** @return the 1-based epoch in which the loss became non-finite */
    public int epoch() {
        return epoch;
    }

    /** @return the 1-based iteration, counted over the whole fit, in which the loss became non-finite */
    public long iteration() {
        return iteration;
    }

    /** @return the non-finite loss value: NaN or ±infinity */
    public double loss() {
        return loss;
    }

    /** {@return the loss of iteration {@code iteration() − 1}, or NaN when the first loss was already not finite} */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }
}
