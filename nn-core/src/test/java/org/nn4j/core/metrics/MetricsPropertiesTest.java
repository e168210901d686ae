package org.nn4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;

/** Invariants of the metrics over random label vectors. */
class MetricsPropertiesTest {

    private static final int CLASSES = 5;

    /** Pairs (truth, predicted) of equal length 1..60, labels 0..4, encoded as truth·5 + predicted. */
    private static Gen<List<Integer>> pairs() {
        return lists().of(integers().between(0, CLASSES * CLASSES - 1)).ofSizeBetween(1, 60);
    }

    private static int[] truth(List<Integer> pairs) {
        return pairs.stream().mapToInt(p -> p / CLASSES).toArray();
    }

    private static int[] predicted(List<Integer> pairs) {
        return pairs.stream().mapToInt(p -> p % CLASSES).toArray();
    }

    @Test
    void confusionMatrixSumsToNAndAccuracyIsTraceOverN() {
        long seed = TestArrays.testSeed("confusionMatrixSumsToNAndAccuracyIsTraceOverN");
        qt().withFixedSeed(seed).withExamples(200).forAll(pairs()).checkAssert(pairs -> {
            int[] t = truth(pairs);
            int[] p = predicted(pairs);
            ConfusionMatrix m = ConfusionMatrix.of(t, p, CLASSES);
            long sum = 0;
            long correct = 0;
            for (int c = 0; c < CLASSES; c++) {
                final int k = c;
                for (int q = 0; q < CLASSES; q++) {
                    sum += m.count(c, q);
                }
                assertEquals(java.util.Arrays.stream(t).filter(v -> v == k).count(), m.support(c), "row sum = support");
                assertEquals(java.util.Arrays.stream(p).filter(v -> v == k).count(), m.predicted(c), "column sum");
            }
            for (int i = 0; i < t.length; i++) {
                correct += t[i] == p[i] ? 1 : 0;
            }
            assertEquals(t.length, sum);
            assertEquals((double) correct / t.length, m.accuracy(), 1e-15);
            assertEquals((double) m.trace() / t.length, m.accuracy(), 1e-15);
            assertEquals(m.accuracy(), new ClassificationReport(m).weightedRecall(), 1e-12,
                    "weighted recall equals accuracy");
        });
    }

    @Test
    void accuracyOfScoresAgreesWithTheConfusionMatrixForEveryTargetLayout() {
        long seed = TestArrays.testSeed("accuracyOfScoresAgreesWithTheConfusionMatrixForEveryTargetLayout");
        qt().withFixedSeed(seed).withExamples(50).forAll(pairs()).checkAssert(pairs -> {
            int[] t = truth(pairs);
            int[] p = predicted(pairs);
            int n = t.length;
            // Scores whose argmax is p: one-hot of p plus noise below 0.5.
            INDArray scores = oneHot(p).addi(TestArrays.uniform(pairs.hashCode(), DataType.FLOAT, 0, 0.5, n, CLASSES));
            INDArray indices = Nd4j.createFromArray(t).castTo(DataType.FLOAT);
            double expected = ConfusionMatrix.of(t, p, CLASSES).accuracy();
            assertEquals(expected, Accuracy.of(scores, indices), 1e-12, "indices [N]");
            assertEquals(expected, Accuracy.of(scores, indices.reshape(n, 1)), 1e-12, "indices [N, 1]");
            assertEquals(expected, Accuracy.of(scores, oneHot(t)), 1e-12, "one-hot [N, C]");
            assertEquals(expected, ConfusionMatrix.of(scores, oneHot(t)).accuracy(), 1e-12, "matrix of arrays");
        });
    }

    private static INDArray oneHot(int[] labels) {
        float[][] v = new float[labels.length][CLASSES];
        for (int i = 0; i < labels.length; i++) {
            v[i][labels[i]] = 1;
        }
        return Nd4j.createFromArray(v);
    }
}
