package org.nn4j.core.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)}, rows are true classes and
 * columns predicted ones, as scikit-learn's {@code confusion_matrix}.
 */
public final class ConfusionMatrix {

    private final long[][] counts;
    private long total;

    /**
     * An empty matrix for classes 0..numClasses−1, to {@link #add} batches to.
     *
     * @param numClasses the number of classes C, at least 1
     * @throws IllegalArgumentException when {@code numClasses} is below 1
     */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: expected at least 1 class, found " + numClasses);
        }
        counts = new long[numClasses][numClasses];
    }

    /**
     * The matrix of two label vectors of equal length, every label in 0..numClasses−1.
     *
     * @param truth      the true classes; not modified
     * @param predicted  the predicted classes; not modified
     * @param numClasses the number of classes C
     * @return the matrix
     * @throws IllegalArgumentException when the lengths differ or a label is out of range
     */
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
     * @return the matrix, with C from the prediction's columns (2 for a single output)
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
     * @return {@code this}
     */
    public ConfusionMatrix add(INDArray prediction, INDArray target) {
        return add(Accuracy.targetClasses(target, prediction).toIntVector(),
                Accuracy.predictedClasses(prediction).toIntVector());
    }

    /**
     * Adds pairs of labels.
     *
     * @param truth     the true classes; not modified
     * @param predicted the predicted classes, as many; not modified
     * @return {@code this}
     * @throws IllegalArgumentException when the lengths differ or a label is out of range
     */
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

    /**
     * {@return the number of samples of true class {@code truth} predicted as {@code predicted}}
     *
     * @param truth     a class in 0..C−1
     * @param predicted a class in 0..C−1
     */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** @return the number of samples added so far */
    public long total() {
        return total;
    }

    /** {@return the number of correct predictions: the sum of the diagonal} */
    public long trace() {
        long t = 0;
        for (int c = 0; c < counts.length; c++) {
            t += counts[c][c];
        }
        return t;
    }

    /** {@return trace / total, NaN when empty} */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) trace() / total;
    }

    /**
     * {@return the number of samples whose true class is {@code c} (row sum)}
     *
     * @param c a class in 0..C−1
     */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /**
     * {@return the number of samples predicted as {@code c} (column sum)}
     *
     * @param c a class in 0..C−1
     */
    public long predicted(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** {@return a copy of the counts, {@code [true][predicted]}} */
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
