package org.example.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.ReLU;

/** What a user of nn4j does with a module of their own, on the published artifacts. */
class ConsumerTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(new RunningMeanScale(4, 1), uniform(2, 5, 4));
    }

    @Test
    void keepsTheModuleContract() {
        ModuleContract.assertAll(new ModuleCase("RunningMeanScale(4)", () -> new RunningMeanScale(4, 7),
                new long[] {5, 4}, new long[] {5, 4}, 11));
    }

    @Test
    void trainsSavesAndReloadsWithItsBuffersAndBatchNorms(@TempDir Path dir) throws Exception {
        INDArray x = uniform(3, 256, 4).addi(0.5);                  // the running mean has something to follow
        INDArray y = x.mmul(Nd4j.createFromArray(new float[][] {{1}, {-2}, {0.5f}, {3}})).addi(1);
        Sequential net = model(1);
        Trainer trainer = new Trainer(net, new MSELoss(), new Adam(1e-2)).accuracy(false).progress(Progress.NONE);
        History history = trainer.fit(new DataLoader(x, y, 32, 42), 5);
        List<Double> loss = history.trainLoss();
        assertEquals(5, loss.size());
        assertTrue(loss.get(4) < loss.get(0), "training loss fell: " + loss);

        Map<String, Buffer> buffers = net.namedBuffers();
        assertEquals(Set.of("0.running_mean", "2.running_mean", "2.running_var", "2.num_batches_tracked"),
                buffers.keySet());
        assertNotEquals(0.0, buffers.get("0.running_mean").value().sumNumber().doubleValue(), "state kept across steps");

        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, net);
        assertTrue(Files.size(file) > 0);
        Sequential reloaded = model(99);                              // other initial weights
        Checkpoint.load(file, reloaded);

        net.eval();
        reloaded.eval();
        assertIdentical(net.forward(x), reloaded.forward(x), "eval-mode predictions after reloading");
        Map<String, Buffer> reloadedBuffers = reloaded.namedBuffers();
        for (Map.Entry<String, Buffer> e : buffers.entrySet()) {
            assertIdentical(e.getValue().value(), reloadedBuffers.get(e.getKey()).value(), e.getKey() + " after reloading");
        }
    }

    @Test
    void runsOnTheOneDnnNativesWithoutTheGenericJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            assertFalse(entry.endsWith("nd4j-native-1.0.0-M2.1-linux-x86_64.jar"), "generic natives on the classpath: " + entry);
        }
        Nd4j.create(DataType.FLOAT, 2, 2);
        String build = Nn4jRuntime.config().nativeBuild();
        assertTrue(build.startsWith("linux-x86_64-onednn"), "native build loaded: " + build);
    }

    /** Same shape, dtype and exactly the same values (INDArray.equals allows a tolerance). */
    private static void assertIdentical(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dataType(), actual.dataType(), what + ": dtype");
        assertArrayEquals(expected.dup('c').castTo(DataType.DOUBLE).data().asDouble(),
                actual.dup('c').castTo(DataType.DOUBLE).data().asDouble(), what);
    }

    private static Sequential model(long seed) {
        return new Sequential(new RunningMeanScale(4, seed), new Linear(4, 16, true, seed + 1), new BatchNorm1D(16),
                new ReLU(), new Linear(16, 1, true, seed + 2));
    }

    private static INDArray uniform(long seed, int rows, int columns) {
        Random random = new Random(seed);
        float[][] a = new float[rows][columns];
        for (float[] row : a) {
            for (int j = 0; j < columns; j++) {
                row[j] = 2 * random.nextFloat() - 1;
            }
        }
        return Nd4j.createFromArray(a);
    }
}
