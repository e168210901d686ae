package org.nn4j.layers.onnx;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.CAddTable;
import org.nn4j.core.Concat;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.JoinTable;
import org.nn4j.core.Module;
import org.nn4j.core.ParallelTable;
import org.nn4j.core.Parameter;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.AdaptiveAvgPool2D;
import org.nn4j.layers.AdaptiveMaxPool2D;
import org.nn4j.layers.AvgPool1D;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.Conv1D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.ConvTranspose2D;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Dropout2D;
import org.nn4j.layers.ELU;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GELU;
import org.nn4j.layers.GroupNorm;
import org.nn4j.layers.Hardswish;
import org.nn4j.layers.Hardtanh;
import org.nn4j.layers.InstanceNorm2D;
import org.nn4j.layers.LayerNorm;
import org.nn4j.layers.LeakyReLU;
import org.nn4j.layers.Linear;
import org.nn4j.layers.LogSigmoid;
import org.nn4j.layers.LogSoftmax;
import org.nn4j.layers.MaxPool1D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Narrow;
import org.nn4j.layers.PReLU;
import org.nn4j.layers.Permute;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.ReLU6;
import org.nn4j.layers.ReflectionPad2D;
import org.nn4j.layers.ReplicationPad2D;
import org.nn4j.layers.Reshape;
import org.nn4j.layers.SELU;
import org.nn4j.layers.SiLU;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.Softmax;
import org.nn4j.layers.Softplus;
import org.nn4j.layers.Squeeze;
import org.nn4j.layers.TanH;
import org.nn4j.layers.Transpose;
import org.nn4j.layers.Unsqueeze;
import org.nn4j.layers.Upsample2D;
import org.nn4j.layers.ZeroPad2D;

/**
 * Every exportable module alone (and each container with small children), random parameters and running statistics,
 * small odd shapes: ONNX Runtime loads the exported model and computes nn4j's output within 1e-5, for the sample's
 * batch size and for another one (the batch axis is symbolic).
 */
class OnnxModuleExportTest {

    /** The largest error of every case, printed at the end. */
    private static volatile double worst;

    private record Case(String name, Supplier<Module> module, long... shape) {
    }

    private static Case c(String name, Supplier<Module> module, long... shape) {
        return new Case(name, module, shape);
    }

    private static List<Case> cases() {
        return List.of(
                c("Linear", () -> new Linear(5, 3), 2, 5),
                c("Linear without bias", () -> new Linear(5, 3, false), 2, 5),
                c("Linear on [N, T, F]", () -> new Linear(5, 3), 2, 3, 5),
                c("Conv1D stride 2 padding 1", () -> new Conv1D(3, 4, 3, 2, 1), 2, 3, 9),
                c("Conv1D groups and dilation", () -> new Conv1D(4, 6, 3).groups(2).dilation(2), 2, 4, 11),
                c("Conv2D stride 2 padding 1", () -> new Conv2D(3, 4, 3, 2, 1), 2, 3, 7, 9),
                c("Conv2D 3×2 kernel, no bias", () -> new Conv2D(3, 4, 3).kernel(3, 2).bias(false).stride(2, 1).padding(1, 0),
                        2, 3, 7, 6),
                c("Conv2D groups and dilation", () -> new Conv2D(4, 6, 3).groups(2).dilation(2).padding(2), 1, 4, 7, 5),
                c("Conv2D depthwise", () -> new Conv2D(3, 3, 3, 1, 1).groups(3), 2, 3, 5, 5),
                c("Conv2D same, even kernel", () -> new Conv2D(2, 3, 4, 1, "same"), 2, 2, 7, 6),
                c("ConvTranspose2D", () -> new ConvTranspose2D(3, 2, 3, 2, 1, 1), 2, 3, 4, 5),
                c("ConvTranspose2D 3×2 kernel", () -> new ConvTranspose2D(2, 3, 3).kernel(3, 2).stride(2, 3).padding(1, 0)
                        .outputPadding(1, 2), 1, 2, 3, 4),
                c("MaxPool2D", () -> new MaxPool2D(2), 2, 3, 7, 9),
                c("MaxPool2D padding, ceil mode", () -> new MaxPool2D(3, 2, 1).ceilMode(true), 2, 2, 6, 8),
                c("MaxPool2D dilation", () -> new MaxPool2D(2, 1).dilation(2), 2, 2, 7, 6),
                c("MaxPool1D ceil mode", () -> new MaxPool1D(3, 2, 1).ceilMode(true), 2, 3, 8),
                c("AvgPool2D counting padding", () -> new AvgPool2D(3, 2, 1), 2, 2, 7, 9),
                c("AvgPool2D not counting padding", () -> new AvgPool2D(3, 2, 1).countIncludePad(false), 2, 2, 7, 9),
                c("AvgPool2D ceil mode counting padding", () -> new AvgPool2D(3, 2, 1).ceilMode(true), 2, 2, 6, 8),
                c("AvgPool2D ceil mode not counting padding", () -> new AvgPool2D(3, 2, 1).ceilMode(true)
                        .countIncludePad(false), 2, 2, 6, 8),
                c("AvgPool2D ceil mode past the padding", () -> new AvgPool2D(3, 3, 0).ceilMode(true), 2, 2, 7, 8),
                c("AvgPool1D ceil mode", () -> new AvgPool1D(2, 2, 1).ceilMode(true), 2, 3, 8),
                c("AdaptiveAvgPool2D global", () -> new AdaptiveAvgPool2D(1), 2, 3, 5, 7),
                c("AdaptiveAvgPool2D dividing", () -> new AdaptiveAvgPool2D(2, 3), 2, 3, 6, 9),
                c("AdaptiveMaxPool2D global", () -> new AdaptiveMaxPool2D(1), 2, 3, 5, 7),
                c("AdaptiveMaxPool2D dividing", () -> new AdaptiveMaxPool2D(3), 2, 2, 6, 9),
                c("BatchNorm2D", () -> new BatchNorm2D(3), 2, 3, 4, 5),
                c("BatchNorm1D on [N, C]", () -> new BatchNorm1D(5, 1e-3, 0.1), 3, 5),
                c("BatchNorm1D on [N, C, L]", () -> new BatchNorm1D(4), 3, 4, 5),
                c("LayerNorm", () -> new LayerNorm(4), 2, 3, 4),
                c("LayerNorm over two axes, no affine", () -> new LayerNorm(new long[] {3, 4}, 1e-3, false), 2, 3, 4),
                c("InstanceNorm2D", () -> new InstanceNorm2D(3, 1e-4, true), 2, 3, 4, 5),
                c("InstanceNorm2D, no affine", () -> new InstanceNorm2D(3), 2, 3, 4, 5),
                c("GroupNorm", () -> new GroupNorm(2, 4), 2, 4, 3, 5),
                c("GroupNorm on [N, C], no affine", () -> new GroupNorm(3, 6, 1e-3, false), 3, 6),
                c("ReLU", ReLU::new, 3, 5, 2),
                c("LeakyReLU", () -> new LeakyReLU(0.2), 3, 5, 2),
                c("ELU", () -> new ELU(0.7), 3, 5, 2),
                c("SELU", SELU::new, 3, 5, 2),
                c("Sigmoid", Sigmoid::new, 3, 5, 2),
                c("TanH", TanH::new, 3, 5, 2),
                c("Softplus", Softplus::new, 3, 5, 2),
                c("Softplus beta 2, threshold 1", () -> new Softplus(2, 1), 3, 5, 2),
                c("GELU", GELU::new, 3, 5, 2),
                c("GELU tanh", () -> new GELU("tanh"), 3, 5, 2),
                c("SiLU", SiLU::new, 3, 5, 2),
                c("Hardtanh", () -> new Hardtanh(-0.5, 1.5), 3, 5, 2),
                c("ReLU6", ReLU6::new, 3, 5, 2),
                c("Hardswish", Hardswish::new, 3, 5, 2),
                c("PReLU one slope", PReLU::new, 3, 5, 2),
                c("PReLU per channel", () -> new PReLU(3, 0.25), 2, 3, 4, 5),
                c("LogSigmoid", LogSigmoid::new, 3, 5, 2),
                c("Softmax", Softmax::new, 3, 5),
                c("Softmax on [N, C, L]", Softmax::new, 2, 4, 3),
                c("LogSoftmax", LogSoftmax::new, 2, 4, 3),
                c("Flatten", Flatten::new, 2, 3, 4, 5),
                c("Reshape", () -> new Reshape(-1, 2), 2, 3, 4),
                c("Squeeze", () -> new Squeeze(2), 2, 3, 1, 4),
                c("Unsqueeze", () -> new Unsqueeze(-1), 2, 3, 4),
                c("Permute", () -> new Permute(0, 2, 3, 1), 2, 3, 4, 5),
                c("Transpose", () -> new Transpose(1, -1), 2, 3, 4),
                c("Narrow", () -> new Narrow(2, -3, 2), 2, 3, 5),
                c("Upsample2D", () -> new Upsample2D(3, 2), 2, 2, 3, 4),
                c("ZeroPad2D", () -> new ZeroPad2D(2, 1, 0, 3), 2, 3, 4, 5),
                c("ReflectionPad2D", () -> new ReflectionPad2D(2, 1, 0, 3), 2, 3, 4, 5),
                c("ReplicationPad2D", () -> new ReplicationPad2D(2, 1, 0, 3), 2, 3, 4, 5),
                c("Dropout", () -> new Dropout(0.5), 3, 5),
                c("Dropout2D", () -> new Dropout2D(0.5), 2, 3, 4, 4),
                c("Identity", Identity::new, 3, 5),
                c("Residual with a projection", () -> new Residual(new Sequential(new Conv2D(2, 4, 3, 2, 1), new ReLU()),
                        new Conv2D(2, 4, 1, 2, 0)), 2, 2, 5, 5),
                c("Residual with the identity", () -> new Residual(new Linear(4, 4)), 3, 4),
                c("Concat", () -> new Concat(1, new Conv2D(2, 3, 1), new Identity(), new MaxPool2D(3, 1, 1)), 2, 2, 4, 5),
                c("ConcatTable, CAddTable", () -> new Sequential(new ConcatTable(new Linear(4, 3), new Linear(4, 3)),
                        new CAddTable()), 2, 4),
                c("ConcatTable, ParallelTable, JoinTable", () -> new Sequential(new ConcatTable(new Linear(4, 3),
                        new Identity()), new ParallelTable(new ReLU(), new Linear(4, 2)), new JoinTable(-1)), 2, 4));
    }

    @TestFactory
    Stream<DynamicTest> onnxRuntimeComputesWhatNn4jComputes() {
        long seed = TestArrays.testSeed("onnxRuntimeComputesWhatNn4jComputes");
        return cases().stream().map(c -> dynamicTest(c.name(), () -> {
            Module module = randomised(c.module().get(), seed);
            INDArray sample = TestArrays.normal(seed, DataType.FLOAT, c.shape()).muli(2);
            byte[] model = Onnx.toBytes(module, sample);
            worst = Math.max(worst,
                    OnnxRuntimeRun.assertSame(c.name(), module.forward(sample), OnnxRuntimeRun.run(model, sample).get(0)));
            long[] other = c.shape().clone();
            other[0] += 3; // the graph takes any batch size
            INDArray x = TestArrays.normal(seed + 1, DataType.FLOAT, other).muli(2);
            worst = Math.max(worst, OnnxRuntimeRun.assertSame(c.name() + ", batch " + other[0], module.forward(x),
                    OnnxRuntimeRun.run(model, x).get(0)));
        }));
    }

    @AfterAll
    static void printTheLargestError() {
        System.out.println("ONNX Runtime against nn4j, every module: largest |difference| / (1 + |nn4j|) " + worst);
    }

    /**
     * Every parameter uniform in [-1, 1), every running mean too and every running variance in [0.5, 2): what a trained
     * network has rather than the initial ones and zeros. Evaluation mode, as the export runs it.
     */
    static Module randomised(Module module, long seed) {
        long s = seed;
        for (Parameter p : module.parameters()) {
            p.value().assign(TestArrays.uniform(s++, p.value().dataType(), p.value().shape()));
        }
        for (Map.Entry<String, Buffer> e : module.namedBuffers().entrySet()) {
            INDArray v = e.getValue().value();
            if (e.getKey().endsWith("running_var")) {
                v.assign(TestArrays.uniform(s++, v.dataType(), 0.5, 2, v.shape()));
            } else if (e.getKey().endsWith("running_mean")) {
                v.assign(TestArrays.uniform(s++, v.dataType(), v.shape()));
            }
        }
        module.eval();
        return module;
    }
}
