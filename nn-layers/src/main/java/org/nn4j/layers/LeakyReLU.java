package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = input} where {@code input > 0}, else {@code negativeSlope · input}; element-wise, any
 * shape (PyTorch's {@code LeakyReLU}, default slope 0.01).
 */
public class LeakyReLU extends Module {

    private final double negativeSlope;

    /** Slope 0.01, PyTorch's default. */
    public LeakyReLU() {
        this(0.01);
    }

    /**
     * @param negativeSlope the factor applied to negative inputs; finite (negative or above 1 are allowed)
     * @throws IllegalArgumentException when {@code negativeSlope} is NaN or infinite
     */
    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be finite, found " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("LeakyReLU", input);
        return Elementwise.LEAKY_RELU.forward(input, negativeSlope);
    }

    /**
     * dL/dinput = delta where {@code input > 0}, else {@code negativeSlope · delta}; at 0 the slope is
     * {@code negativeSlope}, as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("LeakyReLU", input.shape(), input, delta);
        return Elementwise.LEAKY_RELU.backward(input, delta, negativeSlope);
    }

    /** @return the factor applied to negative inputs */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public String toString() {
        return "LeakyReLU(negativeSlope=" + negativeSlope + ")";
    }
}
