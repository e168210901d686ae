package org.nn4j.layers.init;

import java.util.Arrays;

/**
 * The functions {@link Init#calculateGain} knows, by PyTorch's names ({@code 'linear'}, {@code 'conv2d'},
 * {@code 'leaky_relu'}, …; {@link #toString()} gives that name back).
 */
public enum Nonlinearity {
    /** The identity (a linear layer without activation): gain 1. */
    LINEAR,
    /** A 1-D convolution without activation: gain 1. */
    CONV1D,
    /** A 2-D convolution without activation: gain 1. */
    CONV2D,
    /** A 3-D convolution without activation: gain 1. */
    CONV3D,
    /** A 1-D transposed convolution without activation: gain 1. */
    CONV_TRANSPOSE1D,
    /** A 2-D transposed convolution without activation: gain 1. */
    CONV_TRANSPOSE2D,
    /** A 3-D transposed convolution without activation: gain 1. */
    CONV_TRANSPOSE3D,
    /** The logistic function: gain 1. */
    SIGMOID,
    /** tanh: gain 5/3. */
    TANH,
    /** ReLU: gain √2. */
    RELU,
    /** LeakyReLU with negative slope s: gain √(2 / (1 + s²)); s is 0.01 unless given. */
    LEAKY_RELU,
    /** SELU: gain 3/4, PyTorch's empirical value (use {@link #LINEAR} for self-normalising networks). */
    SELU;

    /** {@return PyTorch's name, e.g. {@code "leaky_relu"}} */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The nonlinearity PyTorch calls {@code name} (its {@code nn.functional} name, e.g. {@code "leaky_relu"}).
     *
     * @param name PyTorch's name, exactly as {@code calculate_gain} takes it (lower case)
     * @return the nonlinearity
     * @throws IllegalArgumentException for any other name, listing the supported ones
     */
    public static Nonlinearity of(String name) {
        for (Nonlinearity n : values()) {
            if (n.toString().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("Unsupported nonlinearity " + name + ", please use one of "
                + Arrays.toString(values()));
    }
}
