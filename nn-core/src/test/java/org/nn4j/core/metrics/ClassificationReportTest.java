package org.nn4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A hand-computed case with a class that is never predicted (sklearn gives it precision 0). */
class ClassificationReportTest {

    // Class 3 (support 1) is never predicted.
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2, 2, 2, 2, 3};
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 2, 2, 0, 1, 1};

    @Test
    void confusionMatrixCountsTrueRowsAgainstPredictedColumns() {
        ConfusionMatrix m = ConfusionMatrix.of(TRUTH, PREDICTED, 4);
        assertArrayEquals(new long[][] {{2, 1, 0, 0}, {0, 2, 0, 0}, {1, 1, 2, 0}, {0, 1, 0, 0}}, m.counts());
        assertEquals(10, m.total());
        assertEquals(6, m.trace());
        assertEquals(0.6, m.accuracy(), 1e-15);
        assertEquals(0, m.predicted(3));
        assertEquals(4, m.support(2));
        assertEquals("true\\pred   0   1   2   3\n"
                + "        0   2   1   0   0\n"
                + "        1   0   2   0   0\n"
                + "        2   1   1   2   0\n"
                + "        3   0   1   0   0", m.toString().replace("\r\n", "\n"));
    }

    @Test
    void perClassScoresMatchHandComputedValues() {
        ClassificationReport r = ClassificationReport.of(TRUTH, PREDICTED, 4);
        double[] precision = {2.0 / 3, 2.0 / 5, 1, 0};
        double[] recall = {2.0 / 3, 1, 0.5, 0};
        double[] f1 = {2.0 / 3, 4.0 / 7, 2.0 / 3, 0};
        long[] support = {3, 2, 4, 1};
        for (int c = 0; c < 4; c++) {
            assertEquals(precision[c], r.precision(c), 1e-15, "precision of " + c);
            assertEquals(recall[c], r.recall(c), 1e-15, "recall of " + c);
            assertEquals(f1[c], r.f1(c), 1e-15, "f1 of " + c);
            assertEquals(support[c], r.support(c), "support of " + c);
        }
        assertEquals(0.6, r.accuracy(), 1e-15);
    }

    @Test
    void macroAndWeightedAveragesFollowSklearn() {
        ClassificationReport r = ClassificationReport.of(TRUTH, PREDICTED, 4);
        assertEquals((2.0 / 3 + 2.0 / 5 + 1 + 0) / 4, r.macroPrecision(), 1e-15);
        assertEquals((2.0 / 3 + 1 + 0.5 + 0) / 4, r.macroRecall(), 1e-15);
        assertEquals((2.0 / 3 + 4.0 / 7 + 2.0 / 3 + 0) / 4, r.macroF1(), 1e-15, "mean of F1s, not F1 of means");
        assertEquals((3 * 2.0 / 3 + 2 * 2.0 / 5 + 4 * 1 + 0) / 10, r.weightedPrecision(), 1e-15);
        assertEquals(0.6, r.weightedRecall(), 1e-15, "weighted recall is the accuracy");
        assertEquals((3 * 2.0 / 3 + 2 * 4.0 / 7 + 4 * 2.0 / 3 + 0) / 10, r.weightedF1(), 1e-15);
    }

    @Test
    void printsLikeSklearn() {
        String expected = String.join("\n",
                "             precision    recall  f1-score   support",
                "",
                "           0      0.67      0.67      0.67         3",
                "           1      0.40      1.00      0.57         2",
                "           2      1.00      0.50      0.67         4",
                "           3      0.00      0.00      0.00         1",
                "",
                "    accuracy                          0.60        10",
                "   macro avg      0.52      0.54      0.48        10",
                "weighted avg      0.68      0.60      0.58        10", "");
        assertEquals(expected, ClassificationReport.of(TRUTH, PREDICTED, 4).toString().replace("\r\n", "\n"));
    }

    @Test
    void rejectsLabelsOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 4}, new int[] {0, 1}, 4));
        assertEquals("ConfusionMatrix: true label at index 1 is 4, expected 0..3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 4));
        assertEquals("ConfusionMatrix: 1 true labels but 2 predicted labels", e.getMessage());
    }
}
