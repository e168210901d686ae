package org.nn4j.core.optim;

/**
 * A linear ramp of the learning rate, PyTorch's {@code LinearLR}, most often a warm-up:
 * {@code lr = baseLr · (startFactor + (endFactor − startFactor) · min(step, totalSteps) / totalSteps)},
 * from {@code startFactor · baseLr} at step 0 to {@code endFactor · baseLr} at step
 * {@code totalSteps}, constant after it. The rate of step 0 is set when the schedule is built.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);
 * // 1e-4 on the first iteration, rising to 1e-3 over 500 iterations
 * trainer.schedule(new LinearLR(adam, 0.1, 1.0, 500), Trainer.Every.ITERATION);
 * }</pre>
 */
public class LinearLR extends LRScheduler {

    private final double startFactor;
    private final double endFactor;
    private final int totalSteps;

    /**
     * PyTorch's defaults: from a third of the base rate to the base rate over 5 steps.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    /**
     * A ramp from {@code startFactor · baseLr} to {@code endFactor · baseLr} over {@code totalSteps} steps.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base
     *     rate, and its rate becomes {@code startFactor · baseLr} now
     * @param startFactor the factor of step 0, in [0, 1]
     * @param endFactor the factor from step {@code totalSteps} on, in [0, 1]
     * @param totalSteps the length of the ramp, &ge; 1
     * @throws IllegalArgumentException when a factor is outside [0, 1] or {@code totalSteps} &lt; 1
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalSteps) {
        super(optimizer);
        if (!(startFactor >= 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1) || totalSteps < 1) {
            throw new IllegalArgumentException("LinearLR: expected startFactor and endFactor in [0, 1] and"
                    + " totalSteps >= 1, found startFactor " + startFactor + ", endFactor " + endFactor
                    + ", totalSteps " + totalSteps);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalSteps = totalSteps;
        applyRate();
    }

    @Override
    public double rate(int step) {
        return baseRate() * (startFactor + (endFactor - startFactor) * Math.min(step, totalSteps) / totalSteps);
    }

    @Override
    public String toString() {
        return "LinearLR(startFactor=" + startFactor + ", endFactor=" + endFactor + ", totalSteps=" + totalSteps + ")";
    }
}
