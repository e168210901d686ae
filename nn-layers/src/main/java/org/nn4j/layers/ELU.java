package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = input} where {@code input > 0}, else {@code α · (exp(input) − 1)}; element-wise, any shape
 * (PyTorch's {@code ELU}, default α = 1).
 */
public class ELU extends Module {

    private final double alpha;

    /** α = 1, PyTorch's default. */
    public ELU() {
        this(1.0);
    }

    /**
     * @param alpha the value the output tends to for large negative inputs is −α; finite
     * @throws IllegalArgumentException when {@code alpha} is NaN or infinite
     */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, found " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("ELU", input);
        return Elementwise.ELU.forward(input, alpha);
    }

    /**
     * dL/dinput = delta where {@code input > 0}, else {@code α · exp(input) · delta}; at 0 the derivative is α, as in
     * PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("ELU", input.shape(), input, delta);
        return Elementwise.ELU.backward(input, delta, alpha);
    }

    /** @return α */
    public double alpha() {
        return alpha;
    }

    @Override
    public String toString() {
        return "ELU(alpha=" + alpha + ")";
    }
}
