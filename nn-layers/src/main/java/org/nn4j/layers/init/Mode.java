package org.nn4j.layers.init;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which fan the Kaiming initialisers scale by, PyTorch's {@code mode='fan_in'} or {@code 'fan_out'}:
 * {@link #FAN_IN} keeps the variance of the activations in the forward pass, {@link #FAN_OUT} that of the
 * gradients in the backward pass.
 */
public enum Mode {
    /** The number of inputs of each output: {@code size(1)} × receptive field. */
    FAN_IN,
    /** The number of outputs each input reaches: {@code size(0)} × receptive field. */
    FAN_OUT;

    /** {@return PyTorch's name, {@code "fan_in"} or {@code "fan_out"}} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode PyTorch calls {@code name}, in any case, as {@code _calculate_correct_fan} reads it.
     *
     * @param name {@code "fan_in"} or {@code "fan_out"}
     * @return the mode
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static Mode of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Mode m : values()) {
            if (m.toString().equals(lower)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Mode " + lower + " not supported, please use one of "
                + Arrays.toString(values()));
    }
}
