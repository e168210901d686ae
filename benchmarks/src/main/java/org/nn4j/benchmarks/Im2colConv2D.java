package org.nn4j.benchmarks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The alternative to ND4J's native conv2d that {@link KernelBenchmarks} measures against
 * {@code org.nn4j.layers.Conv2D}: im2col + one GEMM forward, GEMMs + col2im backward, whole
 * batch per op (no per-sample loops), stride 1, no padding.
 *
 * <p>The column buffer is laid out {@code [N, oH, oW, C, kH, kW]} so that it is the c-ordered
 * GEMM operand {@code [N·oH·oW, C·kH·kW]} without a copy; im2col writes it through a permuted
 * view. The GEMM result {@code [N·oH·oW, out]} is NHWC, so the output needs one transposing
 * copy back to NCHW (and delta one copy the other way).
 */
final class Im2colConv2D {

    private final INDArray weight;   // [out, C, k, k]
    private final INDArray bias;     // [out]
    private final INDArray gradWeight;
    private final INDArray gradBias;
    private final int k;

    Im2colConv2D(INDArray weight, INDArray bias) {
        this.weight = weight;
        this.bias = bias;
        this.gradWeight = weight.ulike().assign(0);
        this.gradBias = bias.ulike().assign(0);
        this.k = (int) weight.size(2);
    }

    /** [N·oH·oW, C·k·k] columns of {@code input}. */
    private INDArray columns(INDArray input) {
        long n = input.size(0), c = input.size(1), oH = input.size(2) - k + 1, oW = input.size(3) - k + 1;
        INDArray col = Nd4j.createUninitialized(input.dataType(), new long[] {n, oH, oW, c, k, k}, 'c');
        Convolution.im2col(input, k, k, 1, 1, 0, 0, 1, 1, false, col.permute(0, 3, 4, 5, 1, 2));
        return col.reshape('c', n * oH * oW, c * k * k);
    }

    INDArray forward(INDArray input) {
        long n = input.size(0), oH = input.size(2) - k + 1, oW = input.size(3) - k + 1, out = weight.size(0);
        INDArray out2d = Nd4j.gemm(columns(input), weight.reshape('c', out, weight.length() / out), false, true);
        out2d.addiRowVector(bias);
        return out2d.reshape('c', n, oH, oW, out).permute(0, 3, 1, 2).dup('c');
    }

    /** Accumulates gradWeight and gradBias, returns dL/dinput. */
    INDArray backward(INDArray input, INDArray delta) {
        long n = input.size(0), c = input.size(1), oH = delta.size(2), oW = delta.size(3), out = weight.size(0);
        INDArray delta2d = delta.permute(0, 2, 3, 1).dup('c').reshape('c', n * oH * oW, out);
        INDArray col = columns(input);
        INDArray w2d = weight.reshape('c', out, c * k * k);
        // gradWeight (c-ordered [out, CKK]) += delta2dᵀ · col, written as its transpose in f order.
        Nd4j.gemm(col, delta2d, gradWeight.reshape('c', out, c * k * k).transpose(), true, false, 1.0, 1.0);
        gradBias.addi(delta2d.sum(0));
        INDArray gradCol = Nd4j.gemm(delta2d, w2d, false, false); // [N·oH·oW, CKK]
        INDArray gradInput = input.ulike();
        Convolution.col2im(gradCol.reshape('c', n, oH, oW, c, k, k).permute(0, 3, 4, 5, 1, 2), gradInput,
                1, 1, 0, 0, (int) input.size(2), (int) input.size(3), 1, 1);
        return gradInput;
    }

    INDArray gradWeight() {
        return gradWeight;
    }

    INDArray gradBias() {
        return gradBias;
    }
}
