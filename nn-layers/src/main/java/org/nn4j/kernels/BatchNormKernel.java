package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnBatchNorm;

/**
 * The fast path of batch normalisation in training mode: float32 {@code [N, C, H, W]} batches, dense and c-ordered,
 * on the CPU run on oneDNN ({@link OneDnnBatchNorm}), four passes over the data per step instead of the dozen of the
 * ND4J formulation. Every other case returns null and the module computes it with ND4J ops, the reference, which
 * the spec table holds this path to (float32 against float64). Arguments are not modified; results are new arrays.
 */
public final class BatchNormKernel {

    private BatchNormKernel() {
    }

    /**
     * The batch statistics and the normalised, scaled and shifted batch.
     *
     * @param output the normalised batch, like the input
     * @param mean   each channel's mean, {@code [C]}
     * @param var    each channel's biased variance, {@code [C]}
     */
    public record Forward(INDArray output, INDArray mean, INDArray var) {
    }

    /**
     * The gradients of a training-mode step.
     *
     * @param input  dL/dinput, like the input
     * @param weight dL/dweight, {@code [C]}
     * @param bias   dL/dbias, {@code [C]}
     */
    public record Gradients(INDArray input, INDArray weight, INDArray bias) {
    }

    /**
     * {@return whether the fast path takes this batch (and delta, when given)}
     *
     * @param input a non-empty batch
     * @param delta its delta, or null for the forward pass
     */
    public static boolean fast(INDArray input, INDArray delta) {
        return input.rank() == 4 && !input.isEmpty() && OneDnn.canRun(input, delta) && denseC(input)
                && (delta == null || denseC(delta));
    }

    /**
     * @param input  {@code [N, C, H, W]} that {@link #fast} takes
     * @param weight {@code [C]}
     * @param bias   {@code [C]}
     * @param eps    added to the variance
     * @return the output and the batch statistics
     * @throws OutOfMemoryError when the output does not fit in the native-memory limits
     */
    public static Forward forward(INDArray input, INDArray weight, INDArray bias, double eps) {
        NativeMemory.require("BatchNorm2D", "output", input.dataType(), input.shape());
        INDArray[] r = OneDnnBatchNorm.forward(input, Nd4j.vstack(weight.reshape(1, -1), bias.reshape(1, -1)), eps);
        return new Forward(r[0], r[1], r[2]);
    }

    /**
     * @param input  the forward pass's input
     * @param mean   the forward pass's batch mean
     * @param var    the forward pass's biased batch variance
     * @param delta  dL/doutput, that {@link #fast} takes with {@code input}
     * @param weight {@code [C]}
     * @param bias   {@code [C]}
     * @param eps    added to the variance
     * @return dL/dinput and the parameter gradients
     * @throws OutOfMemoryError when dL/dinput does not fit in the native-memory limits
     */
    public static Gradients backward(INDArray input, INDArray mean, INDArray var, INDArray delta, INDArray weight,
                                     INDArray bias, double eps) {
        NativeMemory.require("BatchNorm2D", "dL/dinput", input.dataType(), input.shape());
        INDArray[] r = OneDnnBatchNorm.backward(input, mean, var, delta,
                Nd4j.vstack(weight.reshape(1, -1), bias.reshape(1, -1)), eps);
        return new Gradients(r[0], r[1].getRow(0), r[1].getRow(1));
    }

    private static boolean denseC(INDArray x) {
        return x.ordering() == 'c' && OneDnn.isDense(x) && x.elementWiseStride() == 1;
    }
}
