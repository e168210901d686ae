package org.nn4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Linear;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A user's own JMH benchmark of nn4j, as it would be written outside this project: the data
 * first, then the modules, no call to {@code Nn4jRuntime} and no launcher. Unlike
 * {@link KernelBenchmarks}, which configures nn4j before anything else, this is the order in
 * which ND4J loads before the first module does. Forward + backward (parameter gradients and
 * dL/dinput), float32, batch 64.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConsumerBenchmarks {

    INDArray linearX;
    INDArray linearDelta;
    Linear linear;

    INDArray convX;
    INDArray convDelta;
    Conv2D conv;

    @Setup
    public void setUp() {
        linearX = Nd4j.rand(DataType.FLOAT, 64, 784);      // [N, in]
        linearDelta = Nd4j.rand(DataType.FLOAT, 64, 500);  // [N, out]
        convX = Nd4j.rand(DataType.FLOAT, 64, 32, 12, 12);     // [N, C, H, W]
        convDelta = Nd4j.rand(DataType.FLOAT, 64, 64, 10, 10); // [N, out, H - 2, W - 2]
        linear = new Linear(784, 500, true, 1);
        conv = new Conv2D(32, 64, 3).reset(2);
    }

    /** Linear(784→500) on [64, 784]. */
    @Benchmark
    public INDArray linear() {
        linear.forward(linearX);
        return linear.backward(linearX, linearDelta, true);
    }

    /** Conv2D(32→64, 3×3) on [64, 32, 12, 12]. */
    @Benchmark
    public INDArray conv2d() {
        conv.forward(convX);
        return conv.backward(convX, convDelta, true);
    }
}
