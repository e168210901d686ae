package org.nn4j.kernels.nd4j;

import static org.nn4j.kernels.nd4j.Nd4jCalls.chunks;
import static org.nn4j.kernels.nd4j.Nd4jCalls.exec;
import static org.nn4j.kernels.nd4j.Nd4jCalls.rows;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.Ones;

/**
 * The backward pass of a stride-1, symmetrically padded 2-D convolution written as forward
 * convolutions. ND4J's {@code conv2d_bp} always computes all three gradients, through a
 * forward-inference primitive and layout reorders; these compute only what is asked, each as a
 * forward convolution, which oneDNN runs well. {@link Nd4jConvolution#conv2dBackward} uses them where
 * they measured faster (2 cores): a first layer, whose dL/dinput nobody asks
 * for, a single output channel, and one gradient alone (ConvTranspose2D, Conv2D.backwardDelta).
 *
 * <p>With {@code p} the padding of {@link ConvGeometry#symmetricStrideOnePadding()} and
 * {@code flip} the kernel turned by 180°:
 * <pre>
 * dL/dinput[n, c]  = Σ_o delta[n, o] ⋆ flip(weight[o, c])        padding k − 1 − p
 * dL/dweight[o, c] = Σ_n input[n, c] ⋆ delta[n, o]               padding p
 *                  = flip(Σ_n delta[n, o] ⋆ input[n, c])          padding k − 1 − p
 * dL/dbias[o]      = Σ_{n, i, j} delta[n, o, i, j]
 * </pre>
 * The weight gradient is a convolution over the samples: its batch is the input's channels and
 * its kernel is delta (or, when there are fewer output than input channels, the other way round,
 * measured faster for 32→1). All operands are permuted views, not copies; a large batch runs
 * in chunks as {@link Nd4jConvolution} does.
 */
public final class Nd4jConvGradients {

    private Nd4jConvGradients() {
    }

    /**
     * dL/dinput {@code [N, in, H, W]}.
     *
     * @param weight {@code [out, in, kH, kW]}, not modified
     * @param delta  {@code [N, out, oH, oW]}, not modified
     * @param input  only its shape is read
     */
    static INDArray input(INDArray weight, INDArray delta, INDArray input, ConvGeometry geometry) {
        int[] k = geometry.kernel2d();
        int[] p = geometry.symmetricStrideOnePadding();
        INDArray flipped = flip(weight.permute(1, 0, 2, 3)); // [in, out, kH, kW]
        INDArray gradInput = input.ulike();
        for (long[] c : chunks(input, delta)) {
            exec(DynamicCustomOp.builder("conv2d").addInputs(rows(delta, c), flipped)
                    .addOutputs(rows(gradInput, c))
                    .addIntegerArguments(args(k[0], k[1], k[0] - 1 - p[0], k[1] - 1 - p[1])).build());
        }
        return gradInput;
    }

    /**
     * dL/dweight {@code [out, in, kH, kW]}.
     *
     * @param input  {@code [N, in, H, W]}, not modified
     * @param weight only its shape is read
     * @param delta  {@code [N, out, oH, oW]}, not modified
     */
    static INDArray weight(INDArray input, INDArray weight, INDArray delta, ConvGeometry geometry) {
        int[] k = geometry.kernel2d();
        int[] p = geometry.symmetricStrideOnePadding();
        boolean deltaAsBatch = weight.size(0) < weight.size(1);
        INDArray sum = null;
        for (long[] c : chunks(input, delta)) {
            INDArray x = rows(input, c).permute(1, 0, 2, 3); // [in, n, H, W]
            INDArray d = rows(delta, c).permute(1, 0, 2, 3); // [out, n, oH, oW]
            INDArray part;
            if (deltaAsBatch) {
                part = weight.ulike();
                exec(DynamicCustomOp.builder("conv2d").addInputs(d, x).addOutputs(part)
                        .addIntegerArguments(args(x.size(2), x.size(3), k[0] - 1 - p[0], k[1] - 1 - p[1])).build());
            } else {
                part = Nd4j.createUninitialized(weight.dataType(), weight.size(1), weight.size(0), k[0], k[1]);
                exec(DynamicCustomOp.builder("conv2d").addInputs(x, d).addOutputs(part)
                        .addIntegerArguments(args(d.size(2), d.size(3), p[0], p[1])).build());
            }
            sum = sum == null ? part : sum.addi(part);
        }
        return deltaAsBatch ? flip(sum) : sum.permute(1, 0, 2, 3);
    }

    /**
     * dL/dbias {@code [out]}: two GEMMs with ones, over the samples then over the positions, several
     * times faster than ND4J's {@code sum(0, 2, 3)}.
     *
     * @param delta {@code [N, out, oH, oW]}, not modified
     * @return dL/dbias {@code [out]}, a new array
     */
    public static INDArray bias(INDArray delta) {
        long n = delta.size(0);
        long out = delta.size(1);
        long positions = delta.size(2) * delta.size(3);
        INDArray bySample = delta.reshape(n, out * positions);
        INDArray summedOverSamples = Nd4j.gemm(Ones.column(n, delta.dataType()), bySample, true, false); // [1, out·P]
        return Nd4j.gemm(summedOverSamples.reshape(out, positions), Ones.column(positions, delta.dataType()), false, false)
                .reshape(out);
    }

    /**
     * {@code w[a, b, i, j] → w[a, b, kH−1−i, kW−1−j]}.
     *
     * @param w a weight {@code [out, in, kH, kW]}; not modified
     * @return the flipped weight, a new c-ordered array
     */
    public static INDArray flip(INDArray w) {
        INDArray source = w.dup('c');
        INDArray flipped = source.ulike();
        Nd4j.exec(DynamicCustomOp.builder("reverse").addInputs(source).addOutputs(flipped).addIntegerArguments(2, 3).build());
        return flipped;
    }

    /** ND4J's conv2d arguments: a {@code kH × kW} kernel, stride 1, symmetric padding, NCHW, weight {@code [out, in, kH, kW]}. */
    private static int[] args(long kH, long kW, int padH, int padW) {
        return new int[] {(int) kH, (int) kW, 1, 1, padH, padW, 1, 1, 0, 0, 1};
    }
}
