package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = log(1 + exp(β · input)) / β}, and {@code output = input} where {@code β · input > threshold}
 * (for numerical stability); element-wise, any shape (PyTorch's {@code Softplus}, defaults β = 1, threshold = 20).
 */
public class Softplus extends Module {

    private final double beta;
    private final double threshold;

    /** β = 1 and threshold 20, PyTorch's defaults. */
    public Softplus() {
        this(1, 20);
    }

    /**
     * @param beta      the sharpness; finite and positive
     * @param threshold above which {@code β · input} the output is the input itself; finite
     * @throws IllegalArgumentException when {@code beta} is not positive or either is NaN or infinite
     */
    public Softplus(double beta, double threshold) {
        if (!(beta > 0) || !Double.isFinite(beta) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Softplus: beta must be finite and positive and threshold finite, found beta="
                    + beta + ", threshold=" + threshold);
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Softplus", input);
        return Elementwise.SOFTPLUS.forward(input, beta, threshold);
    }

    /**
     * dL/dinput = delta ⊙ σ(β · input), and delta where {@code β · input > threshold}; at the threshold itself the
     * derivative is σ(threshold), as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Softplus", input.shape(), input, delta);
        return Elementwise.SOFTPLUS.backward(input, delta, beta, threshold);
    }

    /** @return β */
    public double beta() {
        return beta;
    }

    /** @return the threshold on {@code β · input} */
    public double threshold() {
        return threshold;
    }

    @Override
    public String toString() {
        return "Softplus(beta=" + beta + ", threshold=" + threshold + ")";
    }
}
