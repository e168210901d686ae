package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;

/**
 * Pads the borders of {@code [N, C, H, W]} with zeros (PyTorch's {@code nn.ZeroPad2d}).
 * The output is {@code [N, C, H + top + bottom, W + left + right]}; dL/dinput sums dL/doutput over every output
 * position that copies an input position.
 *
 * <pre>{@code new ZeroPad2D(1)              // one on every side
 * new ZeroPad2D(2, 1, 0, 3)     // left 2, right 1, top 0, bottom 3 (PyTorch's order)}</pre>
 */
public class ZeroPad2D extends Module {

    private static final String NAME = "ZeroPad2D";

    private final int[] pad; // left, right, top, bottom

    /**
     * The same padding on every side.
     *
     * @param padding the rows or columns of zeros added on each side, &ge; 0
     * @throws IllegalArgumentException when {@code padding} is negative
     */
    public ZeroPad2D(int padding) {
        this(padding, padding, padding, padding);
    }

    /**
     * Padding per side, in PyTorch's order.
     *
     * @param left   columns added on the left, &ge; 0
     * @param right  columns added on the right, &ge; 0
     * @param top    rows added on top, &ge; 0
     * @param bottom rows added at the bottom, &ge; 0
     * @throws IllegalArgumentException when a padding is negative
     */
    public ZeroPad2D(int left, int right, int top, int bottom) {
        this.pad = Padding.amounts(NAME, left, right, top, bottom);
    }

    /**
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, H + top + bottom, W + left + right]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Padding.check(NAME, Padding.Mode.ZERO, pad, input);
        return Padding.forward(Padding.Mode.ZERO, pad, input);
    }

    /**
     * @param input the input given to forward, not modified
     * @param delta {@code [N, C, H + top + bottom, W + left + right]}, not modified
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Padding.check(NAME, Padding.Mode.ZERO, pad, input);
        return Padding.backward(Padding.Mode.ZERO, pad, input, delta);
    }

    /** {@return the padding per side, in PyTorch's order {left, right, top, bottom}; a copy} */
    public int[] padding() {
        return pad.clone();
    }

    @Override
    public String toString() {
        return NAME + "(" + Padding.describe(pad) + ")";
    }
}
