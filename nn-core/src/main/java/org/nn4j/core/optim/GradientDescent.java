package org.nn4j.core.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Parameter;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
 * weight decay: PyTorch 1.13's {@code torch.optim.SGD}, formula for formula. With g = dL/dθ:
 * <pre>
 * g ← g + weightDecay · θ                       (when weightDecay ≠ 0)
 * b ← g on the first step, then b ← momentum · b + (1 − dampening) · g   (when momentum ≠ 0)
 * g ← g + momentum · b  (Nesterov)   or   g ← b
 * θ ← θ − lr · g
 * </pre>
 * Defaults are PyTorch's: momentum 0, dampening 0, weight decay 0, no Nesterov, which is plain
 * {@code θ ← θ − lr · g}. The momentum buffer {@code b} is kept per parameter
 * ({@code momentum_buffer} in {@link #state}); gradients are never modified.
 *
 * <pre>{@code
 * Optimizer sgd = new GradientDescent(0.01).momentum(0.9).nesterov(true).weightDecay(5e-4);
 * }</pre>
 */
public class GradientDescent implements Optimizer {

    private double learningRate;
    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;
    private final OptimizerState state = new OptimizerState("GradientDescent", false, "momentum_buffer");

    /**
     * Plain gradient descent, {@code θ ← θ − lr · g}, until momentum, dampening, weight decay or
     * Nesterov momentum are set.
     *
     * @param learningRate the step size lr, &gt; 0 and finite
     * @throws IllegalArgumentException when {@code learningRate} is not &gt; 0 or is infinite
     */
    public GradientDescent(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("GradientDescent: learning rate must be positive and finite, found " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /**
     * With momentum, as {@code SGD(params, lr, momentum)}.
     *
     * @param learningRate the step size lr, &gt; 0 and finite
     * @param momentum the momentum factor, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is not &gt; 0 or is infinite, or
     *     {@code momentum} is negative, infinite or NaN
     */
    public GradientDescent(double learningRate, double momentum) {
        this(learningRate);
        momentum(momentum);
    }

    /**
     * Sets the momentum factor (default 0, no momentum buffer).
     *
     * @param momentum the factor, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code momentum} is negative, infinite or NaN, or is 0
     *     while Nesterov momentum is on
     */
    public GradientDescent momentum(double momentum) {
        requireNonNegative("momentum", momentum);
        this.momentum = momentum;
        checkNesterov();
        return this;
    }

    /**
     * Sets the dampening of the momentum (default 0).
     *
     * @param dampening the dampening, finite and &ge; 0; the gradient enters the buffer scaled by
     *     {@code 1 − dampening}
     * @return {@code this}
     * @throws IllegalArgumentException when {@code dampening} is negative, infinite or NaN, or is
     *     not 0 while Nesterov momentum is on
     */
    public GradientDescent dampening(double dampening) {
        requireNonNegative("dampening", dampening);
        this.dampening = dampening;
        checkNesterov();
        return this;
    }

    /**
     * Sets the L2 penalty added to the gradient (default 0).
     *
     * @param weightDecay the factor, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code weightDecay} is negative, infinite or NaN
     */
    public GradientDescent weightDecay(double weightDecay) {
        requireNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    /**
     * Turns Nesterov momentum on or off (default off); as in PyTorch it needs momentum &gt; 0 and
     * dampening 0, so set the momentum first.
     *
     * @param nesterov whether to use Nesterov momentum
     * @return {@code this}
     * @throws IllegalArgumentException when {@code nesterov} is true and momentum is 0 or dampening is not 0
     */
    public GradientDescent nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        checkNesterov();
        return this;
    }

    @Override
    public void update(Parameter p) {
        INDArray theta = p.value();
        if (momentum == 0 && weightDecay == 0) {
            Blas.axpy(-learningRate, p.grad(), theta); // θ += (−lr)·g, no temporary
            return;
        }
        OptimizerState.Slot s = state.slot(p);
        INDArray g = s.work.assign(p.grad()); // a copy: the gradient itself stays as it was
        if (weightDecay != 0) {
            Blas.axpy(weightDecay, theta, g);
        }
        if (momentum != 0) {
            INDArray b = s.get("momentum_buffer");
            if (s.step == 0) {
                b.assign(g);
            } else {
                b.muli(momentum);
                Blas.axpy(1 - dampening, g, b);
            }
            if (nesterov) {
                Blas.axpy(momentum, b, g);
            } else {
                g = b;
            }
        }
        s.step++;
        Blas.axpy(-learningRate, g, theta);
    }

    @Override
    public Map<String, INDArray> state(Parameter parameter) {
        return momentum == 0 ? Map.of() : state.state(parameter);
    }

    @Override
    public Map<String, long[]> stateShapes(Parameter parameter) {
        return momentum == 0 ? Map.of() : state.shapes(parameter);
    }

    @Override
    public void loadState(Parameter parameter, Map<String, INDArray> saved) {
        if (momentum == 0) {
            Optimizer.super.loadState(parameter, saved);
        } else {
            state.load(parameter, saved);
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    /** Any finite value ≥ 0: a schedule may reach 0 (cosine annealing to eta_min = 0). */
    @Override
    public void setLearningRate(double learningRate) {
        requireNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    private void checkNesterov() {
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("GradientDescent: Nesterov momentum requires momentum > 0 and"
                    + " dampening 0, found momentum " + momentum + ", dampening " + dampening);
        }
    }

    static void requireNonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Optimizer: " + what + " must be finite and >= 0, found " + value);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("GradientDescent(lr=").append(learningRate);
        if (momentum != 0) {
            s.append(", momentum=").append(momentum);
        }
        if (dampening != 0) {
            s.append(", dampening=").append(dampening);
        }
        if (nesterov) {
            s.append(", nesterov=true");
        }
        if (weightDecay != 0) {
            s.append(", weightDecay=").append(weightDecay);
        }
        return s.append(")").toString();
    }
}
