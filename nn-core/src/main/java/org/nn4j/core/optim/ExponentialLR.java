package org.nn4j.core.optim;

/**
 * Exponential decay, PyTorch's {@code ExponentialLR}: {@code lr = baseLr · gamma^step}, the rate
 * multiplied by {@code gamma} at every step (epoch or iteration, as the caller steps it).
 *
 * <pre>{@code
 * trainer.schedule(new ExponentialLR(optimizer, 0.9));   // lr × 0.9 after every epoch
 * }</pre>
 */
public class ExponentialLR extends LRScheduler {

    private final double gamma;

    /**
     * Exponential decay by {@code gamma} per step.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param gamma the factor per step, &gt; 0 and finite
     * @throws IllegalArgumentException when {@code gamma} is not &gt; 0 or is infinite
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("ExponentialLR: gamma must be > 0 and finite, found " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    public double rate(int step) {
        return baseRate() * Math.pow(gamma, step);
    }

    @Override
    public String toString() {
        return "ExponentialLR(gamma=" + gamma + ")";
    }
}
