package org.nn4j.core.optim;

/**
 * Cosine annealing, PyTorch's {@code CosineAnnealingLR} (closed form):
 * {@code lr = etaMin + (baseLr − etaMin) · (1 + cos(π · epoch / tMax)) / 2}. It reaches
 * {@code etaMin} at epoch {@code tMax} and, as PyTorch's, rises again after it (period 2·tMax).
 */
public class CosineAnnealingLR extends LRScheduler {

    private final int tMax;
    private final double etaMin;

    /** PyTorch's default etaMin, 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

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
