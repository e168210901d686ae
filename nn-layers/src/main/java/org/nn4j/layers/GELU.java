package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = input · Φ(input)}, Φ the standard normal distribution function, element-wise, any shape (PyTorch's
 * {@code GELU}). By default exact, {@code Φ(x) = (1 + erf(x / √2)) / 2} (PyTorch's {@code approximate="none"}); with
 * {@code "tanh"}, {@code output = input / 2 · (1 + tanh(√(2/π) · (input + 0.044715 · input³)))}.
 */
public class GELU extends Module {

    private final String approximate;
    private final Elementwise function;

    /** The exact GELU (with erf), PyTorch's default. */
    public GELU() {
        this("none");
    }

    /**
     * @param approximate {@code "none"} for the exact GELU, {@code "tanh"} for the tanh approximation (PyTorch's names)
     * @throws IllegalArgumentException for any other value
     */
    public GELU(String approximate) {
        this.function = switch (approximate) {
            case "none" -> Elementwise.GELU_ERF;
            case "tanh" -> Elementwise.GELU_TANH;
            default -> throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", found \""
                    + approximate + "\"");
        };
        this.approximate = approximate;
    }

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("GELU", input);
        return function.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ (Φ(input) + input ⊙ φ(input)), φ the standard normal density (for {@code "tanh"}, the
     * derivative of the approximation).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("GELU", input.shape(), input, delta);
        return function.backward(input, delta);
    }

    /** @return {@code "none"} or {@code "tanh"} */
    public String approximate() {
        return approximate;
    }

    @Override
    public String toString() {
        return "GELU(approximate=" + approximate + ")";
    }
}
