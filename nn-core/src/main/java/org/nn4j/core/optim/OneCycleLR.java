package org.nn4j.core.optim;

import java.util.List;

/**
 * The 1cycle policy, PyTorch 1.13's {@code OneCycleLR}, stepped once per optimizer step: the rate
 * rises from {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of
 * {@code totalSteps}, then falls to {@code maxLr / (divFactor · finalDivFactor)} at step
 * {@code totalSteps − 1}, annealing by cosine (or linearly). With {@link #threePhase(boolean)
 * threePhase(true)} it falls back to {@code maxLr / divFactor} over a second {@code pctStart}
 * and then to the minimum. Defaults are PyTorch's: pctStart 0.3, cosine, divFactor 25,
 * finalDivFactor 1e4, two phases. The optimizer's rate is set to the first step's when the
 * schedule is built; its rate before that is ignored.
 *
 * <pre>{@code
 * Optimizer sgd = new GradientDescent(0.01, 0.9);
 * int steps = epochs * (int) train.batchesPerEpoch();
 * trainer.schedule(new OneCycleLR(sgd, 0.1, steps), Trainer.Every.ITERATION);
 * }</pre>
 *
 * <p>Momentum: PyTorch's {@code cycle_momentum=True} (its default) also moves SGD's and RMSprop's
 * momentum or Adam's β₁ against the rate, from {@code max_momentum} (0.95) down to
 * {@code base_momentum} (0.85) while the rate rises, and back. Here that is
 * {@link #cycleMomentum(double, double) cycleMomentum(0.85, 0.95)}; by default the momentum stays
 * as set (PyTorch's {@code cycle_momentum=False}). The learning rates are the same either way.
 *
 * <p>As PyTorch's, it may be stepped {@code totalSteps} times; one more step throws. The last
 * of those steps is one past the end of the cycle, where the annealing is extrapolated; with
 * linear annealing PyTorch's rate goes below 0 there, this one stops at 0. On
 * {@link ParameterGroups} the first group follows this schedule and the others keep their rates'
 * ratios to it (PyTorch's {@code max_lr} given as a list).
 */
public class OneCycleLR extends LRScheduler {

    private final double maxLr;
    private final int totalSteps;
    private double pctStart = 0.3;
    private boolean linear;
    private double divFactor = 25;
    private double finalDivFactor = 1e4;
    private boolean threePhase;
    /** NaN: the momentum is not cycled. */
    private double baseMomentum = Double.NaN;
    private double maxMomentum = Double.NaN;

    /**
     * The 1cycle policy over {@code totalSteps} optimizer steps, with PyTorch's defaults.
     *
     * @param optimizer the optimizer whose learning rate is scheduled; set to {@code maxLr / 25} now
     * @param maxLr the peak learning rate, &gt; 0 and finite
     * @param totalSteps the number of steps in the cycle (epochs × steps per epoch), &ge; 1
     * @throws IllegalArgumentException when {@code maxLr} is not &gt; 0 or is infinite, or {@code totalSteps} &lt; 1
     */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        super(optimizer);
        if (!(maxLr > 0) || Double.isInfinite(maxLr) || totalSteps < 1) {
            throw new IllegalArgumentException("OneCycleLR: expected maxLr > 0 and finite and totalSteps >= 1,"
                    + " found maxLr " + maxLr + ", totalSteps " + totalSteps);
        }
        this.maxLr = maxLr;
        this.totalSteps = totalSteps;
        applyRate();
    }

    /**
     * The 1cycle policy over {@code epochs · stepsPerEpoch} steps (PyTorch's {@code epochs} and
     * {@code steps_per_epoch}).
     *
     * @param optimizer the optimizer whose learning rate is scheduled; set to {@code maxLr / 25} now
     * @param maxLr the peak learning rate, &gt; 0 and finite
     * @param epochs the number of epochs, &ge; 1
     * @param stepsPerEpoch the optimizer steps per epoch, &ge; 1
     * @throws IllegalArgumentException when {@code maxLr} is not &gt; 0 or is infinite, or
     *     {@code epochs} or {@code stepsPerEpoch} &lt; 1
     */
    public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch) {
        this(optimizer, maxLr, checkedProduct(epochs, stepsPerEpoch));
    }

    private static int checkedProduct(int epochs, int stepsPerEpoch) {
        if (epochs < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("OneCycleLR: expected epochs >= 1 and stepsPerEpoch >= 1, found epochs "
                    + epochs + ", stepsPerEpoch " + stepsPerEpoch);
        }
        return Math.multiplyExact(epochs, stepsPerEpoch);
    }

    /**
     * Sets the fraction of the cycle spent rising (default 0.3); only before the first step.
     *
     * @param pctStart the fraction, in [0, 1]
     * @return {@code this}
     * @throws IllegalArgumentException when {@code pctStart} is outside [0, 1]
     * @throws IllegalStateException after the first step
     */
    public OneCycleLR pctStart(double pctStart) {
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], found " + pctStart);
        }
        this.pctStart = pctStart;
        return changed("pctStart");
    }

    /**
     * Anneals linearly instead of by cosine (PyTorch's {@code anneal_strategy='linear'}); only before the first step.
     *
     * @param linear {@code true} for linear, {@code false} (the default) for cosine
     * @return {@code this}
     * @throws IllegalStateException after the first step
     */
    public OneCycleLR linearAnnealing(boolean linear) {
        this.linear = linear;
        return changed("linearAnnealing");
    }

    /**
     * Sets the divisors of the rates at the ends: the cycle starts at {@code maxLr / divFactor} and
     * ends at {@code maxLr / (divFactor · finalDivFactor)} (defaults 25 and 1e4); only before the first step.
     *
     * @param divFactor the initial divisor, &gt; 0 and finite
     * @param finalDivFactor the further divisor of the final rate, &gt; 0 and finite
     * @return {@code this}
     * @throws IllegalArgumentException when a divisor is not &gt; 0 or is infinite
     * @throws IllegalStateException after the first step
     */
    public OneCycleLR divFactors(double divFactor, double finalDivFactor) {
        if (!(divFactor > 0 && finalDivFactor > 0) || Double.isInfinite(divFactor) || Double.isInfinite(finalDivFactor)) {
            throw new IllegalArgumentException("OneCycleLR: divFactor and finalDivFactor must be > 0 and finite, found "
                    + divFactor + ", " + finalDivFactor);
        }
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
        return changed("divFactors");
    }

    /**
     * Three phases (up, back down to the initial rate, then down to the minimum) instead of two
     * (default off); only before the first step.
     *
     * @param threePhase whether to use three phases
     * @return {@code this}
     * @throws IllegalStateException after the first step
     */
    public OneCycleLR threePhase(boolean threePhase) {
        this.threePhase = threePhase;
        return changed("threePhase");
    }

    /**
     * Cycles the momentum against the learning rate, as PyTorch's {@code cycle_momentum=True}:
     * from {@code maxMomentum} down to {@code baseMomentum} while the rate rises, back up while it
     * falls (and held at {@code maxMomentum} in a third phase). It sets {@link GradientDescent}'s and
     * {@link RMSprop}'s momentum and {@link Adam}'s (and {@link AdamW}'s) β₁, of every group of a
     * {@link ParameterGroups}; the first value is set now. Only before the first step.
     *
     * @param baseMomentum the momentum at the rate's peak (PyTorch's default 0.85), in [0, maxMomentum]
     * @param maxMomentum the momentum at the ends of the cycle (PyTorch's default 0.95), below 1
     * @return {@code this}
     * @throws IllegalArgumentException when not {@code 0 <= baseMomentum <= maxMomentum < 1}, or the
     *     optimizer (or a group's) has no momentum to cycle
     * @throws IllegalStateException after the first step, or when an RMSprop without momentum has already stepped
     */
    public OneCycleLR cycleMomentum(double baseMomentum, double maxMomentum) {
        if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum < 1)) {
            throw new IllegalArgumentException("OneCycleLR: expected 0 <= baseMomentum <= maxMomentum < 1, found"
                    + " baseMomentum " + baseMomentum + ", maxMomentum " + maxMomentum);
        }
        for (Optimizer o : withMomentum()) {
            if (!(o instanceof GradientDescent || o instanceof RMSprop || o instanceof Adam)) {
                throw new IllegalArgumentException("OneCycleLR: cannot cycle the momentum of " + o
                        + "; GradientDescent, RMSprop, Adam and AdamW have one");
            }
        }
        this.baseMomentum = baseMomentum;
        this.maxMomentum = maxMomentum;
        return changed("cycleMomentum");
    }

    private OneCycleLR changed(String option) {
        if (epoch() != 0) {
            throw new IllegalStateException("OneCycleLR: set " + option + " before the first step");
        }
        applyRate();
        applyMomentum();
        return this;
    }

    /** Advances one step and sets the optimizer's learning rate and, when cycled, its momentum. */
    @Override
    public void step() {
        super.step();
        applyMomentum();
    }

    private List<Optimizer> withMomentum() {
        return optimizer() instanceof ParameterGroups groups ? groups.optimizers() : List.of(optimizer());
    }

    private void applyMomentum() {
        if (Double.isNaN(baseMomentum)) {
            return;
        }
        double m = momentum(epoch());
        for (Optimizer o : withMomentum()) {
            if (o instanceof Adam adam) {
                adam.betas(m, adam.beta2());
            } else if (o instanceof GradientDescent sgd) {
                sgd.momentum(m);
            } else {
                ((RMSprop) o).momentum(m);
            }
        }
    }

    /**
     * The momentum (or β₁) of {@code step} when {@link #cycleMomentum} is on.
     *
     * @param step the step, from 0 to totalSteps
     * @return the momentum during that step; NaN when the momentum is not cycled
     * @throws IllegalStateException when {@code step} &gt; totalSteps
     */
    public double momentum(int step) {
        if (Double.isNaN(baseMomentum)) {
            return Double.NaN;
        }
        return threePhase
                ? anneal(step, new double[] {maxMomentum, baseMomentum, maxMomentum},
                        new double[] {baseMomentum, maxMomentum, maxMomentum})
                : anneal(step, new double[] {maxMomentum, baseMomentum}, new double[] {baseMomentum, maxMomentum});
    }

    /**
     * The learning rate of {@code step}.
     *
     * @throws IllegalStateException when {@code step} &gt; totalSteps
     */
    @Override
    public double rate(int step) {
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double rate = threePhase
                ? anneal(step, new double[] {initial, maxLr, initial}, new double[] {maxLr, initial, min})
                : anneal(step, new double[] {initial, maxLr}, new double[] {maxLr, min});
        return Math.max(rate, 0); // step totalSteps is past the cycle's end: a linear anneal goes below 0 there
    }

    /** The value at {@code step} of phases going from {@code from[i]} to {@code to[i]}, as PyTorch's get_lr. */
    private double anneal(int step, double[] from, double[] to) {
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR: stepped " + step + " times, but totalSteps is " + totalSteps
                    + "; build it with totalSteps = epochs × optimizer steps per epoch");
        }
        // Each phase ends at a (fractional) step, as PyTorch computes it: pctStart·T − 1, ...
        double[] ends = threePhase
                ? new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1}
                : new double[] {pctStart * totalSteps - 1, totalSteps - 1};
        double start = 0;
        for (int i = 0; ; i++) {
            if (step <= ends[i] || i == ends.length - 1) {
                double pct = (step - start) / (ends[i] - start);
                return linear ? (to[i] - from[i]) * pct + from[i]
                        : to[i] + (from[i] - to[i]) / 2.0 * (Math.cos(Math.PI * pct) + 1);
            }
            start = ends[i];
        }
    }

    @Override
    public String toString() {
        return "OneCycleLR(maxLr=" + maxLr + ", totalSteps=" + totalSteps + ", pctStart=" + pctStart + ", anneal="
                + (linear ? "linear" : "cos") + ", divFactor=" + divFactor + ", finalDivFactor=" + finalDivFactor
                + ", threePhase=" + threePhase
                + (Double.isNaN(baseMomentum) ? "" : ", momentum=" + baseMomentum + ".." + maxMomentum) + ")";
    }
}
