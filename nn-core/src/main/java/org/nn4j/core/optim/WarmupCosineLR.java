package org.nn4j.core.optim;

/**
 * Linear warm-up then cosine decay, the schedule of Hugging Face's
 * {@code get_cosine_schedule_with_warmup} (a {@code LambdaLR} in PyTorch), with a floor
 * {@code etaMin}. With w = warmupSteps and T = totalSteps:
 * <pre>
 * lr = baseLr · step / w                                                  for step &lt; w
 * lr = etaMin + (baseLr − etaMin) · (1 + cos(π · (step − w) / (T − w))) / 2   for w ≤ step ≤ T
 * lr = etaMin                                                              for step &gt; T
 * </pre>
 * The rate starts at 0 (step 0 of the warm-up) and is set when the schedule is built. Unlike
 * {@link CosineAnnealingLR} (and Hugging Face's formula) it stays at {@code etaMin} after T
 * instead of rising again. Meant to be stepped per iteration:
 *
 * <pre>{@code
 * Optimizer adamW = new AdamW(3e-4);
 * int steps = epochs * (int) train.batchesPerEpoch();
 * trainer.schedule(new WarmupCosineLR(adamW, steps / 20, steps), Trainer.Every.ITERATION);
 * }</pre>
 */
public class WarmupCosineLR extends LRScheduler {

    private final int warmupSteps;
    private final int totalSteps;
    private final double etaMin;

    /**
     * Warm-up from 0 to the base rate, then cosine decay to 0.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base
     *     rate, and its rate becomes 0 now (with {@code warmupSteps} &gt; 0)
     * @param warmupSteps the length of the warm-up, &ge; 0
     * @param totalSteps the step at which the decay reaches 0, &gt; {@code warmupSteps}
     * @throws IllegalArgumentException when {@code warmupSteps} &lt; 0 or {@code totalSteps} &le; {@code warmupSteps}
     */
    public WarmupCosineLR(Optimizer optimizer, int warmupSteps, int totalSteps) {
        this(optimizer, warmupSteps, totalSteps, 0);
    }

    /**
     * Warm-up from 0 to the base rate, then cosine decay to {@code etaMin}.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; its current rate is the base rate
     * @param warmupSteps the length of the warm-up, &ge; 0
     * @param totalSteps the step at which the decay reaches {@code etaMin}, &gt; {@code warmupSteps}
     * @param etaMin the final learning rate, &ge; 0 and finite
     * @throws IllegalArgumentException when {@code warmupSteps} &lt; 0, {@code totalSteps} &le;
     *     {@code warmupSteps}, or {@code etaMin} is negative, infinite or NaN
     */
    public WarmupCosineLR(Optimizer optimizer, int warmupSteps, int totalSteps, double etaMin) {
        super(optimizer);
        if (warmupSteps < 0 || totalSteps <= warmupSteps || !(etaMin >= 0) || Double.isInfinite(etaMin)) {
            throw new IllegalArgumentException("WarmupCosineLR: expected 0 <= warmupSteps < totalSteps and etaMin"
                    + " >= 0, found warmupSteps " + warmupSteps + ", totalSteps " + totalSteps + ", etaMin " + etaMin);
        }
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.etaMin = etaMin;
        applyRate();
    }

    @Override
    public double rate(int step) {
        if (step < warmupSteps) {
            return baseRate() * step / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return etaMin + (baseRate() - etaMin) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Override
    public String toString() {
        return "WarmupCosineLR(warmupSteps=" + warmupSteps + ", totalSteps=" + totalSteps + ", etaMin=" + etaMin + ")";
    }
}
