package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = scale · (max(0, input) + min(0, α · (exp(input) − 1)))}, element-wise, any shape (PyTorch's
 * {@code SELU}), with PyTorch's constants α = 1.6732632423543772 and scale = 1.0507009873554805
 * ({@link Elementwise#SELU_ALPHA}, {@link Elementwise#SELU_SCALE}).
 */
public class SELU extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("SELU", input);
        return Elementwise.SELU.forward(input);
    }

    /**
     * dL/dinput = delta · scale where {@code input > 0}, else {@code delta · scale · α · exp(input)}; at 0 the
     * derivative is {@code scale · α} (≈ 1.7581), as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("SELU", input.shape(), input, delta);
        return Elementwise.SELU.backward(input, delta);
    }
}
