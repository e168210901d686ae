package org.nn4j.layers.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.Module;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.AdaptiveAvgPool2D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GRU;
import org.nn4j.layers.LSTM;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/**
 * The example networks (the MNIST MLP and CNN2 and the ResNet of nn-examples, built here as they are built there)
 * exported and run in ONNX Runtime; the errors for what cannot be exported; the file.
 */
class OnnxNetworkExportTest {

    /** nn-examples' MNIST MLP: 784-500-500-10 with ReLU and Dropout 0.2. */
    private static Sequential mlp() {
        return new Sequential(new Linear(784, 500), new ReLU(), new Dropout(0.2),
                new Linear(500, 500), new ReLU(), new Dropout(0.2), new Linear(500, 10));
    }

    /** nn-examples' CNN2: Conv 32 3×3, MaxPool, Conv 64 3×3, MaxPool, Linear 128, ReLU, Linear 10. */
    private static Sequential cnn2() {
        return new Sequential(new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
                new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(64 * 5 * 5, 128), new ReLU(), new Linear(128, 10));
    }

    /** nn-examples' basic-block ResNet ({@code ResNets.basicBlocks(1, 4, 1, 10)}): three stages of one block. */
    private static Sequential resnet() {
        int width = 4;
        Sequential net = new Sequential(conv(1, width, 3, 1), new BatchNorm2D(width), new ReLU());
        int in = width;
        for (int stage = 0; stage < 3; stage++) {
            int out = width << stage;
            int stride = stage > 0 ? 2 : 1;
            Module body = new Sequential(conv(in, out, 3, stride), new BatchNorm2D(out), new ReLU(),
                    conv(out, out, 3, 1), new BatchNorm2D(out));
            Module shortcut = stride == 1 && in == out ? new Identity()
                    : new Sequential(new Conv2D(in, out, 1, stride, 0).bias(false), new BatchNorm2D(out));
            net.add(new Sequential(new Residual(body, shortcut), new ReLU()));
            in = out;
        }
        return net.add(new AdaptiveAvgPool2D(1)).add(new Flatten()).add(new Linear(in, 10));
    }

    private static Conv2D conv(int in, int out, int kernel, int stride) {
        return new Conv2D(in, out, kernel, stride, kernel / 2).bias(false);
    }

    private static void assertOnnxRuntimeAgrees(String name, Module net, long... shape) throws Exception {
        long seed = TestArrays.testSeed(name);
        INDArray x = TestArrays.normal(seed, DataType.FLOAT, shape);
        byte[] model = Onnx.toBytes(net, x);
        double error = OnnxRuntimeRun.assertSame(name, net.forward(x), OnnxRuntimeRun.run(model, x).get(0));
        System.out.println(name + ": ONNX Runtime against nn4j, largest |difference| / (1 + |nn4j|) " + error);
    }

    @Test
    void mlpGivesNn4jsOutputsInOnnxRuntime() throws Exception {
        assertOnnxRuntimeAgrees("mlp", mlp().eval(), 3, 784);
    }

    @Test
    void cnn2GivesNn4jsOutputsInOnnxRuntime() throws Exception {
        assertOnnxRuntimeAgrees("cnn2", cnn2().eval(), 2, 1, 28, 28);
    }

    @Test
    void resnetWithTrainedStatisticsGivesNn4jsOutputsInOnnxRuntime() throws Exception {
        Sequential net = resnet();
        OnnxModuleExportTest.randomised(net, 17);
        net.train(); // running statistics from training-mode forwards, as training leaves them
        for (int i = 0; i < 3; i++) {
            net.forward(TestArrays.normal(i, DataType.FLOAT, 4, 1, 12, 12));
        }
        assertOnnxRuntimeAgrees("resnet", net.eval(), 2, 1, 12, 12);
    }

    @Test
    void aFloat64NetworkIsExportedInFloat32() throws Exception {
        Sequential net = cnn2();
        net.to(DataType.DOUBLE).eval();
        INDArray x = TestArrays.normal(6, DataType.DOUBLE, 2, 1, 28, 28);
        INDArray onnx = OnnxRuntimeRun.run(Onnx.toBytes(net, x), x).get(0);
        assertEquals(DataType.DOUBLE, net.parameters().get(0).value().dataType(), "the network keeps its dtype");
        OnnxRuntimeRun.assertSame("float64 cnn2", net.forward(x), onnx);
    }

    @Test
    void exportRunsInEvaluationModeAndRestoresTrainingMode() throws Exception {
        Sequential net = new Sequential(new Linear(4, 3), new Dropout(0.5));
        INDArray x = TestArrays.normal(3, DataType.FLOAT, 2, 4);
        byte[] model = Onnx.toBytes(net, x);
        assertTrue(net.isTraining(), "the network is back in training mode");
        OnnxRuntimeRun.assertSame("dropout as the identity", net.eval().forward(x), OnnxRuntimeRun.run(model, x).get(0));
    }

    @Test
    void aTableOutputGivesOneGraphOutputPerArray() throws Exception {
        Module net = new ConcatTable(new Linear(4, 3), new Linear(4, 2));
        INDArray x = TestArrays.normal(4, DataType.FLOAT, 2, 4);
        List<INDArray> out = OnnxRuntimeRun.run(Onnx.toBytes(net, x), x);
        assertEquals(2, out.size());
        OnnxRuntimeRun.assertSame("output_0", ((ConcatTable) net).branches().get(0).forward(x), out.get(0));
        OnnxRuntimeRun.assertSame("output_1", ((ConcatTable) net).branches().get(1).forward(x), out.get(1));
    }

    @Test
    void exportWritesTheModelFileThatOnnxRuntimeLoads(@TempDir Path dir) throws Exception {
        Sequential net = cnn2();
        INDArray x = TestArrays.normal(5, DataType.FLOAT, 1, 1, 28, 28);
        Path file = dir.resolve("cnn2.onnx");
        Onnx.export(net, x, file);
        byte[] model = Files.readAllBytes(file);
        assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file is left");
        OnnxRuntimeRun.assertSame("cnn2.onnx", net.eval().forward(x), OnnxRuntimeRun.run(model, x).get(0));
    }

    @Test
    void anUnexportableModuleIsNamedWithItsPlace() {
        Sequential net = new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 4), new LSTM(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Onnx.toBytes(net, TestArrays.normal(1, DataType.FLOAT, 2, 4)));
        assertEquals("Onnx.export: LSTM (at 3) cannot be exported; exportable: " + String.join(", ", Onnx.exportable()),
                e.getMessage());
        assertTrue(Onnx.exportable().containsAll(List.of("Conv2D", "Linear", "Residual", "Sequential", "BatchNorm2D")));
        assertFalse(Onnx.exportable().contains("LSTM"));
    }

    @Test
    void anUnexportableModuleDeepInsideIsNamedByItsPath() {
        Sequential net = new Sequential(new Linear(4, 4), new Residual(new Sequential(new GRU(4, 4), new Linear(4, 4))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Onnx.toBytes(net, TestArrays.normal(1, DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().startsWith("Onnx.export: GRU (at 1.block.0) cannot be exported; exportable: "),
                e.getMessage());
    }

    @Test
    void anAdaptivePoolThatDoesNotDivideTheInputIsRejected() {
        Sequential net = new Sequential(new Conv2D(1, 2, 1), new AdaptiveAvgPool2D(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Onnx.toBytes(net, TestArrays.normal(1, DataType.FLOAT, 2, 1, 7, 6)));
        assertEquals("Onnx.export: AdaptiveAvgPool2D (at 1) cannot be exported: its output 3×3 does not divide the input"
                + " 7×6 (ONNX has no adaptive pooling; an output of 1×1 or one dividing the input can be exported)",
                e.getMessage());
    }

    @Test
    void aSubclassOfAnExportableModuleIsNotExported() {
        Module custom = new Linear(4, 3) {
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Onnx.toBytes(custom, TestArrays.normal(1, DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().startsWith("Onnx.export: " + custom.getClass().getName()
                + " (the network itself) cannot be exported; exportable: "),
                e.getMessage());
    }
}
