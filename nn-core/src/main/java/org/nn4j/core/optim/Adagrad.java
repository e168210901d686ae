package org.nn4j.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Parameter;

/**
 * Adagrad, PyTorch 1.13's {@code torch.optim.Adagrad} (dense gradients). With g = dL/dθ and t the
 * parameter's step count (from 1):
 * <pre>
 * g ← g + weightDecay · θ                 (when weightDecay ≠ 0)
 * s ← s + g²                              (s starts at initialAccumulatorValue)
 * θ ← θ − lr / (1 + (t − 1) · lrDecay) · g / (√s + ε)
 * </pre>
 * Defaults are PyTorch's: lr 1e-2, lr decay 0, weight decay 0, initial accumulator value 0,
 * ε 1e-10. State per parameter, under PyTorch's names: {@code sum} (s) and {@code step} (t).
 * Gradients are never modified.
 *
 * <pre>{@code
 * Optimizer adagrad = new Adagrad(0.05).lrDecay(1e-4).initialAccumulatorValue(0.1);
 * }</pre>
 */
public class Adagrad extends StatefulOptimizer {

    private double lrDecay;
    private double weightDecay;
    private double initialAccumulatorValue;
    private double eps = 1e-10;

    /** PyTorch's default learning rate, 1e-2. */
    public Adagrad() {
        this(1e-2);
    }

    /**
     * Adagrad with PyTorch's defaults for everything but the learning rate.
     *
     * @param learningRate the step size lr, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     */
    public Adagrad(double learningRate) {
        super(learningRate, "sum");
    }

    /**
     * Sets the learning-rate decay: step t uses {@code lr / (1 + (t − 1) · lrDecay)} (default 0).
     *
     * @param lrDecay the decay, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code lrDecay} is negative, infinite or NaN
     */
    public Adagrad lrDecay(double lrDecay) {
        GradientDescent.requireNonNegative("lr decay", lrDecay);
        this.lrDecay = lrDecay;
        return this;
    }

    /**
     * Sets the L2 penalty added to the gradient (default 0).
     *
     * @param weightDecay the factor, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code weightDecay} is negative, infinite or NaN
     */
    public Adagrad weightDecay(double weightDecay) {
        GradientDescent.requireNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    /**
     * Sets the value every element of the accumulator s starts at, on a parameter's first step (default 0).
     *
     * @param value the starting value, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code value} is negative, infinite or NaN
     */
    public Adagrad initialAccumulatorValue(double value) {
        GradientDescent.requireNonNegative("initial accumulator value", value);
        this.initialAccumulatorValue = value;
        return this;
    }

    /**
     * Sets ε, added to the root of the accumulator (default 1e-10).
     *
     * @param eps ε, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code eps} is negative, infinite or NaN
     */
    public Adagrad eps(double eps) {
        GradientDescent.requireNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    @Override
    public void update(Parameter p) {
        INDArray theta = p.value();
        OptimizerState.Slot s = state.slot(p);
        INDArray sum = s.get("sum");
        if (s.step == 0 && initialAccumulatorValue != 0) {
            sum.assign(initialAccumulatorValue);
        }
        s.step++;
        INDArray g = p.grad();
        if (weightDecay != 0) {
            g = s.work.assign(g);
            Blas.axpy(weightDecay, theta, g);
        }
        INDArray d = state.second(s, p);
        Blas.axpy(1, d.assign(g).muli(g), sum);
        Transforms.sqrt(d.assign(sum), false).addi(eps).rdivi(g); // d ← g / (√s + ε)
        Blas.axpy(-learningRate() / (1 + (s.step - 1) * lrDecay), d, theta);
    }

    @Override
    public String toString() {
        return "Adagrad(lr=" + learningRate() + ", lrDecay=" + lrDecay + ", weightDecay=" + weightDecay
                + ", initialAccumulatorValue=" + initialAccumulatorValue + ", eps=" + eps + ")";
    }
}
