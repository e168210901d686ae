package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.nd4j.Nd4jResampling;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnResampling;

/**
 * Nearest-neighbour upsampling of {@code [N, C, H, W]} by integer factors,
 * {@code output[n, c, y, x] = input[n, c, ⌊y / sH⌋, ⌊x / sW⌋]}, and its backward pass. The forward pass
 * of a dense float32 array on the CPU runs on oneDNN ({@link OneDnnResampling}, faster than ND4J's
 * copies); everything else, and every backward pass (oneDNN's is slower), on ND4J
 * ({@link Nd4jResampling}), the reference. Large arrays run on
 * every kernel thread. Arguments are not modified; results are new arrays, empty for an empty input (as in
 * PyTorch). Results that would not fit in the native-memory limits throw {@link OutOfMemoryError} before
 * anything is allocated ({@link NativeMemory}).
 */
public final class Resampling {

    private Resampling() {
    }

    /**
     * Nearest-neighbour upsampling.
     *
     * @param input  {@code [N, C, H, W]}; not modified
     * @param scaleH the height factor sH
     * @param scaleW the width factor sW
     * @return {@code [N, C, sH·H, sW·W]}, a new array
     * @throws OutOfMemoryError when the output does not fit in the native-memory limits
     */
    public static INDArray upsampleNearest(INDArray input, int scaleH, int scaleW) {
        long[] outputShape = {input.size(0), input.size(1), scaleH * input.size(2), scaleW * input.size(3)};
        NativeMemory.require("Upsample2D", "output", input.dataType(), outputShape);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), outputShape);
        }
        boolean wide = Threads.elementWise(input.length() * scaleH * scaleW);
        try {
            if (OneDnn.canRun(input) && OneDnn.isDense(input)) {
                return OneDnnResampling.upsample(input, scaleH, scaleW);
            }
            return Nd4jResampling.upsample(input, scaleH, scaleW);
        } finally {
            if (wide) {
                Threads.done();
            }
        }
    }

    /**
     * dL/dinput[n, c, y, x] = Σ of delta over the block that copied input[n, c, y, x].
     *
     * @param input  {@code [N, C, H, W]}; only its shape is read
     * @param delta  dL/doutput {@code [N, C, sH·H, sW·W]}; not modified
     * @param scaleH the height factor sH
     * @param scaleW the width factor sW
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     * @throws OutOfMemoryError when it does not fit in the native-memory limits
     */
    public static INDArray upsampleNearestBackward(INDArray input, INDArray delta, int scaleH, int scaleW) {
        NativeMemory.require("Upsample2D", "dL/dinput", input.dataType(), input.shape());
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        boolean wide = Threads.elementWise(delta.length());
        try {
            return Nd4jResampling.upsampleBackward(input, delta, scaleH, scaleW);
        } finally {
            if (wide) {
                Threads.done();
            }
        }
    }
}
