package org.nn4j.core.optim;

/**
 * Cosine annealing, PyTorch's {@code CosineAnnealingLR} (closed form):
 * {@code lr = etaMin + (baseLr − etaMin) · (1 + cos(π · epoch / tMax)) / 2}. It reaches
 * {@code etaMin} at epoch {@code tMax} and, as PyTorch's, rises again after it (period 2·tMax).
 */
public class CosineAnnealingLR extends LRScheduler {

    private final int tMax;
    private final double etaMin;

    /**
     * Cosine annealing to 0 (PyTorch's default etaMin).
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param tMax the number of epochs from the base rate down to 0, &ge; 1
     * @throws IllegalArgumentException when {@code tMax} &lt; 1
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /**
     * Cosine annealing to {@code etaMin}.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param tMax the number of epochs from the base rate down to {@code etaMin}, &ge; 1
     * @param etaMin the minimum learning rate, &ge; 0
     * @throws IllegalArgumentException when {@code tMax} &lt; 1 or {@code etaMin} is negative or NaN
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1 || !(etaMin >= 0)) {
            throw new IllegalArgumentException("CosineAnnealingLR: expected tMax >= 1 and etaMin >= 0, found tMax "
                    + tMax + ", etaMin " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public double rate(int epoch) {
        return etaMin + (baseRate() - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    public String toString() {
        return "CosineAnnealingLR(tMax=" + tMax + ", etaMin=" + etaMin + ")";
    }
}
