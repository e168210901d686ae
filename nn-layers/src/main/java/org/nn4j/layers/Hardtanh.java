package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = min(max(input, minVal), maxVal)}; element-wise, any shape; NaN stays NaN (PyTorch's {@code Hardtanh},
 * defaults minVal = −1, maxVal = 1).
 */
public class Hardtanh extends Module {

    private final double minVal;
    private final double maxVal;

    /** The bounds −1 and 1, PyTorch's defaults. */
    public Hardtanh() {
        this(-1, 1);
    }

    /**
     * @param minVal the lower bound; finite
     * @param maxVal the upper bound; finite, above {@code minVal}
     * @throws IllegalArgumentException when a bound is NaN or infinite, or {@code maxVal <= minVal}
     */
    public Hardtanh(double minVal, double maxVal) {
        if (!Double.isFinite(minVal) || !Double.isFinite(maxVal) || !(maxVal > minVal)) {
            throw new IllegalArgumentException("Hardtanh: expected finite bounds with maxVal > minVal, found minVal=" + minVal
                    + ", maxVal=" + maxVal);
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Hardtanh", input);
        return Elementwise.HARDTANH.forward(input, minVal, maxVal);
    }

    /**
     * dL/dinput = delta where {@code minVal < input < maxVal}, else 0; at both bounds the derivative is 0, as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Hardtanh", input.shape(), input, delta);
        return Elementwise.HARDTANH.backward(input, delta, minVal, maxVal);
    }

    /** @return the lower bound */
    public double minVal() {
        return minVal;
    }

    /** @return the upper bound */
    public double maxVal() {
        return maxVal;
    }

    @Override
    public String toString() {
        return "Hardtanh(minVal=" + minVal + ", maxVal=" + maxVal + ")";
    }
}
