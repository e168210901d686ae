package org.nn4j.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/**
 * Adam, PyTorch 1.13's {@code torch.optim.Adam} (without amsgrad). With g = dL/dθ and t the
 * parameter's step count (from 1):
 * <pre>
 * g ← g + weightDecay · θ                    (L2 penalty in the gradient; {@link AdamW} decouples it)
 * m ← β₁ · m + (1 − β₁) · g
 * v ← β₂ · v + (1 − β₂) · g²
 * θ ← θ − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Defaults are PyTorch's: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, weight decay 0. State per
 * parameter: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code step} (t). Every update is
 * in place in buffers allocated on the parameter's first step; gradients are never modified.
 */
public class Adam extends StatefulOptimizer {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    /** The weight-decay factor, &ge; 0; see {@link #weightDecay(double)} and {@link #decoupled()}. */
    protected double weightDecay;

    /** PyTorch's default learning rate, 1e-3. */
    public Adam() {
        this(1e-3);
    }

    /**
     * Adam with PyTorch's default betas, ε and weight decay.
     *
     * @param learningRate the step size lr, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     */
    public Adam(double learningRate) {
        super(learningRate, "exp_avg", "exp_avg_sq");
    }

    /**
     * Sets the decay rates of the moment estimates (PyTorch's {@code betas}, default (0.9, 0.999)).
     *
     * @param beta1 β₁, the decay of the first moment m, in [0, 1)
     * @param beta2 β₂, the decay of the second moment v, in [0, 1)
     * @return {@code this}
     * @throws IllegalArgumentException when either beta is outside [0, 1)
     */
    public Adam betas(double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), found ("
                    + beta1 + ", " + beta2 + ")");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    /**
     * The decay of the second moment (PyTorch's {@code betas[1]}).
     *
     * @return β₂
     */
    public double beta2() {
        return beta2;
    }

    /**
     * Sets ε, added to the denominator for numerical stability (default 1e-8).
     *
     * @param eps ε, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code eps} is negative, infinite or NaN
     */
    public Adam eps(double eps) {
        GradientDescent.requireNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    /**
     * Sets the weight decay: an L2 term added to the gradient here, a direct shrinking of θ in
     * {@link AdamW}.
     *
     * @param weightDecay the factor, finite and &ge; 0 (default 0 for Adam, 0.01 for AdamW)
     * @return {@code this}
     * @throws IllegalArgumentException when {@code weightDecay} is negative, infinite or NaN
     */
    public Adam weightDecay(double weightDecay) {
        GradientDescent.requireNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    @Override
    public void update(Parameter p) {
        INDArray theta = p.value();
        OptimizerState.Slot s = state.slot(p);
        s.step++;
        INDArray g = p.grad();
        INDArray work = s.work;
        if (weightDecay != 0) {
            if (decoupled()) {
                theta.muli(1 - learningRate() * weightDecay);
            } else {
                g = work.assign(g); // adam_updater below reads each g[i] before it writes work[i]
                Blas.axpy(weightDecay, theta, g);
            }
        }
        INDArray m = s.get("exp_avg");
        INDArray v = s.get("exp_avg_sq");
        // m, v and work = lr/bc₁ · m / (√v/√bc₂ + ε) in one native op: ND4J's adam_updater computes
        // lr·√bc₂/bc₁ · m / (√v + ε'), which is the same with ε' = ε·√bc₂. Its step count starts at 0.
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
        Nd4j.exec(new AdamUpdater(g, v, m, work, v, m, learningRate(), beta1, beta2, eps * biasCorrection2Sqrt,
                (int) (s.step - 1)));
        if (learningRate() != 0) { // adam_updater takes lr = 0 for "no schedule" and steps by ε then
            Blas.axpy(-1, work, theta);
        }
    }

    /**
     * Whether weight decay is decoupled from the gradient.
     *
     * @return {@code true} for {@link AdamW}, where weight decay shrinks θ directly instead of
     *     entering the gradient; {@code false} for Adam
     */
    protected boolean decoupled() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + learningRate() + ", betas=(" + beta1 + ", " + beta2 + "), eps="
                + eps + ", weightDecay=" + weightDecay + ")";
    }
}
