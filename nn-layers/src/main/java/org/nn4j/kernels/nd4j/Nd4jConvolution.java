package org.nn4j.kernels.nd4j;

import static org.nn4j.kernels.nd4j.Nd4jCalls.chunks;
import static org.nn4j.kernels.nd4j.Nd4jCalls.exec;
import static org.nn4j.kernels.nd4j.Nd4jCalls.rows;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.ConvGeometry;

/**
 * 2-D convolution, NCHW, by ND4J's native ops ({@code conv2d}, {@code conv2d_bp}; oneDNN-backed for
 * float32 in the {@code -onednn} builds, ND4J's own im2col + GEMM otherwise, e.g. in float64): the
 * reference every other implementation is tested against, for every dtype and backend. These ops
 * measured faster than im2col + one GEMM + col2im written with ND4J's separate ops, which need
 * strided im2col writes and transposing copies.
 *
 * <p>Weights are PyTorch's {@code [out, in, kH, kW]} (ND4J's weight format 1), so no permuted copy is
 * made per call. Same contracts as {@link org.nn4j.kernels.Convolution}.
 */
public final class Nd4jConvolution {

    private Nd4jConvolution() {
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2d} by ND4J's conv2d.
     *
     * @param input    {@code [N, C, H, W]}; not modified
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param bias     {@code [out]} or null; not modified
     * @param geometry a 2-D window
     * @return {@code [N, out, oH, oW]}, a new array
     */
    public static INDArray conv2d(INDArray input, INDArray weight, INDArray bias, ConvGeometry geometry) {
        INDArray output = Nd4j.createUninitialized(input.dataType(), geometry.outputShape(input, weight.size(0)));
        for (long[] c : chunks(input, output)) {
            INDArray x = rows(input, c);
            INDArray[] inputs = bias == null ? new INDArray[] {x, weight} : new INDArray[] {x, weight, bias};
            exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(rows(output, c))
                    .addIntegerArguments(geometry.conv2dArgs()).build());
        }
        return output;
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dBackward}. conv2d_bp computes all three gradients in one
     * call, the fastest way when all three are wanted — except for one output channel. Without dL/dinput
     * (a first layer), or with one output channel, and a stride-1, symmetrically padded window, they are
     * computed as forward convolutions instead ({@link Nd4jConvGradients}), which measured faster there
     * and slower where conv2d_bp's three gradients are all wanted.
     *
     * @param input             {@code [N, C, H, W]}, the forward input; not modified
     * @param weight            {@code [out, C, kH, kW]}; not modified
     * @param bias              null for none (only its shape is read)
     * @param delta             dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry          the forward pass's window
     * @param needInputGradient false to skip dL/dinput
     * @return {gradInput (null when not asked for), gradWeight, gradBias (null without bias)}, new arrays
     */
    public static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta,
            ConvGeometry geometry, boolean needInputGradient) {
        if ((!needInputGradient || weight.size(0) == 1) && geometry.symmetricStrideOnePadding() != null) {
            return new INDArray[] {
                needInputGradient ? Nd4jConvGradients.input(weight, delta, input, geometry) : null,
                Nd4jConvGradients.weight(input, weight, delta, geometry),
                bias == null ? null : Nd4jConvGradients.bias(delta)};
        }
        return backwardInOneCall(input, weight, bias, delta, geometry);
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dInputGradient}, as a forward convolution where it can be.
     *
     * @param input    the forward input; only its shape is read
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray conv2dInputGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (geometry.symmetricStrideOnePadding() != null) {
            return Nd4jConvGradients.input(weight, delta, input, geometry);
        }
        return backwardInOneCall(input, weight, null, delta, geometry)[0];
    }

    /**
     * {@link org.nn4j.kernels.Convolution#conv2dWeightGradient}, as a forward convolution where it can be.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param weight   only its shape is read
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dweight {@code [out, C, kH, kW]}, a new array
     */
    public static INDArray conv2dWeightGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (geometry.symmetricStrideOnePadding() != null) {
            return Nd4jConvGradients.weight(input, weight, delta, geometry);
        }
        return backwardInOneCall(input, weight, null, delta, geometry)[1];
    }

    /**
     * All three gradients by ND4J's conv2d_bp, any geometry.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param weight   {@code [out, C, kH, kW]}; not modified
     * @param bias     null for none (only its shape is read)
     * @param delta    dL/doutput {@code [N, out, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return {gradInput, gradWeight, gradBias (null without bias)}, new arrays
     */
    public static INDArray[] backwardInOneCall(INDArray input, INDArray weight, INDArray bias, INDArray delta,
            ConvGeometry geometry) {
        INDArray gradInput = input.ulike();
        INDArray gradWeight = null;
        INDArray gradBias = null;
        for (long[] c : chunks(input, delta)) {
            INDArray gw = weight.ulike();
            INDArray gb = bias == null ? null : bias.ulike();
            // The builder's addInputs/addOutputs replace what was added before: pass each list at once.
            INDArray x = rows(input, c);
            INDArray d = rows(delta, c);
            INDArray gx = rows(gradInput, c);
            INDArray[] inputs = bias == null ? new INDArray[] {x, weight, d} : new INDArray[] {x, weight, bias, d};
            INDArray[] outputs = bias == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb};
            exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                    .addIntegerArguments(geometry.conv2dArgs()).build());
            gradWeight = gradWeight == null ? gw : gradWeight.addi(gw);
            gradBias = gradBias == null ? gb : gradBias.addi(gb);
        }
        return new INDArray[] {gradInput, gradWeight, gradBias};
    }
}
