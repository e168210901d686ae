package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Pooling;

/**
 * Max pooling to a fixed output size, per channel (PyTorch's {@code AdaptiveMaxPool2d}): input {@code [N, C, H, W]},
 * output {@code [N, C, outH, outW]}. Output row {@code i} is the maximum over input rows {@code ⌊i·H / outH⌋} to
 * {@code ⌈(i + 1)·H / outH⌉ − 1}, and likewise for columns, so windows may overlap or differ in size. dL/dinput routes
 * each window's delta to its maximum (the first, row-major, on ties). NaN propagates as in PyTorch: a window holding a
 * NaN gives NaN, and its delta goes to the window's last NaN.
 */
public class AdaptiveMaxPool2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private final int outH;
    private final int outW;

    /**
     * A square {@code size × size} output.
     *
     * @param size the output's height and width, at least 1
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    public AdaptiveMaxPool2D(int size) {
        this(size, size);
    }

    /**
     * An {@code outH × outW} output.
     *
     * @param outH the output's height, at least 1
     * @param outW the output's width, at least 1
     * @throws IllegalArgumentException when {@code outH} or {@code outW} is below 1
     */
    public AdaptiveMaxPool2D(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveMaxPool2D: output size must be at least 1, found " + outH + "×" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    /**
     * @param input {@code [N, C, H, W]} with {@code H, W ≥ 1}, not modified
     * @return {@code [N, C, outH, outW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        requireInput(input);
        return Pooling.adaptiveMaxPool2d("AdaptiveMaxPool2D", input, outH, outW);
    }

    /** dL/dinput: zero except at each window's maximum, which receives the window's delta. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        requireInput(input);
        Checks.requireDelta("AdaptiveMaxPool2D", new long[] {input.size(0), input.size(1), outH, outW}, input, delta);
        return Pooling.adaptiveMaxPool2dBackward("AdaptiveMaxPool2D", input, delta, outH, outW);
    }

    private static void requireInput(INDArray input) {
        Checks.requireRank("AdaptiveMaxPool2D", input, 4, LAYOUT);
        Checks.requireFloatingPoint("AdaptiveMaxPool2D", input);
        if (input.size(2) < 1 || input.size(3) < 1) {
            throw new IllegalArgumentException("AdaptiveMaxPool2D: input " + LAYOUT + " needs H, W ≥ 1, found " + Checks.shape(input));
        }
    }

    @Override
    public String toString() {
        return "AdaptiveMaxPool2D(" + outH + "×" + outW + ")";
    }
}
