package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.nd4j.Nd4jConvGradients;
import org.nn4j.kernels.nd4j.Nd4jConvolution;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnConvKernels;

/**
 * 2-D convolution (cross-correlation), NCHW, and its gradients. Float32 on the CPU runs on oneDNN
 * directly ({@link OneDnnConvKernels}); everything else on ND4J's native ops ({@link Nd4jConvolution}),
 * the reference. Weights are PyTorch's {@code [out, in, kH, kW]}; {@code geometry} is 2-D (a 1-D
 * convolution runs as one of height 1, {@link ConvGeometry#as2d()}). Every method allocates its
 * results in the input's dtype and modifies none of its arguments.
 */
public final class Convolution {

    private Convolution() {
    }

    /**
     * {@code output[n, o] = bias[o] + Σ_i weight[o, i] ⋆ input[n, i]}.
     *
     * @param input  {@code [N, C, H, W]}
     * @param weight {@code [out, C, kH, kW]}
     * @param bias   {@code [out]} or null
     * @param geometry a 2-D window
     * @return {@code [N, out, oH, oW]}
     */
    public static INDArray conv2d(INDArray input, INDArray weight, INDArray bias, ConvGeometry geometry) {
        if (OneDnn.canRun(input, weight, bias)) {
            return OneDnnConvKernels.conv2d(input, weight, bias, geometry);
        }
        return Nd4jConvolution.conv2d(input, weight, bias, geometry);
    }

    /**
     * dL/dinput (when {@code needInputGradient}), dL/dweight and dL/dbias of {@link #conv2d}, each
     * implementation computing only what is asked where that is faster.
     *
     * @param bias  null for none (only its shape is read)
     * @param delta dL/doutput {@code [N, out, oH, oW]}
     * @param input             {@code [N, C, H, W]}, the forward input; not modified
     * @param weight            {@code [out, C, kH, kW]}; not modified
     * @param geometry          the forward pass's window
     * @param needInputGradient false to skip dL/dinput (a network's first layer)
     * @return {gradInput (null when not asked for), gradWeight, gradBias (null without bias)}
     */
    public static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta,
            ConvGeometry geometry, boolean needInputGradient) {
        if (OneDnn.canRun(input, weight, bias, delta)) {
            return OneDnnConvKernels.conv2dBackward(input, weight, bias, delta, geometry, needInputGradient);
        }
        return Nd4jConvolution.conv2dBackward(input, weight, bias, delta, geometry, needInputGradient);
    }

    /**
     * dL/dinput of {@link #conv2d} alone; only {@code input}'s shape is read.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray conv2dInputGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (OneDnn.canRun(input, weight, delta)) {
            return OneDnnConvKernels.conv2dInputGradient(weight, delta, input, geometry);
        }
        return Nd4jConvolution.conv2dInputGradient(input, weight, delta, geometry);
    }

    /**
     * dL/dweight of {@link #conv2d} alone; only {@code weight}'s shape is read.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dweight {@code [out, C, kH, kW]}, a new array
     */
    public static INDArray conv2dWeightGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (OneDnn.canRun(input, weight, delta)) {
            return OneDnnConvKernels.conv2dWeightGradient(input, weight, delta, geometry);
        }
        return Nd4jConvolution.conv2dWeightGradient(input, weight, delta, geometry);
    }

    /**
     * dL/dbias {@code [out]}: delta {@code [N, out, oH, oW]} summed over samples and positions (two GEMMs
     * with ones, any dtype: several times faster than ND4J's {@code sum(0, 2, 3)}).
     *
     * @param delta dL/doutput {@code [N, out, oH, oW]}; not modified
     * @return dL/dbias {@code [out]}, a new array
     */
    public static INDArray biasGradient(INDArray delta) {
        return Nd4jConvGradients.bias(delta);
    }
}
