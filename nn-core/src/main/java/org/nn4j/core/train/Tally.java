package org.nn4j.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.metrics.Accuracy;

/** Running sums over the batches of one pass: loss weighted by batch size, correct predictions. */
final class Tally {

    private final boolean accuracy;
    private final double threshold;
    private double lossSum;
    private long count;
    private long correct;

    /** @param threshold above which a one-column prediction is class 1 ({@link Accuracy#LOGIT_THRESHOLD} for logits) */
    Tally(boolean accuracy, double threshold) {
        this.accuracy = accuracy;
        this.threshold = threshold;
    }

    /**
     * @param prediction not modified
     * @param target     not modified
     */
    void add(double loss, INDArray prediction, INDArray target) {
        long n = prediction.size(0);
        if (accuracy) {
            correct += correct(prediction, target, threshold);
        }
        lossSum += loss * n;
        count += n;
    }

    double meanLoss() {
        return lossSum / count;
    }

    /** @param what names the batches in the error when there were none, e.g. "training batches of epoch 3" */
    Evaluation result(String what) {
        if (count == 0) {
            throw new IllegalArgumentException("Trainer: the " + what + " are empty");
        }
        return new Evaluation(meanLoss(), accuracy ? (double) correct / count : Double.NaN, count);
    }

    /** {@link Accuracy#correct}, with a hint for networks that are not classifiers. */
    private static long correct(INDArray prediction, INDArray target, double threshold) {
        try {
            return Accuracy.correct(prediction, target, threshold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (Trainer: for regression or autoencoders turn"
                    + " accuracy off with accuracy(false))", e);
        }
    }
}
