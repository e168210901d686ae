package org.nn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

/** Loading a checkpoint whose names differ from the model's through a renaming function. */
class CheckpointRenameTest {

    @TempDir
    Path dir;

    /** Scale, Centre with a bias, Centre without parameters, Scale: names 0.w, 0.b, 1.b, 1.running_mean, 1.count, … */
    private static Sequential net(long seed) {
        return new Sequential(new Scale(3, seed), new Centre(3, seed + 10, true), new Centre(3, seed + 20, false),
                new Scale(3, seed + 30));
    }

    private static List<INDArray> state(Module net) {
        List<INDArray> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().dup()));
        v.addAll(Centre.bufferValues(net));
        return v;
    }

    /** A trained network's state saved as a model whose layers sit in an attribute {@code body} would save it. */
    private Sequential savedUnderBody(Path file, Map<String, INDArray> extra) throws IOException {
        Sequential a = net(1);
        a.train();
        for (int i = 0; i < 3; i++) {
            a.forward(TestArrays.uniform(5 + i, DataType.FLOAT, 4, 3));
        }
        Checkpoint.save(file, a);
        Map<String, INDArray> renamed = new LinkedHashMap<>();
        Npz.read(file).forEach((name, v) -> renamed.put("body." + name, v));
        renamed.putAll(extra);
        Npz.write(file, renamed);
        return a;
    }

    @Test
    void aStrictLoadRenamesEveryEntryAndGivesTheSavedState() throws IOException {
        Path file = dir.resolve("body.npz");
        Sequential a = savedUnderBody(file, Map.of("optimizer.body.0.w.step", Nd4j.scalar(3L)));
        Sequential b = net(2);
        assertNotEquals(state(a), state(b));
        List<String> asked = new ArrayList<>();
        Checkpoint.load(file, b, name -> {
            asked.add(name);
            return name.replaceFirst("^body\\.", "");
        });
        assertEquals(state(a), state(b));
        assertEquals(List.of("body.0.w", "body.0.b", "body.1.b", "body.1.running_mean", "body.1.count",
                "body.2.running_mean", "body.2.count", "body.3.w", "body.3.b"), asked, "optimizer state is not renamed");
    }

    @Test
    void aStrictLoadNamesTheModelsAndTheFilesNameOfEveryMismatchAndLoadsNothing() throws IOException {
        Path file = dir.resolve("body.npz");
        savedUnderBody(file, Map.of("body.2.running_mean", Nd4j.zeros(DataType.FLOAT, 4),
                "head.w", Nd4j.zeros(DataType.FLOAT, 2)));
        Sequential b = net(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b,
                name -> name.equals("body.1.count") ? null : name.replaceFirst("^(body|head)\\.", "")));
        assertEquals("Checkpoint " + file + " does not fit the model (3 mismatches; nothing was loaded):\n"
                + "  1.count: missing from the checkpoint (expected [])\n"
                + "  2.running_mean (checkpoint's body.2.running_mean): expected [3], found [4]\n"
                + "  w (checkpoint's head.w): not in the model (found [2])", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void twoEntriesRenamedToOneNameAreRejected() throws IOException {
        Path file = dir.resolve("body.npz");
        savedUnderBody(file, Map.of());
        Sequential b = net(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadNonStrict(file,
                b, name -> name.replace("body.2.", "body.1.").replaceFirst("^body\\.", "")));
        assertEquals("Checkpoint " + file + " does not fit the model (2 mismatches; nothing was loaded):\n"
                + "  1.running_mean: both body.1.running_mean and body.2.running_mean of the checkpoint are renamed to it\n"
                + "  1.count: both body.1.count and body.2.count of the checkpoint are renamed to it", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void aNonStrictLoadReportsTheModelsMissingNamesAndTheFilesUnexpectedOnesButNotTheDroppedOnes() throws IOException {
        Path file = dir.resolve("body.npz");
        Sequential a = savedUnderBody(file, Map.of("head.w", Nd4j.zeros(DataType.FLOAT, 2)));
        Sequential b = net(2);
        INDArray w3 = b.namedParameters().get("3.w").value().dup();
        INDArray b3 = b.namedParameters().get("3.b").value().dup();
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b,
                name -> name.startsWith("body.3.") ? null : name.replaceFirst("^(body|head)\\.", ""));
        assertEquals(new Checkpoint.Keys(List.of("3.w", "3.b"), List.of("head.w")), keys);
        assertEquals(w3, b.namedParameters().get("3.w").value(), "missing: left as it was");
        assertEquals(b3, b.namedParameters().get("3.b").value(), "missing: left as it was");
        for (String name : List.of("0.w", "0.b", "1.b")) {
            assertEquals(a.namedParameters().get(name).value(), b.namedParameters().get(name).value(), name);
        }
        for (String name : List.of("1.running_mean", "1.count", "2.running_mean", "2.count")) {
            assertEquals(a.namedBuffers().get(name).value(), b.namedBuffers().get(name).value(), name);
        }
    }
}
