package org.nn4j.core.optim;

/**
 * A learning-rate schedule driving an optimizer epoch by epoch, as PyTorch's
 * {@code torch.optim.lr_scheduler}: the optimizer's learning rate when the scheduler is built is
 * the base rate (epoch 0); each {@link #step()} (once per epoch, after the optimizer's steps)
 * moves to the next epoch and sets the optimizer's rate to {@link #rate(int)}.
 */
public abstract class LRScheduler {

    private final Optimizer optimizer;
    private final double baseRate;
    private int epoch;

    /**
     * A schedule for {@code optimizer}, whose current learning rate becomes the base rate.
     *
     * @param optimizer the optimizer whose learning rate this schedule sets
     */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseRate = optimizer.learningRate();
    }

    /**
     * The learning rate of {@code epoch} (0 is the base rate).
     *
     * @param epoch the epoch, from 0
     * @return the learning rate the optimizer uses during that epoch
     */
    public abstract double rate(int epoch);

    /** Advances one epoch and sets the optimizer's learning rate. */
    public void step() {
        epoch++;
        optimizer.setLearningRate(rate(epoch));
    }

    /**
     * Epochs stepped so far (PyTorch's {@code last_epoch}).
     *
     * @return the number of calls to {@link #step()} so far
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The optimizer's learning rate when this schedule was built.
     *
     * @return the rate of epoch 0
     */
    public double baseRate() {
        return baseRate;
    }

    /**
     * The optimizer this schedule drives.
     *
     * @return the optimizer given to the constructor
     */
    public Optimizer optimizer() {
        return optimizer;
    }
}
