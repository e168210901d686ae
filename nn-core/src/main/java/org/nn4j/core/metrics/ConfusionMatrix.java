package org.nn4j.core.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)}, rows are true classes and
 * columns predicted ones, as scikit-learn's {@code confusion_matrix}.
 */
public final class ConfusionMatrix {

    private final long[][] counts;
    private long total;

    /** An empty matrix for classes 0..numClasses−1, to {@link #add} batches to. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: expected at least 1 class, found " + numClasses);
        }
        counts = new long[numClasses][numClasses];
    }

    /** The matrix of two label vectors of equal length, every label in 0..numClasses−1. */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int numClasses) {
        ConfusionMatrix m = new ConfusionMatrix(numClasses);
        m.add(truth, predicted);
        return m;
    }

    /**
     * The matrix of a batch of predictions, decoded as {@link Accuracy} does (argmax, or a 0.5
     * threshold for a single output, which gives 2 classes).
     *
     * @param prediction not modified
     * @param target     not modified
     */
    public static ConfusionMatrix of(INDArray prediction, INDArray target) {
        int classes = prediction.rank() == 2 && prediction.size(1) > 1 ? Math.toIntExact(prediction.size(1)) : 2;
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.add(prediction, target);
        return m;
    }

    /**
     * Adds a batch of predictions.
     *
     * @param prediction not modified
     * @param target     not modified
     */
    public ConfusionMatrix add(INDArray prediction, INDArray target) {
        return add(Accuracy.targetClasses(target, prediction).toIntVector(),
                Accuracy.predictedClasses(prediction).toIntVector());
    }

    /** Adds pairs of labels; returns {@code this}. */
    public ConfusionMatrix add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + truth.length + " true labels but "
                    + predicted.length + " predicted labels");
        }
        for (int i = 0; i < truth.length; i++) {
            requireLabel("true", truth[i], i);
            requireLabel("predicted", predicted[i], i);
        }
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        total += truth.length;
        return this;
    }

    private void requireLabel(String which, int label, int index) {
        if (label < 0 || label >= counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + which + " label at index " + index + " is " + label
                    + ", expected 0.." + (counts.length - 1));
        }
    }

    /** @return the number of classes C: the matrix is C × C */
    public int numClasses() {
        return counts.length;
    }

    /** Samples of true class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** @return the number of samples added so far */
    public long total() {
        return total;
    }

    /** Correct predictions: the sum of the diagonal. */
    public long trace() {
        long t = 0;
        for (int c = 0; c < counts.length; c++) {
            t += counts[c][c];
        }
        return t;
    }

    /** trace / total (NaN when empty). */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) trace() / total;
    }

    /** Samples whose true class is {@code c} (row sum). */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Samples predicted as {@code c} (column sum). */
    public long predicted(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The matrix as a table, true classes down, predicted across. */
    @Override
    public String toString() {
        int width = Math.max(4, Long.toString(total).length() + 1);
        StringBuilder s = new StringBuilder("true\\pred");
        for (int p = 0; p < counts.length; p++) {
            s.append(String.format("%" + width + "d", p));
        }
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format("%n%9d", t));
            for (long v : counts[t]) {
                s.append(String.format("%" + width + "d", v));
            }
        }
        return s.toString();
    }
}
