package org.nn4j.layers.init;

/**
 * A weight's fan in and fan out, as PyTorch's {@code _calculate_fan_in_and_fan_out} computes them: for a
 * shape {@code [out, in, k1, k2, …]}, {@code fanIn = in·k1·k2·…} and {@code fanOut = out·k1·k2·…}.
 *
 * @param fanIn  {@code size(1)} × the receptive field (the product of the sizes after the second)
 * @param fanOut {@code size(0)} × the receptive field
 */
public record Fans(long fanIn, long fanOut) {

    /**
     * The fan that {@code mode} names.
     *
     * @param mode fan in or fan out
     * @return {@link #fanIn()} or {@link #fanOut()}
     */
    public long get(Mode mode) {
        return mode == Mode.FAN_IN ? fanIn : fanOut;
    }
}
