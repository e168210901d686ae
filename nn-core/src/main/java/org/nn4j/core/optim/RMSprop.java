package org.nn4j.core.optim;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Parameter;

/**
 * RMSprop, PyTorch 1.13's {@code torch.optim.RMSprop}. With g = dL/dθ:
 * <pre>
 * g ← g + weightDecay · θ                      (when weightDecay ≠ 0)
 * v ← α · v + (1 − α) · g²
 * ḡ ← α · ḡ + (1 − α) · g,  d = √(v − ḡ²) + ε   (centered)   or   d = √v + ε
 * b ← momentum · b + g / d,  θ ← θ − lr · b      (momentum &gt; 0)   or   θ ← θ − lr · g / d
 * </pre>
 * Defaults are PyTorch's: lr 1e-2, α 0.99, ε 1e-8, momentum 0, not centered, weight decay 0.
 * State per parameter, under PyTorch's names: {@code square_avg} (v), {@code momentum_buffer} (b,
 * with momentum), {@code grad_avg} (ḡ, centered) and {@code step}. Gradients are never modified.
 *
 * <pre>{@code
 * Optimizer rms = new RMSprop(1e-3).alpha(0.9).momentum(0.9).centered(true);
 * }</pre>
 *
 * <p>Other forms: Lua Torch's {@code optim.rmsprop} is this update without momentum and
 * centering (ε outside the square root too, but it can start v at {@code initialMean} rather
 * than 0). TensorFlow's and Keras's RMSprop put ε inside the root, {@code d = √(v + ε)}
 * ({@code √(v − ḡ² + ε)} centered), which {@link #epsInsideSqrt(boolean) epsInsideSqrt(true)}
 * selects; TensorFlow also folds lr into its momentum buffer, which gives the same steps only
 * while lr is constant.
 *
 * <p>Set momentum and centering before the first step: they decide which state is kept.
 */
public class RMSprop extends StatefulOptimizer {

    private double alpha = 0.99;
    private double eps = 1e-8;
    private double momentum;
    private double weightDecay;
    private boolean centered;
    private boolean epsInsideSqrt;

    /** PyTorch's default learning rate, 1e-2. */
    public RMSprop() {
        this(1e-2);
    }

    /**
     * RMSprop with PyTorch's defaults for everything but the learning rate.
     *
     * @param learningRate the step size lr, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     */
    public RMSprop(double learningRate) {
        super(learningRate, "square_avg");
    }

    /**
     * Sets the smoothing constant α of the mean square (default 0.99).
     *
     * @param alpha α, in [0, 1)
     * @return {@code this}
     * @throws IllegalArgumentException when {@code alpha} is outside [0, 1)
     */
    public RMSprop alpha(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1), found " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /**
     * Sets ε, added to the root of the mean square (default 1e-8).
     *
     * @param eps ε, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code eps} is negative, infinite or NaN
     */
    public RMSprop eps(double eps) {
        GradientDescent.requireNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    /**
     * Sets the momentum factor (default 0, no momentum buffer).
     *
     * @param momentum the factor, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code momentum} is negative, infinite or NaN
     * @throws IllegalStateException when this optimizer has already stepped (the state it keeps would change)
     */
    public RMSprop momentum(double momentum) {
        GradientDescent.requireNonNegative("momentum", momentum);
        boolean changes = (momentum > 0) != (this.momentum > 0);
        if (changes) {
            checkNoState("momentum");
        }
        this.momentum = momentum;
        if (changes) {
            keep(names());
        }
        return this;
    }

    /**
     * Centered RMSprop (default off): the gradient's running mean ḡ is kept too and the step is
     * divided by an estimate of the gradient's standard deviation, {@code √(v − ḡ²)}.
     *
     * @param centered whether to center
     * @return {@code this}
     * @throws IllegalStateException when this optimizer has already stepped (the state it keeps would change)
     */
    public RMSprop centered(boolean centered) {
        boolean changes = centered != this.centered;
        if (changes) {
            checkNoState("centered");
        }
        this.centered = centered;
        if (changes) {
            keep(names());
        }
        return this;
    }

    /**
     * Sets the L2 penalty added to the gradient (default 0).
     *
     * @param weightDecay the factor, finite and &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code weightDecay} is negative, infinite or NaN
     */
    public RMSprop weightDecay(double weightDecay) {
        GradientDescent.requireNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    /**
     * Puts ε inside the square root, {@code d = √(v + ε)}, as TensorFlow and Keras do; off by
     * default (PyTorch's and Lua Torch's {@code √v + ε}).
     *
     * @param inside whether ε goes inside the root
     * @return {@code this}
     */
    public RMSprop epsInsideSqrt(boolean inside) {
        this.epsInsideSqrt = inside;
        return this;
    }

    /** The buffers kept per parameter with the current options, in PyTorch's order. */
    private String[] names() {
        List<String> names = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) {
            names.add("momentum_buffer");
        }
        if (centered) {
            names.add("grad_avg");
        }
        return names.toArray(String[]::new);
    }

    private void checkNoState(String option) {
        if (!state.isEmpty()) {
            throw new IllegalStateException("RMSprop: set " + option + " before the first step; it changes the"
                    + " state kept per parameter");
        }
    }

    @Override
    public void update(Parameter p) {
        INDArray theta = p.value();
        OptimizerState.Slot s = state.slot(p);
        s.step++;
        INDArray g = p.grad();
        if (weightDecay != 0) {
            g = s.work.assign(g);
            Blas.axpy(weightDecay, theta, g);
        }
        INDArray v = s.get("square_avg");
        INDArray d = state.second(s, p);
        v.muli(alpha);
        Blas.axpy(1 - alpha, d.assign(g).muli(g), v);
        if (centered) {
            INDArray mean = s.get("grad_avg");
            mean.muli(alpha);
            Blas.axpy(1 - alpha, g, mean);
            d.assign(mean).muli(mean).rsubi(v); // v − ḡ²
        } else {
            d.assign(v);
        }
        if (epsInsideSqrt) {
            Transforms.sqrt(d.addi(eps), false);
        } else {
            Transforms.sqrt(d, false).addi(eps);
        }
        d.rdivi(g); // d ← g / d
        if (momentum > 0) {
            INDArray b = s.get("momentum_buffer");
            b.muli(momentum);
            Blas.axpy(1, d, b);
            d = b;
        }
        Blas.axpy(-learningRate(), d, theta);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RMSprop(lr=").append(learningRate()).append(", alpha=").append(alpha)
                .append(", eps=").append(eps);
        if (momentum != 0) {
            s.append(", momentum=").append(momentum);
        }
        if (centered) {
            s.append(", centered=true");
        }
        if (epsInsideSqrt) {
            s.append(", epsInsideSqrt=true");
        }
        if (weightDecay != 0) {
            s.append(", weightDecay=").append(weightDecay);
        }
        return s.append(")").toString();
    }
}
