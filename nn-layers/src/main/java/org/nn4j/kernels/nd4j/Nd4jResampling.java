package org.nn4j.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Nearest-neighbour upsampling by ND4J's ops: the reference. Same contracts as {@link org.nn4j.kernels.Resampling}. */
public final class Nd4jResampling {

    private Nd4jResampling() {
    }

    /**
     * Two broadcasting copies, each column sW times then each row sH times: faster than ND4J's
     * upsampling2d.
     *
     * @param input  {@code [N, C, H, W]}; not modified
     * @param scaleH the height factor sH
     * @param scaleW the width factor sW
     * @return {@code [N, C, sH·H, sW·W]}, a new array
     */
    public static INDArray upsample(INDArray input, int scaleH, int scaleW) {
        long rows = input.size(0) * input.size(1) * input.size(2);
        long width = input.size(3);
        INDArray wide = Nd4j.createUninitialized(input.dataType(), rows, width, scaleW);
        broadcastCopy(input.reshape('c', rows, width, 1), wide);
        INDArray output = Nd4j.createUninitialized(input.dataType(), input.size(0), input.size(1), scaleH * input.size(2),
                scaleW * width);
        broadcastCopy(wide.reshape(rows, 1, width * scaleW), output.reshape(rows, scaleH, width * scaleW));
        return output;
    }

    /**
     * Each {@code sH × sW} block of delta summed: delta as {@code [N·C·H, sH, W, sW]}, summed over axes 1 and 3.
     *
     * @param input  {@code [N, C, H, W]}; only its shape is read
     * @param delta  dL/doutput {@code [N, C, sH·H, sW·W]}; not modified
     * @param scaleH the height factor sH
     * @param scaleW the width factor sW
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray upsampleBackward(INDArray input, INDArray delta, int scaleH, int scaleW) {
        long rows = input.size(0) * input.size(1) * input.size(2);
        return delta.reshape('c', rows, scaleH, input.size(3), scaleW).sum(1, 3).reshape(input.shape());
    }

    /** {@code target} ← {@code source} broadcast to its shape. */
    private static void broadcastCopy(INDArray source, INDArray target) {
        Nd4j.exec(DynamicCustomOp.builder("assign").addInputs(target, source).addOutputs(target).build());
    }
}
