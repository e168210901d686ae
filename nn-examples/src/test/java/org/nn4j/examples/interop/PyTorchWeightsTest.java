package org.nn4j.examples.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.io.Npz;
import org.nn4j.examples.mnist.MnistCnn;
import org.nn4j.examples.mnist.MnistLstm;
import org.nn4j.examples.mnist.MnistMlp;
import org.nn4j.examples.resnet.ResNets;
import org.nn4j.layers.BatchNorm2D;

/**
 * Weights made in PyTorch (src/test/python/pytorch_interop.py record) load into the example networks, built by the
 * examples' own builders at small widths, and give PyTorch's eval-mode outputs: within 1e-10 in float64, 1e-5 in
 * float32 (against PyTorch's float32 model).
 */
class PyTorchWeightsTest {

    /** The example networks at the widths of the fixtures; the PyTorch twins are in pytorch_interop.py. */
    static final Map<String, Supplier<Sequential>> NETWORKS = Map.of(
            "mlp", () -> MnistMlp.network(12, 7, 10),
            "cnn2", () -> MnistCnn.cnn2Network(2, 3, 5),
            "resnet", () -> ResNets.basicBlocks(1, 2, 1, 3),
            "lstm", () -> MnistLstm.network(5, 4, 6));

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(PyTorchWeightsTest.class.getResource("/pytorch/" + name + ".npz").toURI());
    }

    static Stream<Arguments> cases() {
        return Stream.of("mlp", "cnn2", "resnet", "lstm")
                .flatMap(name -> Stream.of(Arguments.of(name, DataType.DOUBLE), Arguments.of(name, DataType.FLOAT)));
    }

    /** The largest |a - b|, after checking that the shapes and dtypes agree. */
    static double maxDifference(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        return expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static void assertPyTorchsOutput(String fixture, Sequential net, DataType dataType) throws Exception {
        Map<String, INDArray> io = Npz.read(fixture(fixture + "_io"));
        net.eval();
        INDArray out = net.forward(io.get("input").castTo(dataType));
        assertEquals(dataType, out.dataType());
        INDArray expected = io.get(dataType == DataType.DOUBLE ? "output" : "output_float32");
        double tolerance = dataType == DataType.DOUBLE ? 1e-10 : 1e-5;
        double difference = maxDifference(expected, out);
        System.out.printf("%s %s: max |nn4j - PyTorch| %.3g%n", fixture, dataType, difference);
        assertTrue(difference <= tolerance, fixture + " " + dataType + ": max |difference| " + difference
                + " > " + tolerance + "\nnn4j " + out + "\nPyTorch " + expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void pyTorchsWeightsLoadStrictlyAndGiveItsOutputs(String name, DataType dataType) throws Exception {
        Sequential net = NETWORKS.get(name).get();
        net.to(dataType);
        Checkpoint.load(fixture(name + "_state_dict"), net);
        assertPyTorchsOutput(name, net, dataType);
    }

    @Test
    void theBatchNormStatisticsComeFromTheFile() throws Exception {
        Sequential net = ResNets.basicBlocks(1, 2, 1, 3);
        Checkpoint.load(fixture("resnet_state_dict"), net);
        INDArray runningVar = Npz.read(fixture("resnet_state_dict")).get("1.running_var");
        BatchNorm2D stem = (BatchNorm2D) net.get(1);
        assertTrue(runningVar.castTo(DataType.FLOAT).equalsWithEps(stem.runningVar(), 0), stem.runningVar().toString());
        assertEquals(7, stem.numBatchesTracked());
    }

    @Test
    void aTorchvisionStyleResNetDoesNotLoadUnderItsOwnNames() throws Exception {
        Path file = fixture("resnet_torchvision_state_dict");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, ResNets.basicBlocks(1, 2, 1, 3)));
        assertTrue(e.getMessage().contains("\n  0.weight: missing from the checkpoint (expected [2, 1, 3, 3])\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  layer1.0.conv1.weight: not in the model (found [2, 2, 3, 3])"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataTypes")
    void aTorchvisionStyleResNetLoadsStrictlyThroughTheRenamingAndGivesItsOutputs(DataType dataType) throws Exception {
        Sequential net = ResNets.basicBlocks(1, 2, 1, 3);
        net.to(dataType);
        Checkpoint.load(fixture("resnet_torchvision_state_dict"), net, ResNets.torchvisionNames(1));
        assertPyTorchsOutput("resnet_torchvision", net, dataType);
    }

    static Stream<DataType> dataTypes() {
        return Stream.of(DataType.DOUBLE, DataType.FLOAT);
    }

    @Test
    void aNonStrictRenamedLoadWithoutTheClassifierReportsItMissing() throws Exception {
        Sequential net = ResNets.basicBlocks(1, 2, 1, 3);
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(fixture("resnet_torchvision_state_dict"), net,
                name -> name.startsWith("fc.") ? null : ResNets.torchvisionNames(1).apply(name));
        assertEquals(new Checkpoint.Keys(List.of("8.weight", "8.bias"), List.of()), keys);
    }

    @Test
    void torchvisionNamesMapEveryKindOfEntry() {
        var rename = ResNets.torchvisionNames(2);
        assertEquals("0.weight", rename.apply("conv1.weight"));
        assertEquals("1.num_batches_tracked", rename.apply("bn1.num_batches_tracked"));
        assertEquals("4.0.block.3.weight", rename.apply("layer1.1.conv2.weight"));
        assertEquals("5.0.shortcut.1.running_var", rename.apply("layer2.0.downsample.1.running_var"));
        assertEquals("8.0.block.4.bias", rename.apply("layer3.1.bn2.bias"));
        assertEquals("11.weight", rename.apply("fc.weight"));
        assertEquals("layer1.2.conv1.weight", rename.apply("layer1.2.conv1.weight"), "no third block: kept");
    }
}
