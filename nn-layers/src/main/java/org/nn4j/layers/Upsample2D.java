package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Resampling;

/**
 * Nearest-neighbour upsampling by integer factors (PyTorch's {@code Upsample(scale_factor=s,
 * mode="nearest")}): input {@code [N, C, H, W]}, output {@code [N, C, sH·H, sW·W]} with
 * {@code output[n, c, y, x] = input[n, c, ⌊y / sH⌋, ⌊x / sW⌋]}. dL/dinput sums each
 * {@code sH × sW} block of delta.
 */
public class Upsample2D extends Module {

    private final int scaleH;
    private final int scaleW;

    /**
     * The same scale factor {@code scale} for height and width.
     *
     * @param scale at least 1
     * @throws IllegalArgumentException when {@code scale} is below 1
     */
    public Upsample2D(int scale) {
        this(scale, scale);
    }

    /**
     * @param scaleH the height factor sH, at least 1
     * @param scaleW the width factor sW, at least 1
     * @throws IllegalArgumentException when a factor is below 1
     */
    public Upsample2D(int scaleH, int scaleW) {
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("Upsample2D: scale factors must be at least 1, found " + scaleH + "×" + scaleW);
        }
        this.scaleH = scaleH;
        this.scaleW = scaleW;
    }

    /**
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, sH·H, sW·W]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return Resampling.upsampleNearest(input, scaleH, scaleW);
    }

    /** dL/dinput[n, c, y, x] = Σ of delta over the block that copied input[n, c, y, x]. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("Upsample2D", outputShape(input), input, delta);
        return Resampling.upsampleNearestBackward(input, delta, scaleH, scaleW);
    }

    private long[] outputShape(INDArray input) {
        return new long[] {input.size(0), input.size(1), scaleH * input.size(2), scaleW * input.size(3)};
    }

    private static void check(INDArray input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("Upsample2D: expected input [N, C, H, W], found rank " + input.rank()
                    + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint("Upsample2D", input);
    }

    @Override
    public String toString() {
        return "Upsample2D(scale=" + (scaleH == scaleW ? Integer.toString(scaleH) : scaleH + "×" + scaleW) + ")";
    }
}
