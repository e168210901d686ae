package org.nn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Sequential net(long seed, int... widths) {
        Sequential s = new Sequential();
        for (int i = 0; i < widths.length; i++) {
            s.add(new Scale(widths[i], seed + 10L * i));
        }
        return s;
    }

    private static List<INDArray> values(Sequential net) {
        List<INDArray> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().dup()));
        return v;
    }

    /** Accumulates some gradient: forward, then backward with dL/dy = y. */
    private static void gradients(Sequential net, long seed) {
        INDArray x = TestArrays.uniform(seed, DataType.FLOAT, 4, 3);
        INDArray y = net.forward(x);
        net.backward(x, y, false);
    }

    @Test
    void parametersRoundTripUnderTheirModulePaths() throws IOException {
        Sequential a = net(1, 3, 3);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        assertEquals(List.of("0.w", "0.b", "1.w", "1.b"), List.copyOf(Npz.read(file).keySet()));
        Sequential b = net(99, 3, 3);
        assertNotEquals(values(a), values(b));
        Checkpoint.load(file, b);
        assertEquals(values(a), values(b));
    }

    @Test
    void optimizerStateRoundTripsSoTrainingContinuesIdentically() throws IOException {
        Sequential a = net(1, 3, 3);
        Adam adamA = new Adam(0.01);
        gradients(a, 5);
        adamA.step(a.parameters());
        a.zeroGrad();
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, adamA);
        assertEquals(List.of("0.w", "0.b", "1.w", "1.b", "optimizer.0.w.exp_avg", "optimizer.0.w.exp_avg_sq",
                "optimizer.0.w.step", "optimizer.0.b.exp_avg", "optimizer.0.b.exp_avg_sq", "optimizer.0.b.step",
                "optimizer.1.w.exp_avg", "optimizer.1.w.exp_avg_sq", "optimizer.1.w.step", "optimizer.1.b.exp_avg",
                "optimizer.1.b.exp_avg_sq", "optimizer.1.b.step"), List.copyOf(Npz.read(file).keySet()));

        Sequential b = net(99, 3, 3);
        Adam adamB = new Adam(0.01);
        Checkpoint.load(file, b, adamB);
        for (Sequential n : List.of(a, b)) {
            gradients(n, 6);
        }
        adamA.step(a.parameters());
        adamB.step(b.parameters());
        assertEquals(values(a), values(b), "the second step after loading equals the uninterrupted one");
    }

    @Test
    void aMismatchListsEveryNameAndChangesNothing() throws IOException {
        Path file = dir.resolve("other.npz");
        Checkpoint.save(file, net(1, 3, 4, 1));
        Sequential b = net(2, 3, 2);
        List<INDArray> before = values(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (4 mismatches; nothing was loaded):\n"
                + "  1.w: expected [2], found [4]\n"
                + "  1.b: expected [2], found [4]\n"
                + "  2.w: not in the model (found [1])\n"
                + "  2.b: not in the model (found [1])", e.getMessage());
        assertEquals(before, values(b), "no parameter was assigned, not even 0.w and 0.b which fit");
    }

    @Test
    void missingParametersAndMismatchedOptimizerStateAreListedToo() throws IOException {
        Sequential a = net(1, 3);
        GradientDescent sgd = new GradientDescent(0.1, 0.9);
        gradients(a, 3);
        sgd.step(a.parameters());
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, sgd);
        Sequential b = net(2, 3, 3);
        List<INDArray> before = values(b);
        Adam adam = new Adam();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b, adam));
        assertEquals("Checkpoint " + file + " does not fit the model (10 mismatches; nothing was loaded):\n"
                + "  1.w: missing from the checkpoint (expected [3])\n"
                + "  1.b: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.momentum_buffer: not kept by " + adam + " (found [3])\n"
                + "  optimizer.0.w.exp_avg: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.exp_avg_sq: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.step: missing from the checkpoint (expected [])\n"
                + "  optimizer.0.b.momentum_buffer: not kept by " + adam + " (found [3])\n"
                + "  optimizer.0.b.exp_avg: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.b.exp_avg_sq: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.b.step: missing from the checkpoint (expected [])", e.getMessage());
        assertEquals(before, values(b));
        assertEquals(Map.of(), adam.state(b.parameters().get(0)), "no optimizer state was loaded");
    }

    @Test
    void aSaveThatCrashesHalfWayLeavesThePreviousCheckpointLoadable() throws IOException {
        Sequential a = net(1, 3, 3);
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, a);
        List<INDArray> saved = values(a);
        for (Parameter p : a.parameters()) {
            p.value().addi(1);
        }
        IOException crash = assertThrows(IOException.class, () -> Checkpoint.save(file, a, null, out -> {
            // Part of the new archive is already on disk when the crash comes.
            ((ZipOutputStream) out).putNextEntry(new ZipEntry("partial.npy"));
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", crash.getMessage());
        Sequential b = net(7, 3, 3);
        Checkpoint.load(file, b);
        assertEquals(saved, values(b));
    }

    @Test
    void parametersKeepTheirDtypeWhenLoadingAnotherOne() throws IOException {
        Sequential a = net(1, 3);
        a.to(DataType.DOUBLE);
        Path file = dir.resolve("double.npz");
        Checkpoint.save(file, a);
        Sequential b = net(2, 3);
        Checkpoint.load(file, b);
        assertEquals(DataType.FLOAT, b.parameters().get(0).value().dataType());
        assertArrayEquals(a.parameters().get(0).value().toFloatVector(), b.parameters().get(0).value().toFloatVector());
        assertEquals(Nd4j.createFromArray(a.parameters().get(1).value().toFloatVector()), b.parameters().get(1).value());
    }

    /** Scale, Centre with a bias, Centre without parameters, Scale: buffers between and inside modules with parameters. */
    private static Sequential withBuffers(long seed) {
        return new Sequential(new Scale(3, seed), new Centre(3, seed + 10, true), new Centre(3, seed + 20, false),
                new Scale(3, seed + 30));
    }

    /** A few training-mode forwards, so that the buffers are not their initial values. */
    private static void trainForwards(Module net, long seed) {
        net.train();
        for (int i = 0; i < 3; i++) {
            net.forward(TestArrays.uniform(seed + i, DataType.FLOAT, 4, 3));
        }
    }

    private static List<INDArray> state(Module net) {
        List<INDArray> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().dup()));
        v.addAll(Centre.bufferValues(net));
        return v;
    }

    @Test
    void buffersAreSavedWithTheParametersInStateDictOrderKeepingTheirDtypes() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> saved = Npz.read(file);
        assertEquals(List.of("0.w", "0.b", "1.b", "1.running_mean", "1.count", "2.running_mean", "2.count", "3.w", "3.b"),
                List.copyOf(saved.keySet()), "per module its parameters, then its buffers");
        assertEquals(DataType.FLOAT, saved.get("1.running_mean").dataType());
        assertEquals(DataType.LONG, saved.get("1.count").dataType());
        assertEquals(0, saved.get("1.count").rank());
        assertEquals(3, saved.get("2.count").getLong(0));
        assertEquals(a.namedBuffers().get("2.running_mean").value(), saved.get("2.running_mean"));
    }

    @Test
    void buffersRoundTripBitIdenticallySoEvalPredictionsAreIdentical() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Sequential b = withBuffers(99);
        assertNotEquals(state(a), state(b));
        Checkpoint.load(file, b);
        assertEquals(state(a), state(b));
        assertEquals(DataType.LONG, b.namedBuffers().get("1.count").value().dataType());
        INDArray x = TestArrays.uniform(9, DataType.FLOAT, 5, 3);
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x));
    }

    @Test
    void strictLoadingListsAMissingBufferAnUnexpectedKeyAndAWrongShapeAndLoadsNothing() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.put("2.running_mean", Nd4j.zeros(DataType.FLOAT, 4));
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (3 mismatches; nothing was loaded):\n"
                + "  1.count: missing from the checkpoint (expected [])\n"
                + "  2.running_mean: expected [3], found [4]\n"
                + "  2.extra: not in the model (found [2])", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void nonStrictLoadingLoadsWhatMatchesAndReturnsTheMissingAndUnexpectedKeys() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.remove("3.b");
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        arrays.put("4.w", Nd4j.zeros(DataType.FLOAT, 3));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        INDArray bias3 = b.namedParameters().get("3.b").value().dup();
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b);
        assertEquals(new Checkpoint.Keys(List.of("1.count", "3.b"), List.of("2.extra", "4.w")), keys);
        assertEquals(bias3, b.namedParameters().get("3.b").value(), "missing: left as it was");
        assertEquals(0, b.namedBuffers().get("1.count").value().getLong(0), "missing: left as it was");
        for (String name : List.of("0.w", "0.b", "1.b", "3.w")) {
            assertEquals(a.namedParameters().get(name).value(), b.namedParameters().get(name).value(), name);
        }
        for (String name : List.of("1.running_mean", "2.running_mean", "2.count")) {
            assertEquals(a.namedBuffers().get(name).value(), b.namedBuffers().get(name).value(), name);
        }
    }

    @Test
    void nonStrictLoadingStillRejectsAWrongShapeAndThenLoadsNothing() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.put("1.running_mean", Nd4j.zeros(DataType.FLOAT, 1, 3));
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadNonStrict(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (1 mismatch; nothing was loaded):\n"
                + "  1.running_mean: expected [3], found [1, 3]", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void aCheckpointOfParametersOnlyFailsStrictlyAndLoadsNonStrictlyListingTheBuffers() throws IOException {
        Sequential a = withBuffers(1);
        Path file = dir.resolve("parameters-only.npz");
        Map<String, INDArray> parametersOnly = new LinkedHashMap<>();
        a.namedParameters().forEach((name, p) -> parametersOnly.put(name, p.value()));
        Npz.write(file, parametersOnly);
        Sequential b = withBuffers(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (4 mismatches; nothing was loaded):\n"
                + "  1.running_mean: missing from the checkpoint (expected [3])\n"
                + "  1.count: missing from the checkpoint (expected [])\n"
                + "  2.running_mean: missing from the checkpoint (expected [3])\n"
                + "  2.count: missing from the checkpoint (expected [])", e.getMessage());
        List<INDArray> buffers = Centre.bufferValues(b);
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b);
        assertEquals(List.of("1.running_mean", "1.count", "2.running_mean", "2.count"), keys.missing());
        assertEquals(List.of(), keys.unexpected());
        assertEquals(values(a), values(b));
        assertEquals(buffers, Centre.bufferValues(b));
    }

    @Test
    void nonStrictLoadingWithAnOptimizerListsTheStateOfParametersNotInTheModel() throws IOException {
        Sequential a = net(1, 3, 3);
        Adam adamA = new Adam(0.01);
        gradients(a, 5);
        adamA.step(a.parameters());
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, adamA);
        Sequential b = net(2, 3);
        Adam adamB = new Adam(0.01);
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b, adamB);
        assertEquals(List.of(), keys.missing());
        assertEquals(List.of("1.w", "1.b", "optimizer.1.w.exp_avg", "optimizer.1.w.exp_avg_sq", "optimizer.1.w.step",
                "optimizer.1.b.exp_avg", "optimizer.1.b.exp_avg_sq", "optimizer.1.b.step"), keys.unexpected());
        Parameter w = b.parameters().get(0);
        assertEquals(a.parameters().get(0).value(), w.value());
        assertEquals(adamA.state(a.parameters().get(0)).get("exp_avg"), adamB.state(w).get("exp_avg"));
        assertEquals(1.0, adamB.state(w).get("step").getDouble(0));
    }
}
