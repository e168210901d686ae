package org.nn4j.core.metrics;

import java.util.Locale;

/**
 * Per-class precision, recall, F1 and support with macro and weighted averages, with
 * scikit-learn's {@code classification_report} semantics over the classes 0..C−1 of a
 * {@link ConfusionMatrix} (sklearn's {@code labels=range(C)}):
 * <ul>
 *   <li>precision = TP / (TP + FP), 0 for a class that is never predicted (sklearn's
 *       {@code zero_division} default, without its warning); recall = TP / (TP + FN), 0 for a
 *       class without support; F1 = 2PR / (P + R), 0 when P + R = 0;</li>
 *   <li>macro average: the unweighted mean over classes of each of P, R and F1 (so macro F1 is
 *       not the F1 of macro P and R); weighted average: the mean weighted by support;</li>
 *   <li>accuracy = trace / N.</li>
 * </ul>
 */
public final class ClassificationReport {

    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final long[] support;
    private final double accuracy;
    private final long total;

    /**
     * The report of a confusion matrix.
     *
     * @param m the counts to summarise; not modified (the report keeps its own numbers)
     */
    public ClassificationReport(ConfusionMatrix m) {
        int c = m.numClasses();
        precision = new double[c];
        recall = new double[c];
        f1 = new double[c];
        support = new long[c];
        for (int k = 0; k < c; k++) {
            long tp = m.count(k, k);
            long predicted = m.predicted(k);
            support[k] = m.support(k);
            precision[k] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[k] = support[k] == 0 ? 0 : (double) tp / support[k];
            double sum = precision[k] + recall[k];
            f1[k] = sum == 0 ? 0 : 2 * precision[k] * recall[k] / sum;
        }
        accuracy = m.accuracy();
        total = m.total();
    }

    /**
     * The report of two label vectors.
     *
     * @param truth      the true classes, each in 0..numClasses−1; not modified
     * @param predicted  the predicted classes, as many; not modified
     * @param numClasses the number of classes C
     * @return the report
     * @throws IllegalArgumentException when the lengths differ or a label is out of range
     */
    public static ClassificationReport of(int[] truth, int[] predicted, int numClasses) {
        return new ClassificationReport(ConfusionMatrix.of(truth, predicted, numClasses));
    }

    /**
     * @param c a class in 0..C−1
     * @return TP / (TP + FP) of class {@code c}, 0 when {@code c} is never predicted
     */
    public double precision(int c) {
        return precision[c];
    }

    /**
     * @param c a class in 0..C−1
     * @return TP / (TP + FN) of class {@code c}, 0 when {@code c} has no support
     */
    public double recall(int c) {
        return recall[c];
    }

    /**
     * @param c a class in 0..C−1
     * @return the F1 score 2PR / (P + R) of class {@code c}, 0 when P + R = 0
     */
    public double f1(int c) {
        return f1[c];
    }

    /**
     * @param c a class in 0..C−1
     * @return the number of samples whose true class is {@code c}
     */
    public long support(int c) {
        return support[c];
    }

    /** @return the fraction of correct predictions, trace / N (NaN when there are no samples) */
    public double accuracy() {
        return accuracy;
    }

    /** @return the unweighted mean of the per-class precisions */
    public double macroPrecision() {
        return mean(precision, null);
    }

    /** @return the unweighted mean of the per-class recalls */
    public double macroRecall() {
        return mean(recall, null);
    }

    /** @return the unweighted mean of the per-class F1 scores (not the F1 of macro precision and recall) */
    public double macroF1() {
        return mean(f1, null);
    }

    /** @return the mean of the per-class precisions weighted by support */
    public double weightedPrecision() {
        return mean(precision, support);
    }

    /** @return the mean of the per-class recalls weighted by support */
    public double weightedRecall() {
        return mean(recall, support);
    }

    /** @return the mean of the per-class F1 scores weighted by support */
    public double weightedF1() {
        return mean(f1, support);
    }

    /** Mean of {@code v}, weighted by {@code weights} when not null. */
    private double mean(double[] v, long[] weights) {
        double sum = 0;
        double weight = 0;
        for (int k = 0; k < v.length; k++) {
            double w = weights == null ? 1 : weights[k];
            sum += w * v[k];
            weight += w;
        }
        return weight == 0 ? 0 : sum / weight;
    }

    /** The report laid out as sklearn prints it, two decimals. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%12s %9s %9s %9s %9s%n%n",
                "", "precision", "recall", "f1-score", "support"));
        for (int k = 0; k < precision.length; k++) {
            s.append(row(Integer.toString(k), precision[k], recall[k], f1[k], support[k]));
        }
        s.append(String.format(Locale.ROOT, "%n%12s %9s %9s %9.2f %9d%n", "accuracy", "", "", accuracy, total));
        s.append(row("macro avg", macroPrecision(), macroRecall(), macroF1(), total));
        s.append(row("weighted avg", weightedPrecision(), weightedRecall(), weightedF1(), total));
        return s.toString();
    }

    private static String row(String label, double p, double r, double f, long n) {
        return String.format(Locale.ROOT, "%12s %9.2f %9.2f %9.2f %9d%n", label, p, r, f, n);
    }
}
