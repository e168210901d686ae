package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.io.Npz;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.TestArrays;

/**
 * BatchNorm's running statistics in checkpoints, against a PyTorch state_dict
 * (make_checkpoint_reference.py: 5 SGD steps in training mode, then eval).
 */
class BatchNormCheckpointTest {

    @TempDir
    Path dir;

    /** The network of make_checkpoint_reference.py, input [N, 2, 6, 6]. */
    private static Sequential net() {
        return new Sequential(new Conv2D(2, 3, 3), new BatchNorm2D(3), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(12, 5), new BatchNorm1D(5), new ReLU(), new Linear(5, 2));
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(BatchNormCheckpointTest.class.getResource("/checkpoint/" + name + ".npz").toURI());
    }

    /** Every parameter's and buffer's value, copied. */
    private static List<INDArray> state(Sequential net) {
        List<INDArray> all = new ArrayList<>();
        net.parameters().forEach(p -> all.add(p.value().dup()));
        net.buffers().forEach(b -> all.add(b.value().dup()));
        return all;
    }

    /** A few SGD steps in training mode, so that the running statistics move. */
    private static void train(Sequential net, long seed) {
        GradientDescent sgd = new GradientDescent(0.1);
        net.train();
        for (int i = 0; i < 3; i++) {
            INDArray x = TestArrays.normal(seed + i, DataType.FLOAT, 8, 2, 6, 6);
            INDArray y = net.forward(x);
            net.backward(x, y.mul(2.0 / y.length()), false);
            sgd.step(net.parameters());
            net.zeroGrad();
        }
    }

    @Test
    void aPyTorchStateDictWithBatchNormBuffersLoadsStrictlyAndGivesPyTorchsEvalOutput() throws Exception {
        Map<String, INDArray> stateDict = Npz.read(fixture("bn_net_state_dict"));
        Map<String, INDArray> io = Npz.read(fixture("bn_net_io"));
        Sequential net = net();
        Checkpoint.load(fixture("bn_net_state_dict"), net);

        BatchNorm2D bn2 = (BatchNorm2D) net.modules().get(1);
        BatchNorm1D bn1 = (BatchNorm1D) net.modules().get(6);
        assertEquals(stateDict.get("1.running_mean"), bn2.runningMean());
        assertEquals(stateDict.get("1.running_var"), bn2.runningVar());
        assertEquals(stateDict.get("6.running_mean"), bn1.runningMean());
        assertEquals(stateDict.get("6.running_var"), bn1.runningVar());
        assertEquals(DataType.LONG, stateDict.get("6.num_batches_tracked").dataType());
        assertEquals(5, bn2.numBatchesTracked());
        assertEquals(5, bn1.numBatchesTracked());
        assertNotEquals(0.0, bn2.runningMean().getDouble(0), "the fixture's statistics are not the initial ones");

        net.eval();
        INDArray out = net.forward(io.get("input"));
        assertTrue(io.get("output").equalsWithEps(out, 1e-5), out + "\nexpected\n" + io.get("output"));
    }

    @Test
    void savesTheSameEntriesInTheSameOrderAsPyTorchsStateDict() throws Exception {
        Path file = dir.resolve("net.npz");
        Checkpoint.save(file, net());
        Map<String, INDArray> ours = Npz.read(file);
        Map<String, INDArray> pytorch = Npz.read(fixture("bn_net_state_dict"));
        assertEquals(List.copyOf(pytorch.keySet()), List.copyOf(ours.keySet()));
        pytorch.forEach((name, v) -> {
            assertEquals(v.dataType(), ours.get(name).dataType(), name);
            assertArrayEquals(v.shape(), ours.get(name).shape(), name);
        });
    }

    @Test
    void aRoundTripKeepsTheRunningStatisticsBitIdenticalAndTheEvalPredictions() throws IOException {
        Sequential a = net();
        train(a, 1);
        Path file = dir.resolve("net.npz");
        Checkpoint.save(file, a);
        Sequential b = net();
        assertNotEquals(state(a), state(b));
        Checkpoint.load(file, b);
        assertEquals(state(a), state(b));
        assertEquals(3, ((BatchNorm) b.modules().get(6)).numBatchesTracked());
        INDArray x = TestArrays.normal(9, DataType.FLOAT, 4, 2, 6, 6);
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x));
    }

    @Test
    void aCheckpointWithoutBuffersFailsStrictlyAndLoadsNonStrictlyListingThem() throws IOException {
        Sequential a = net();
        train(a, 1);
        Path file = dir.resolve("parameters-only.npz");
        Map<String, INDArray> parametersOnly = new LinkedHashMap<>();
        a.namedParameters().forEach((name, p) -> parametersOnly.put(name, p.value()));
        Npz.write(file, parametersOnly);

        Sequential b = net();
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (6 mismatches; nothing was loaded):\n"
                + "  1.running_mean: missing from the checkpoint (expected [3])\n"
                + "  1.running_var: missing from the checkpoint (expected [3])\n"
                + "  1.num_batches_tracked: missing from the checkpoint (expected [])\n"
                + "  6.running_mean: missing from the checkpoint (expected [5])\n"
                + "  6.running_var: missing from the checkpoint (expected [5])\n"
                + "  6.num_batches_tracked: missing from the checkpoint (expected [])", e.getMessage());
        assertEquals(before, state(b));

        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b);
        assertEquals(new Checkpoint.Keys(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked",
                "6.running_mean", "6.running_var", "6.num_batches_tracked"), List.of()), keys);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
        }
        assertEquals(0, ((BatchNorm) b.modules().get(1)).numBatchesTracked(), "buffers keep their initial values");
    }
}
