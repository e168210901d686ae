package org.nn4j.core.optim;

/**
 * A learning-rate schedule driving an optimizer, as PyTorch's {@code torch.optim.lr_scheduler}:
 * the optimizer's learning rate when the scheduler is built is the base rate; each
 * {@link #step()} moves to the next step of the schedule and sets the optimizer's rate to
 * {@link #rate(int)}. A schedule counts whatever its caller steps it by: epochs (after each
 * epoch's optimizer steps, the {@link org.nn4j.core.train.Trainer}'s default) or iterations
 * (after each optimizer step, {@code trainer.schedule(s, Trainer.Every.ITERATION)}), which is how
 * {@link OneCycleLR}, {@link WarmupCosineLR} and warm-ups are meant to run.
 *
 * <p>On a {@link ParameterGroups} a schedule sets the first group's rate and every other group's
 * rate by the same factor (see {@link ParameterGroups#setLearningRate}). Schedules whose rate at
 * step 0 is not the base rate ({@link LinearLR}, {@link WarmupCosineLR}, {@link OneCycleLR}) set
 * it when they are built, as PyTorch's do.
 *
 * <pre>{@code
 * Optimizer sgd = new GradientDescent(0.1, 0.9);
 * LRScheduler s = new ExponentialLR(sgd, 0.95);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) optim.step(b.x(), b.y());
 *     s.step();                        // lr = 0.1 · 0.95^(epoch + 1)
 * }
 * }</pre>
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

    /**
     * Advances one epoch (or iteration) and sets the optimizer's learning rate; when the rate of
     * the next step cannot be computed (past {@link OneCycleLR}'s last step) nothing changes.
     */
    public void step() {
        double next = rate(epoch + 1);
        epoch++;
        optimizer.setLearningRate(next);
    }

    /** Sets the optimizer's rate to the current step's, for schedules whose step 0 is not the base rate. */
    protected final void applyRate() {
        optimizer.setLearningRate(rate(epoch));
    }

    /**
     * Epochs (or iterations) stepped so far (PyTorch's {@code last_epoch}).
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
