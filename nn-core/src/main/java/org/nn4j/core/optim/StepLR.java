package org.nn4j.core.optim;

/**
 * Step decay, PyTorch's {@code StepLR}: {@code lr = baseLr · gamma^⌊epoch / stepSize⌋}.
 */
public class StepLR extends LRScheduler {

    private final int stepSize;
    private final double gamma;

    /**
     * Step decay by PyTorch's default gamma, 0.1.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param stepSize the number of epochs between two decays, &ge; 1
     * @throws IllegalArgumentException when {@code stepSize} &lt; 1
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * Step decay: the learning rate is multiplied by {@code gamma} every {@code stepSize} epochs.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param stepSize the number of epochs between two decays, &ge; 1
     * @param gamma the multiplicative factor, &gt; 0
     * @throws IllegalArgumentException when {@code stepSize} &lt; 1 or {@code gamma} is not &gt; 0
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1 || !(gamma > 0)) {
            throw new IllegalArgumentException("StepLR: expected stepSize >= 1 and gamma > 0, found stepSize "
                    + stepSize + ", gamma " + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double rate(int epoch) {
        return baseRate() * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    public String toString() {
        return "StepLR(stepSize=" + stepSize + ", gamma=" + gamma + ")";
    }
}
