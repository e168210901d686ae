package org.nn4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Forward + backward (parameter gradients and dL/dinput) of nn4j's layers on batch-64 MNIST
 * shapes, each next to one plain ND4J sgemm of the GEMM the layer's forward pass amounts to
 * ({@code [M, K] · [K, N]}), and two alternative Conv2D implementations. float32.
 * {@link KernelTable} runs them and prints GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmarks {

    /** Linear(784→500), batch 64: forward GEMM [64, 784] · [784, 500]. */
    static final int[] LINEAR_GEMM = {64, 784, 500};
    /** Conv2D(1→32, 3×3) on 64×1×28×28: [64·26·26, 1·9] · [9, 32]. */
    static final int[] CONV1_GEMM = {64 * 26 * 26, 9, 32};
    /** Conv2D(32→64, 3×3) on 64×32×13×13: [64·11·11, 32·9] · [288, 64]. */
    static final int[] CONV2_GEMM = {64 * 11 * 11, 288, 64};

    Linear linear;
    INDArray linearX;
    INDArray linearDelta;

    Conv2D conv1;
    Im2colConv2D conv1Im2col;
    INDArray conv1X;
    INDArray conv1Delta;

    Conv2D conv2;
    Im2colConv2D conv2Im2col;
    INDArray conv2X;
    INDArray conv2Delta;

    MaxPool2D pool;
    INDArray poolX;
    INDArray poolDelta;

    final Gemm[] gemms = new Gemm[3];

    /** Operands of one sgemm c = a · b, c f-ordered as Nd4j.gemm needs. */
    record Gemm(INDArray a, INDArray b, INDArray c) {
        static Gemm of(int[] mkn) {
            return new Gemm(Nd4j.rand(DataType.FLOAT, mkn[0], mkn[1]), Nd4j.rand(DataType.FLOAT, mkn[1], mkn[2]),
                    Nd4j.createUninitialized(DataType.FLOAT, new long[] {mkn[0], mkn[2]}, 'f'));
        }

        INDArray run() {
            return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
    }

    @Setup
    public void setUp() {
        Nn4jRuntime.configure();
        linear = new Linear(784, 500, true, 1);
        linearX = Nd4j.rand(DataType.FLOAT, 64, 784);
        linearDelta = Nd4j.rand(DataType.FLOAT, 64, 500);

        conv1 = new Conv2D(1, 32, 3).reset(2);
        conv1Im2col = new Im2colConv2D(conv1.weight().value(), conv1.bias().value());
        conv1X = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
        conv1Delta = Nd4j.rand(DataType.FLOAT, 64, 32, 26, 26);

        conv2 = new Conv2D(32, 64, 3).reset(3);
        conv2Im2col = new Im2colConv2D(conv2.weight().value(), conv2.bias().value());
        conv2X = Nd4j.rand(DataType.FLOAT, 64, 32, 13, 13);
        conv2Delta = Nd4j.rand(DataType.FLOAT, 64, 64, 11, 11);

        pool = new MaxPool2D(2);
        poolX = Nd4j.rand(DataType.FLOAT, 64, 32, 26, 26);
        poolDelta = Nd4j.rand(DataType.FLOAT, 64, 32, 13, 13);

        gemms[0] = Gemm.of(LINEAR_GEMM);
        gemms[1] = Gemm.of(CONV1_GEMM);
        gemms[2] = Gemm.of(CONV2_GEMM);
    }

    @Benchmark
    public INDArray linear() {
        linear.forward(linearX);
        return linear.backward(linearX, linearDelta, true);
    }

    @Benchmark
    public INDArray linearSgemm() {
        return gemms[0].run();
    }

    @Benchmark
    public INDArray conv1() {
        conv1.forward(conv1X);
        return conv1.backward(conv1X, conv1Delta, true);
    }

    @Benchmark
    public INDArray conv1Im2col() {
        conv1Im2col.forward(conv1X);
        return conv1Im2col.backward(conv1X, conv1Delta);
    }

    @Benchmark
    public INDArray conv1NativeKhKwInOut() {
        return nativeKhKwInOut(conv1.weight().value(), conv1.bias().value(), conv1X, conv1Delta);
    }

    @Benchmark
    public INDArray conv1Sgemm() {
        return gemms[1].run();
    }

    @Benchmark
    public INDArray conv2() {
        conv2.forward(conv2X);
        return conv2.backward(conv2X, conv2Delta, true);
    }

    @Benchmark
    public INDArray conv2Im2col() {
        conv2Im2col.forward(conv2X);
        return conv2Im2col.backward(conv2X, conv2Delta);
    }

    @Benchmark
    public INDArray conv2NativeKhKwInOut() {
        return nativeKhKwInOut(conv2.weight().value(), conv2.bias().value(), conv2X, conv2Delta);
    }

    @Benchmark
    public INDArray conv2Sgemm() {
        return gemms[2].run();
    }

    @Benchmark
    public INDArray maxPool() {
        pool.forward(poolX);
        return pool.backwardDelta(poolX, poolDelta);
    }

    /**
     * ND4J's native conv2d/conv2d_bp with the weight in their default layout [kH, kW, in, out]:
     * what a PyTorch-layout module pays when it permutes its weight (and the weight gradient
     * back) on every call instead of passing weight format 1.
     */
    static INDArray nativeKhKwInOut(INDArray weight, INDArray bias, INDArray x, INDArray delta) {
        INDArray w = weight.permute(2, 3, 1, 0).dup('c');
        long k = weight.size(2);
        int[] args = {(int) k, (int) k, 1, 1, 0, 0, 1, 1, 0, 0, 0};
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, delta.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, bias).addOutputs(out).addIntegerArguments(args).build());
        INDArray gradInput = x.ulike();
        INDArray gradW = w.ulike();
        INDArray gradB = bias.ulike();
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, bias, delta).addOutputs(gradInput, gradW, gradB)
                .addIntegerArguments(args).build());
        gradW.permute(3, 2, 0, 1).dup('c');
        return gradInput;
    }
}
