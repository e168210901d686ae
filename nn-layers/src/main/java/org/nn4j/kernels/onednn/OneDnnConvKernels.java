package org.nn4j.kernels.onednn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.nd4j.Nd4jConvGradients;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link org.nn4j.kernels.Convolution}'s convolutions in float32 on oneDNN ({@link OneDnnConvolution}), same
 * contracts: new arrays out, arguments not modified, {@code [out, in, kH, kW]} weights. The whole
 * batch goes in one call: chunks of samples, which ND4J's path needs, measured no faster here.
 *
 * <p>A convolution with at most {@value OneDnnConvolution#FEW_CHANNELS} output channels, stride 1
 * and symmetric padding {@code p} runs as the transposed convolution, which has that few
 * <em>input</em> channels — oneDNN's strong case (a first layer) rather than its weakest (blocks
 * of 16 output channels holding one). With {@code wᵀ[c, o] = flip(w[o, c])} (kernel turned by
 * 180°) and padding {@code k − 1 − p}:
 * <pre>
 * output     = backward-data of (wᵀ) at delta = input       (several times faster than a forward
 *                                                           convolution to one channel)
 * dL/dinput  = forward of (wᵀ) on delta
 * dL/dweight = (backward-weights of (wᵀ) with input as its delta, delta as its input)ᵀ
 * dL/dbias   = delta summed over samples and positions
 * </pre>
 *
 * <p>A grouped convolution (weight {@code [out, C / groups, kH, kW]}) runs as one oneDNN grouped convolution, whose
 * weight {@code [groups, out / groups, C / groups, kH, kW]} is the same memory.
 */
public final class OneDnnConvKernels {

    private OneDnnConvKernels() {
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2d} on oneDNN.
     *
     * @param input    {@code [N, C, H, W]} float32; not modified
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param bias     {@code [out]} or null; not modified
     * @param geometry a 2-D window
     * @return {@code [N, out, oH, oW]}, a new array
     */
    public static INDArray conv2d(INDArray input, INDArray weight, INDArray bias, ConvGeometry geometry) {
        INDArray output = OneDnn.newArray(geometry.outputShape(input, weight.size(0)));
        long groups = groups(input, weight);
        if (groups > 1) {
            OneDnnConvolution.forward(input, grouped(weight, groups), bias, output, geometry);
            return output;
        }
        ConvGeometry transposed = transposedGeometry(weight, geometry);
        if (transposed == null) {
            OneDnnConvolution.forward(input, weight, bias, output, geometry);
            return output;
        }
        OneDnnConvolution.backwardData(transposedWeight(weight), input, output, transposed);
        if (bias != null) {
            // ND4J's broadcasting custom op, not the legacy BroadcastAddOp: the legacy broadcast ops crash the JVM
            // (SIGSEGV in Broadcast::exec) when threads and garbage collections overlap them
            long[] alongChannels = new long[output.rank()];
            java.util.Arrays.fill(alongChannels, 1);
            alongChannels[1] = bias.length();
            output.addi(bias.reshape(alongChannels));
        }
        return output;
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dBackward} on oneDNN.
     *
     * @param input             {@code [N, C, H, W]}, the forward input; not modified
     * @param weight            {@code [out, C, kH, kW]}; not modified
     * @param bias              null for none (only its shape is read)
     * @param delta             dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry          the forward pass's window
     * @param needInputGradient false to skip dL/dinput
     * @return {gradInput (null unless asked), gradWeight, gradBias (null without bias)}, new arrays
     */
    public static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta, ConvGeometry geometry,
            boolean needInputGradient) {
        INDArray gradInput = needInputGradient ? conv2dInputGradient(weight, delta, input, geometry) : null;
        long groups = groups(input, weight);
        if (groups > 1) {
            INDArray gradWeight = OneDnn.newArray(groupedShape(weight, groups));
            INDArray gradBias = bias == null ? null : OneDnn.newArray(bias.shape());
            OneDnnConvolution.backwardWeights(input, delta, gradWeight, gradBias, geometry);
            return new INDArray[] {gradInput, gradWeight.reshape(weight.shape()), gradBias};
        }
        if (transposedGeometry(weight, geometry) != null) {
            return new INDArray[] {gradInput, conv2dWeightGradient(input, weight, delta, geometry),
                bias == null ? null : Nd4jConvGradients.bias(delta)};
        }
        INDArray gradWeight = OneDnn.newArray(weight.shape());
        INDArray gradBias = bias == null ? null : OneDnn.newArray(bias.shape());
        OneDnnConvolution.backwardWeights(input, delta, gradWeight, gradBias, geometry);
        return new INDArray[] {gradInput, gradWeight, gradBias};
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dInputGradient} on oneDNN; only {@code input}'s shape is read.
     *
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param input    the forward input; only its shape is read
     * @param geometry the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray conv2dInputGradient(INDArray weight, INDArray delta, INDArray input, ConvGeometry geometry) {
        INDArray gradInput = OneDnn.newArray(input.shape());
        long groups = groups(input, weight);
        if (groups > 1) {
            OneDnnConvolution.backwardData(grouped(weight, groups), delta, gradInput, geometry);
            return gradInput;
        }
        ConvGeometry transposed = transposedGeometry(weight, geometry);
        if (transposed == null) {
            OneDnnConvolution.backwardData(weight, delta, gradInput, geometry);
        } else {
            OneDnnConvolution.forward(delta, transposedWeight(weight), null, gradInput, transposed);
        }
        return gradInput;
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dWeightGradient} on oneDNN.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param weight   only its shape is read
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dweight {@code [out, C, kH, kW]}, a new array
     */
    public static INDArray conv2dWeightGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        long groups = groups(input, weight);
        if (groups > 1) {
            INDArray gradWeight = OneDnn.newArray(groupedShape(weight, groups));
            OneDnnConvolution.backwardWeights(input, delta, gradWeight, null, geometry);
            return gradWeight.reshape(weight.shape());
        }
        ConvGeometry transposed = transposedGeometry(weight, geometry);
        if (transposed == null) {
            INDArray gradWeight = OneDnn.newArray(weight.shape());
            OneDnnConvolution.backwardWeights(input, delta, gradWeight, null, geometry);
            return gradWeight;
        }
        INDArray gradTransposed = OneDnn.newArray(weight.size(1), weight.size(0), weight.size(2),
                weight.size(3));
        OneDnnConvolution.backwardWeights(delta, input, gradTransposed, null, transposed);
        return transposedWeight(gradTransposed);
    }

    /** {@return the number of groups: the input's channels over the weight's input channels} */
    private static long groups(INDArray input, INDArray weight) {
        return input.size(1) / weight.size(1);
    }

    /** {@return oneDNN's grouped weight shape {@code [groups, out / groups, C / groups, kH, kW]}} */
    private static long[] groupedShape(INDArray weight, long groups) {
        return new long[] {groups, weight.size(0) / groups, weight.size(1), weight.size(2), weight.size(3)};
    }

    /** {@return the weight as oneDNN's grouped one: a view of a c-ordered weight, else a copy} */
    private static INDArray grouped(INDArray weight, long groups) {
        return weight.reshape('c', groupedShape(weight, groups));
    }

    /** The window of the transposed convolution when a convolution runs as one (see the class comment), else null. */
    private static ConvGeometry transposedGeometry(INDArray weight, ConvGeometry geometry) {
        int[] p = geometry.symmetricStrideOnePadding();
        if (weight.size(0) > OneDnnConvolution.FEW_CHANNELS || p == null) {
            return null;
        }
        int kH = (int) weight.size(2);
        int kW = (int) weight.size(3);
        return ConvGeometry.of2d(geometry.module(), kH, kW, 1, 1, kH - 1 - p[0], kW - 1 - p[1]);
    }

    /** {@code w[o, c, i, j] → w[c, o, kH−1−i, kW−1−j]}, a new array (its own inverse). */
    private static INDArray transposedWeight(INDArray w) {
        return Nd4jConvGradients.flip(w.permute(1, 0, 2, 3));
    }
}
