package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.NativeThreads;

/**
 * The NCHW convolution and pooling kernels. Float32 convolutions and max pooling on the CPU go to
 * oneDNN directly ({@link OneDnnConvKernels}, {@link OneDnnPooling}); the rest to ND4J's native
 * ops (oneDNN-backed for float32 in the {@code -onednn} builds; ND4J's own im2col + GEMM
 * otherwise, e.g. in float64), one whole batch per call. The benchmarks (benchmarks/README.md) measured them 1.6× (Conv2D 1→32) to
 * 7× (32→64) faster here than im2col + one GEMM + col2im written with ND4J's separate ops,
 * which needs strided im2col writes and transposing copies of output and delta.
 *
 * <p>Weights are passed in PyTorch's layout {@code [out, in, kH, kW]} (ND4J's weight format 1),
 * so no permuted copy is made per call; this measured as fast as ND4J's default layout
 * {@code [kH, kW, in, out]}. Every method allocates its results in the input's dtype and
 * modifies none of its arguments; {@code geometry} is 2-D (see {@link ConvGeometry#as2d()}).
 *
 * <p>A large batch runs in chunks of samples, one native call each: oneDNN's time per sample
 * grew 1.5–2× once its tensors outgrew the L2 cache (1 MB per core here), e.g. Conv2D 1→16 5×5
 * on 28×28 backward on one thread, 0.05 ms per sample in chunks of 32, 0.10 ms in one batch of 256.
 */
final class ConvKernels {

    /**
     * The largest tensor of one native call, in bytes: 4 MB per kernel thread. Measured on 2 cores
     * with 1 MB of L2 each: on one thread 2 MB was best; on two, 8 MB (model C at batch 256,
     * 34.8 ms a step with 2 MB chunks, 27.8 with 4 MB, 25.9 with 8 MB, 37.7 with 16 MB).
     */
    static final long CHUNK_BYTES = (4L << 20) * NativeThreads.kernelThreads();

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
        if (OneDnn.canRun(input, weight, bias)) {
            return OneDnnConvKernels.conv2d(input, weight, bias, geometry);
        }
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
     * dL/dinput (when {@code needInputGradient}), dL/dweight and dL/dbias of {@link #conv2d}. ND4J's
     * conv2d_bp computes all three in one call, the fastest way when all three are wanted — except
     * for one output channel, oneDNN's weak case. Without dL/dinput (a first layer), or with one
     * output channel, and a stride-1, symmetrically padded window, they are computed as forward
     * convolutions instead ({@link ConvGradients}). On 2 cores (benchmarks/README.md): model C's
     * first layer (1→16, 5×5, batch 64) 2.1 ms with conv2d_bp, 0.8 ms without dL/dinput; G's 32→1
     * layer (batch 128) 7.4 → 3.7 ms; but C's 16→32 layer 2.4 ms with conv2d_bp, 3.2 ms as convolutions.
     *
     * @param input  not modified
     * @param weight not modified
     * @param bias   not modified; null for none
     * @param delta  dL/doutput {@code [N, out, oH, oW]}, not modified
     * @return {gradInput (null when not needed and not computed), gradWeight, gradBias (null without bias)}, new arrays
     */
    static INDArray[] conv2dBackward(INDArray input, INDArray weight, INDArray bias, INDArray delta, ConvGeometry geometry,
            boolean needInputGradient) {
        if (OneDnn.canRun(input, weight, bias, delta)) {
            return OneDnnConvKernels.conv2dBackward(input, weight, bias, delta, geometry, needInputGradient);
        }
        if ((!needInputGradient || weight.size(0) == 1) && geometry.symmetricStrideOnePadding() != null) {
            return new INDArray[] {
                needInputGradient ? ConvGradients.input(weight, delta, input, geometry) : null,
                ConvGradients.weight(input, weight, delta, geometry),
                bias == null ? null : ConvGradients.bias(delta)};
        }
        return conv2dBackwardInOneCall(input, weight, bias, delta, geometry);
    }

    /** dL/dinput of {@link #conv2d} alone (as a forward convolution where {@link ConvGradients} applies). */
    static INDArray conv2dInputGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (OneDnn.canRun(input, weight, delta)) {
            return OneDnnConvKernels.conv2dInputGradient(weight, delta, input, geometry);
        }
        if (geometry.symmetricStrideOnePadding() != null) {
            return ConvGradients.input(weight, delta, input, geometry);
        }
        return conv2dBackwardInOneCall(input, weight, null, delta, geometry)[0];
    }

    /** dL/dweight of {@link #conv2d} alone (as a forward convolution where {@link ConvGradients} applies). */
    static INDArray conv2dWeightGradient(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        if (OneDnn.canRun(input, weight, delta)) {
            return OneDnnConvKernels.conv2dWeightGradient(input, weight, delta, geometry);
        }
        if (geometry.symmetricStrideOnePadding() != null) {
            return ConvGradients.weight(input, weight, delta, geometry);
        }
        return conv2dBackwardInOneCall(input, weight, null, delta, geometry)[1];
    }

    /** All three gradients by ND4J's conv2d_bp, any geometry: {gradInput, gradWeight, gradBias (null without bias)}. */
    static INDArray[] conv2dBackwardInOneCall(INDArray input, INDArray weight, INDArray bias, INDArray delta,
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

    /**
     * The maximum of every window, per channel.
     *
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, oH, oW]}
     */
    static INDArray maxPool2d(INDArray input, ConvGeometry geometry) {
        if (OneDnn.canRun(input) && OneDnn.isDense(input)) {
            return OneDnnPooling.forward(input, geometry);
        }
        INDArray output = Nd4j.createUninitialized(input.dataType(), geometry.outputShape(input, input.size(1)));
        for (long[] c : chunks(input, output)) {
            exec(DynamicCustomOp.builder("maxpool2d").addInputs(rows(input, c)).addOutputs(rows(output, c))
                    .addIntegerArguments(geometry.pool2dArgs()).build());
        }
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
        if (OneDnn.canRun(input, delta) && OneDnn.isDense(input) && OneDnn.isDense(delta)) {
            return OneDnnPooling.backward(input, delta, geometry);
        }
        INDArray gradInput = input.ulike();
        for (long[] c : chunks(input, delta)) {
            exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(rows(input, c), rows(delta, c))
                    .addOutputs(rows(gradInput, c)).addIntegerArguments(geometry.pool2dArgs()).build());
        }
        return gradInput;
    }

    /** One native kernel call, on all of the OpenMP pool (see {@link NativeThreads}). */
    static void exec(DynamicCustomOp op) {
        NativeThreads.kernels();
        try {
            Nd4j.exec(op);
        } finally {
            NativeThreads.elementWise();
        }
    }

    /**
     * The batch split into equal runs of samples {@code {from, to}} whose larger tensor, of
     * {@code a} and {@code b}, stays within {@link #CHUNK_BYTES}; one run when it fits whole.
     */
    static long[][] chunks(INDArray a, INDArray b) {
        return chunks(a, b, CHUNK_BYTES);
    }

    /** {@link #chunks(INDArray, INDArray)} with another limit, in bytes. */
    static long[][] chunks(INDArray a, INDArray b, long chunkBytes) {
        long n = a.size(0);
        long bytesPerSample = Math.max(a.length(), b.length()) / n * a.dataType().width();
        long count = Math.min(n, Math.max(1, (n * bytesPerSample + chunkBytes - 1) / chunkBytes));
        long[][] runs = new long[(int) count][];
        for (int i = 0; i < count; i++) {
            runs[i] = new long[] {n * i / count, n * (i + 1) / count};
        }
        return runs;
    }

    /** Samples {@code c[0]} to {@code c[1]} − 1 of {@code x}: {@code x} itself when that is all of it, else a view. */
    static INDArray rows(INDArray x, long[] c) {
        return c[0] == 0 && c[1] == x.size(0) ? x : x.get(NDArrayIndex.interval(c[0], c[1]));
    }
}
