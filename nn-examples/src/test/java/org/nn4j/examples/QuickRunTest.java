package org.nn4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.data.DataFolder;

/** CI runs every experiment in quick mode: it finishes, its loss fell, and its files exist. */
class QuickRunTest {

    @TempDir
    Path out;

    static Stream<Experiment> experiments() {
        return Experiments.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void runsInQuickModeAndWritesItsResults(Experiment experiment) throws Exception {
        Path data = DataFolder.resolve(null);
        for (String dataset : experiment.datasets()) {
            assumeTrue(Files.isDirectory(data.resolve(dataset)), () -> experiment.name() + " skipped: it needs "
                    + dataset + "/ in the data folder " + data.toAbsolutePath() + " (set NN4J_DATA)");
        }
        String unavailable = experiment.unavailable();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        Results results = Main.run(experiment, true, 42, data, out);

        assertTrue(Files.size(out.resolve("results.json")) > 0);
        assertTrue(Files.readString(out.resolve("summary.md")).startsWith("# " + experiment.name()));
        assertFalse(results.figures().isEmpty(), "an experiment reports at least one figure");
        for (Results.Artifact a : results.artifacts()) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(out.resolve(a.file())), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, a.file() + " is a PNG");
        }
        results.series().forEach((name, values) -> {
            if (name.endsWith("loss")) {
                assertLossFell(name, values);
            }
        });
    }

    private static void assertLossFell(String name, List<Double> values) {
        assertTrue(values.size() >= 2, name + " has at least two points");
        assertTrue(values.get(values.size() - 1) < values.get(0), name + " fell: " + values);
    }
}
