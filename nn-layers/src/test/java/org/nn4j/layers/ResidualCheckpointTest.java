package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.io.Npz;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.TestArrays;

/**
 * A small ResNet (Residual blocks with BatchNorm, one with a projection shortcut) in checkpoints, against a PyTorch
 * state_dict (make_checkpoint_reference.py resnet_net: 5 SGD steps in training mode, then eval).
 */
class ResidualCheckpointTest {

    @TempDir
    Path dir;

    /** The network of make_checkpoint_reference.py's resnet_net, input [N, 2, 6, 6]. */
    private static Sequential net() {
        return new Sequential(conv(2, 4, 1), new BatchNorm2D(4), new ReLU(),
                new Residual(new Sequential(conv(4, 4, 1), new BatchNorm2D(4), new ReLU(), conv(4, 4, 1), new BatchNorm2D(4))),
                new ReLU(),
                new Residual(new Sequential(conv(4, 6, 2), new BatchNorm2D(6), new ReLU(), conv(6, 6, 1), new BatchNorm2D(6)),
                        new Sequential(new Conv2D(4, 6, 1, 2, 0).bias(false).reset(3), new BatchNorm2D(6))),
                new ReLU(), new MaxPool2D(3), new Flatten(), new Linear(6, 2));
    }

    private static Conv2D conv(int in, int out, int stride) {
        return new Conv2D(in, out, 3, stride, 1).bias(false).reset(in * 10L + out);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ResidualCheckpointTest.class.getResource("/checkpoint/" + name + ".npz").toURI());
    }

    private static List<INDArray> state(Sequential net) {
        List<INDArray> all = new ArrayList<>();
        net.parameters().forEach(p -> all.add(p.value().dup()));
        net.buffers().forEach(b -> all.add(b.value().dup()));
        return all;
    }

    @Test
    void aPyTorchResNetStateDictLoadsStrictlyAndGivesPyTorchsEvalOutput() throws Exception {
        Map<String, INDArray> stateDict = Npz.read(fixture("resnet_net_state_dict"));
        Map<String, INDArray> io = Npz.read(fixture("resnet_net_io"));
        Sequential net = net();
        Checkpoint.load(fixture("resnet_net_state_dict"), net);

        Residual down = (Residual) net.get(5);
        BatchNorm2D projectionNorm = (BatchNorm2D) ((Sequential) down.shortcut()).get(1);
        assertEquals(stateDict.get("5.shortcut.1.running_mean"), projectionNorm.runningMean());
        assertEquals(stateDict.get("5.shortcut.1.running_var"), projectionNorm.runningVar());
        assertEquals(5, projectionNorm.numBatchesTracked());
        assertEquals(stateDict.get("3.block.3.weight"), ((Conv2D) ((Sequential) ((Residual) net.get(3)).block()).get(3)).weight().value());

        net.eval();
        INDArray out = net.forward(io.get("input"));
        assertTrue(io.get("output").equalsWithEps(out, 1e-5), out + "\nexpected\n" + io.get("output"));
    }

    @Test
    void savesTheSameEntriesInTheSameOrderAsPyTorchsStateDict() throws Exception {
        Path file = dir.resolve("net.npz");
        Checkpoint.save(file, net());
        Map<String, INDArray> ours = Npz.read(file);
        Map<String, INDArray> pytorch = Npz.read(fixture("resnet_net_state_dict"));
        // the block's buffers come before the shortcut's parameters, as in PyTorch
        assertEquals(List.copyOf(pytorch.keySet()), List.copyOf(ours.keySet()));
        pytorch.forEach((name, v) -> {
            assertEquals(v.dataType(), ours.get(name).dataType(), name);
            assertArrayEquals(v.shape(), ours.get(name).shape(), name);
        });
    }

    @Test
    void aRoundTripAfterTrainingKeepsEveryParameterAndBufferBitIdenticalAndTheEvalPredictions() throws IOException {
        Sequential a = net();
        GradientDescent sgd = new GradientDescent(0.1);
        for (int i = 0; i < 3; i++) {
            INDArray x = TestArrays.normal(1 + i, DataType.FLOAT, 8, 2, 6, 6);
            INDArray y = a.forward(x);
            a.backward(x, y.mul(2.0 / y.length()), false);
            sgd.step(a.parameters());
            a.zeroGrad();
        }
        Path file = dir.resolve("net.npz");
        Checkpoint.save(file, a);
        Sequential b = net();
        assertNotEquals(state(a), state(b));
        Checkpoint.load(file, b);
        assertEquals(state(a), state(b));
        assertEquals(3, ((BatchNorm) ((Sequential) ((Residual) b.get(5)).shortcut()).get(1)).numBatchesTracked());
        INDArray x = TestArrays.normal(9, DataType.FLOAT, 4, 2, 6, 6);
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x));
    }
}
