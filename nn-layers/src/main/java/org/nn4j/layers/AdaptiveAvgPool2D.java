package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Average pooling to a fixed output size, per channel (PyTorch's {@code AdaptiveAvgPool2d}): input
 * {@code [N, C, H, W]}, output {@code [N, C, outH, outW]}. Output row {@code i} averages input rows
 * {@code ⌊i·H / outH⌋} to {@code ⌈(i + 1)·H / outH⌉ − 1}, and likewise for columns, so windows may overlap or
 * differ in size. A {@code 1 × 1} output is the mean over {@code H, W} in one op (global average pooling).
 * A NaN or infinity in the input reaches every output whose window holds it.
 */
public class AdaptiveAvgPool2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private final int outH;
    private final int outW;

    /**
     * A square {@code size × size} output.
     *
     * @param size the output's height and width, at least 1
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    public AdaptiveAvgPool2D(int size) {
        this(size, size);
    }

    /**
     * An {@code outH × outW} output.
     *
     * @param outH the output's height, at least 1
     * @param outW the output's width, at least 1
     * @throws IllegalArgumentException when {@code outH} or {@code outW} is below 1
     */
    public AdaptiveAvgPool2D(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2D: output size must be at least 1, found " + outH + "×" + outW);
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
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), n, c, outH, outW);
        }
        if (outH == 1 && outW == 1) {
            return input.mean(2, 3).reshape('c', n, c, 1, 1);
        }
        INDArray output = Nd4j.create(input.dataType(), n, c, outH, outW);
        INDArray x = dense(input);
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                output.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .assign(x.get(window(i, j, h, w)).mean(2, 3));
            }
        }
        return output;
    }

    /**
     * dL/dinput: each output's delta, divided by its window's size, added to every input of the window.
     * Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        requireInput(input);
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        Checks.requireDelta("AdaptiveAvgPool2D", new long[] {n, c, outH, outW}, input, delta);
        INDArray gradInput = Nd4j.zeros(input.dataType(), n, c, h, w);
        if (input.isEmpty()) {
            return gradInput;
        }
        INDArray d0 = dense(delta);
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                INDArrayIndex[] window = window(i, j, h, w);
                long size = (window[2].length()) * (window[3].length());
                INDArray d = d0.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .dup('c').reshape('c', n, c, 1, 1).divi(size);
                INDArray target = gradInput.get(window);
                target.addi(d); // broadcasting custom op (the legacy broadcast ops are not safe under threads and GC)
            }
        }
        return gradInput;
    }

    /**
     * {@code a} itself when it is a c-ordered array of its own, else a c-ordered copy: ND4J's indexing of some strided
     * views (size-1 axes, sub-arrays at an offset) returns empty arrays, so windows are cut from dense arrays only.
     */
    private static INDArray dense(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /** Rows {@code ⌊i·H/outH⌋ .. ⌈(i+1)·H/outH⌉} (exclusive end) and the same for columns, as PyTorch. */
    private INDArrayIndex[] window(int i, int j, long h, long w) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.interval(i * h / outH, ((i + 1) * h + outH - 1) / outH),
            NDArrayIndex.interval(j * w / outW, ((j + 1) * w + outW - 1) / outW)};
    }

    private static void requireInput(INDArray input) {
        Checks.requireRank("AdaptiveAvgPool2D", input, 4, LAYOUT);
        Checks.requireFloatingPoint("AdaptiveAvgPool2D", input);
        if (input.size(2) < 1 || input.size(3) < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2D: input " + LAYOUT + " needs H, W ≥ 1, found " + Checks.shape(input));
        }
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2D(" + outH + "×" + outW + ")";
    }
}
