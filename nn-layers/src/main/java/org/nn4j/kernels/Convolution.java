package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.kernels.nd4j.Nd4jConvGradients;
import org.nn4j.kernels.nd4j.Nd4jConvolution;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnConvKernels;

/**
 * 2-D convolution (cross-correlation), NCHW, and its gradients. Float32 on the CPU runs on oneDNN
 * directly ({@link OneDnnConvKernels}); everything else on ND4J's native ops ({@link Nd4jConvolution}),
 * the reference. Weights are PyTorch's {@code [out, in / groups, kH, kW]}; {@code geometry} is 2-D (a 1-D
 * convolution runs as one of height 1, {@link ConvGeometry#as2d()}).
 *
 * <p>A grouped convolution (PyTorch's {@code groups}) is recognised by its weight: an input of {@code C}
 * channels and a weight of {@code C / groups} input channels. Its input channels and its output channels
 * are cut into {@code groups} consecutive blocks, block {@code g} of the output convolving block {@code g}
 * of the input only (depthwise: {@code groups = C}). oneDNN runs it as one grouped convolution; ND4J's path, as one
 * convolution per group. Every method allocates its
 * results in the input's dtype and modifies none of its arguments. An empty batch gives empty results and zero
 * parameter gradients, as in PyTorch; results that would not fit in the native-memory limits throw
 * {@link OutOfMemoryError} before anything is allocated ({@link NativeMemory}).
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
     * @throws OutOfMemoryError when the output does not fit in the native-memory limits
     */
    public static INDArray conv2d(INDArray input, INDArray weight, INDArray bias, ConvGeometry geometry) {
        long[] outputShape = geometry.outputShape(input, weight.size(0));
        NativeMemory.require(geometry.module(), "output", input.dataType(), outputShape);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), outputShape);
        }
        int groups = groups(input, weight);
        if (groups > 1 && !OneDnn.canRun(input, weight, bias)) {
            INDArray output = Nd4j.createUninitialized(input.dataType(), outputShape);
            for (int g = 0; g < groups; g++) {
                output.get(block(g, weight.size(0) / groups, 4, 1)).assign(conv2d(inputBlock(input, weight, g), weightBlock(weight, groups, g),
                        bias == null ? null : bias.get(NDArrayIndex.interval(g * weight.size(0) / groups, (g + 1) * weight.size(0) / groups)).dup(),
                        geometry));
            }
            return output;
        }
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
     * @throws OutOfMemoryError when the gradients do not fit in the native-memory limits
     */
    public static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta,
            ConvGeometry geometry, boolean needInputGradient) {
        NativeMemory.require(geometry.module(), "gradients", input.dataType(),
                needInputGradient ? input.shape() : new long[] {0}, weight.shape());
        if (input.isEmpty()) {
            return new INDArray[] {needInputGradient ? Nd4j.create(input.dataType(), input.shape()) : null,
                Nd4j.zeros(weight.dataType(), weight.shape()), bias == null ? null : Nd4j.zeros(bias.dataType(), bias.shape())};
        }
        int groups = groups(input, weight);
        if (groups > 1 && !OneDnn.canRun(input, weight, bias, delta)) {
            INDArray[] result = {needInputGradient ? input.ulike() : null, weight.ulike(), bias == null ? null : bias.ulike()};
            long out = weight.size(0) / groups;
            for (int g = 0; g < groups; g++) {
                INDArray[] r = conv2dBackward(inputBlock(input, weight, g), weightBlock(weight, groups, g),
                        bias == null ? null : bias.get(NDArrayIndex.interval(g * out, (g + 1) * out)), deltaBlock(delta, groups, g),
                        geometry, needInputGradient);
                if (needInputGradient) {
                    result[0].get(block(g, input.size(1) / groups, 4, 1)).assign(r[0]);
                }
                result[1].get(block(g, out, 4, 0)).assign(r[1]);
                if (bias != null) {
                    result[2].get(NDArrayIndex.interval(g * out, (g + 1) * out)).assign(r[2]);
                }
            }
            return result;
        }
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
     * @throws OutOfMemoryError when it does not fit in the native-memory limits
     */
    public static INDArray conv2dInputGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        NativeMemory.require(geometry.module(), "dL/dinput", input.dataType(), input.shape());
        return inputGradient(input, weight, delta, geometry);
    }

    /**
     * The transposed convolution of {@code input}, {@code [N, C, H, W]} → {@code outputShape}: dL/dinput of the
     * convolution of an {@code outputShape} image whose dL/doutput is {@code input}, plus {@code bias} per channel.
     * dL/dinput of a convolution depends on the image's shape only, so the image is left uninitialised.
     *
     * @param input       {@code [N, C, H, W]}; not modified
     * @param weight      {@code [C, out, kH, kW]}; not modified
     * @param bias        {@code [out]} or null; not modified
     * @param outputShape {@code [N, out, oH, oW]}, the transposed convolution's output shape (output padding included)
     * @param geometry    the window
     * @return {@code [N, out, oH, oW]}, a new array
     * @throws OutOfMemoryError when the output does not fit in the native-memory limits
     */
    public static INDArray transposedConv2d(INDArray input, INDArray weight, INDArray bias, long[] outputShape,
            ConvGeometry geometry) {
        NativeMemory.require(geometry.module(), "output and work image", input.dataType(), outputShape, outputShape);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), outputShape);
        }
        INDArray image = Nd4j.createUninitialized(input.dataType(), outputShape);
        INDArray output = inputGradient(image, weight, input, geometry);
        return bias == null ? output : output.addi(bias.reshape(1, bias.length(), 1, 1));
    }

    private static INDArray inputGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        int groups = groups(input, weight);
        if (groups > 1 && !OneDnn.canRun(input, weight, delta)) {
            INDArray gradInput = input.ulike();
            for (int g = 0; g < groups; g++) {
                gradInput.get(block(g, input.size(1) / groups, 4, 1)).assign(inputGradient(inputBlock(input, weight, g),
                        weightBlock(weight, groups, g), deltaBlock(delta, groups, g), geometry));
            }
            return gradInput;
        }
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
     * @return dL/dweight {@code [out, C, kH, kW]}, a new array (zeros for an empty batch)
     * @throws OutOfMemoryError when it does not fit in the native-memory limits
     */
    public static INDArray conv2dWeightGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        NativeMemory.require(geometry.module(), "dL/dweight", weight.dataType(), weight.shape());
        if (input.isEmpty()) {
            return Nd4j.zeros(weight.dataType(), weight.shape());
        }
        int groups = groups(input, weight);
        if (groups > 1 && !OneDnn.canRun(input, weight, delta)) {
            INDArray gradWeight = weight.ulike();
            long out = weight.size(0) / groups;
            for (int g = 0; g < groups; g++) {
                gradWeight.get(block(g, out, 4, 0)).assign(conv2dWeightGradient(inputBlock(input, weight, g),
                        weightBlock(weight, groups, g), deltaBlock(delta, groups, g), geometry));
            }
            return gradWeight;
        }
        if (OneDnn.canRun(input, weight, delta)) {
            return OneDnnConvKernels.conv2dWeightGradient(input, weight, delta, geometry);
        }
        return Nd4jConvolution.conv2dWeightGradient(input, weight, delta, geometry);
    }

    /** {@return the number of groups: the input's channels over the weight's input channels} */
    private static int groups(INDArray input, INDArray weight) {
        return (int) (input.size(1) / weight.size(1));
    }

    /** {@return the indices of block {@code g} of {@code size} along {@code axis} of a rank-{@code rank} array} */
    private static INDArrayIndex[] block(int g, long size, int rank, int axis) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            index[d] = d == axis ? NDArrayIndex.interval(g * size, (g + 1) * size) : NDArrayIndex.all();
        }
        return index;
    }

    /** {@return group {@code g}'s input channels, a c-ordered copy} */
    private static INDArray inputBlock(INDArray input, INDArray weight, int g) {
        return dense(input).get(block(g, weight.size(1), 4, 1)).dup('c');
    }

    /** {@return group {@code g}'s output channels of the weight, a c-ordered copy} */
    private static INDArray weightBlock(INDArray weight, int groups, int g) {
        return dense(weight).get(block(g, weight.size(0) / groups, 4, 0)).dup('c');
    }

    /** {@return group {@code g}'s output channels of dL/doutput, a c-ordered copy} */
    private static INDArray deltaBlock(INDArray delta, int groups, int g) {
        return dense(delta).get(block(g, delta.size(1) / groups, 4, 1)).dup('c');
    }

    /** {@return x itself when it is a dense c-ordered array, else a c-ordered copy (ND4J's indexing of some views fails)} */
    private static INDArray dense(INDArray x) {
        return !x.isView() && x.ordering() == 'c' ? x : x.dup('c');
    }

    /**
     * dL/dbias {@code [out]}: delta {@code [N, out, oH, oW]} summed over samples and positions (two GEMMs
     * with ones, any dtype: several times faster than ND4J's {@code sum(0, 2, 3)}).
     *
     * @param delta dL/doutput {@code [N, out, oH, oW]}; not modified
     * @return dL/dbias {@code [out]}, a new array (zeros for an empty batch)
     */
    public static INDArray biasGradient(INDArray delta) {
        if (delta.isEmpty()) {
            return Nd4j.zeros(delta.dataType(), delta.size(1));
        }
        return Nd4jConvGradients.bias(delta);
    }
}
