package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native NCHW convolution and pooling kernels (oneDNN-backed for float32 in the
 * {@code -onednn} builds; ND4J's own im2col + GEMM otherwise, e.g. in float64), one whole
 * batch per call. The benchmarks (benchmarks/README.md) measured them 1.6× (Conv2D 1→32) to
 * 7× (32→64) faster here than im2col + one GEMM + col2im written with ND4J's separate ops,
 * which needs strided im2col writes and transposing copies of output and delta.
 *
 * <p>Weights are passed in PyTorch's layout {@code [out, in, kH, kW]} (ND4J's weight format 1),
 * so no permuted copy is made per call; this measured as fast as ND4J's default layout
 * {@code [kH, kW, in, out]}. Every method allocates its results in the input's dtype and
 * modifies none of its arguments; {@code geometry} is 2-D (see {@link ConvGeometry#as2d()}).
 */
final class ConvKernels {

    private ConvKernels() {
    }

    /**
     * {@code output[n, o] = bias[o] + Σ_i weight[o, i] ⋆ input[n, i]} (cross-correlation).
     *
     * @param input  {@code [N, C, H, W]}, not modified
     * @param weight {@code [out, C, kH, kW]}, not modified
     * @param bias   {@code [out]} or null, not modified
     * @return {@code [N, out, oH, oW]}
     */
    static INDArray conv2d(INDArray input, INDArray weight, INDArray bias, ConvGeometry geometry) {
        INDArray output = Nd4j.createUninitialized(input.dataType(), geometry.outputShape(input, weight.size(0)));
        INDArray[] inputs = bias == null ? new INDArray[] {input, weight} : new INDArray[] {input, weight, bias};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(output)
                .addIntegerArguments(geometry.conv2dArgs()).build());
        return output;
    }

    /**
     * dL/dinput, dL/dweight and dL/dbias of {@link #conv2d} in one call (ND4J computes all three).
     *
     * @param input  not modified
     * @param weight not modified
     * @param bias   not modified; null for none
     * @param delta  dL/doutput {@code [N, out, oH, oW]}, not modified
     * @return {gradInput, gradWeight, gradBias (null without bias)}, new arrays
     */
    static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta, ConvGeometry geometry) {
        INDArray gradInput = input.ulike();
        INDArray gradWeight = weight.ulike();
        INDArray gradBias = bias == null ? null : bias.ulike();
        // The builder's addInputs/addOutputs replace what was added before: pass each list at once.
        INDArray[] inputs = bias == null ? new INDArray[] {input, weight, delta} : new INDArray[] {input, weight, bias, delta};
        INDArray[] outputs = bias == null ? new INDArray[] {gradInput, gradWeight} : new INDArray[] {gradInput, gradWeight, gradBias};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(geometry.conv2dArgs()).build());
        return new INDArray[] {gradInput, gradWeight, gradBias};
    }

    /**
     * The maximum of every window, per channel.
     *
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, oH, oW]}
     */
    static INDArray maxPool2d(INDArray input, ConvGeometry geometry) {
        INDArray output = Nd4j.createUninitialized(input.dataType(), geometry.outputShape(input, input.size(1)));
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(input).addOutputs(output)
                .addIntegerArguments(geometry.pool2dArgs()).build());
        return output;
    }

    /**
     * dL/dinput of {@link #maxPool2d}: each window's delta goes to the position of its maximum
     * (found again from {@code input}, so nothing is cached between calls).
     *
     * @param input not modified
     * @param delta {@code [N, C, oH, oW]}, not modified
     */
    static INDArray maxPool2dBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        INDArray gradInput = input.ulike();
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, delta).addOutputs(gradInput)
                .addIntegerArguments(geometry.pool2dArgs()).build());
        return gradInput;
    }
}
