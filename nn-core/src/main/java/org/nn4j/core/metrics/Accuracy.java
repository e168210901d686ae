package org.nn4j.core.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * Classification accuracy of a batch of predictions, with batch-wide ND4J ops.
 *
 * <ul>
 *   <li>prediction {@code [N, C]} with C ≥ 2 (scores, logits or probabilities): the predicted
 *       class is the argmax of each row; the target is class indices {@code [N]} or
 *       {@code [N, 1]}, or one-hot {@code [N, C]} (its argmax);</li>
 *   <li>prediction {@code [N, 1]} or {@code [N]} (a single output): class 1 when it is above the
 *       threshold — {@value #PROBABILITY_THRESHOLD} for a probability (a sigmoid output), {@value #LOGIT_THRESHOLD}
 *       for a logit (what {@code BCEWithLogitsLoss} takes); the target holds 0/1 (thresholded at ½).</li>
 * </ul>
 */
public final class Accuracy {

    /** A one-column probability says class 1 above this. */
    public static final double PROBABILITY_THRESHOLD = 0.5;
    /** A one-column logit says class 1 above this. */
    public static final double LOGIT_THRESHOLD = 0;

    private Accuracy() {
    }

    /**
     * The fraction of correct predictions.
     *
     * @param prediction not modified
     * @param target     not modified
     * @return correct predictions / N
     */
    public static double of(INDArray prediction, INDArray target) {
        return of(prediction, target, PROBABILITY_THRESHOLD);
    }

    /**
     * {@link #of(INDArray, INDArray)} with a one-column prediction read as class 1 above {@code threshold}.
     *
     * @param prediction not modified
     * @param target     not modified
     * @param threshold  for a one-column prediction: 0.5 for probabilities, 0 for logits
     * @return correct predictions / N
     */
    public static double of(INDArray prediction, INDArray target, double threshold) {
        return (double) correct(prediction, target, threshold) / prediction.size(0);
    }

    /**
     * How many predictions of the batch are correct (for accumulating over batches).
     *
     * @param prediction not modified
     * @param target     not modified
     * @return the number of correct predictions
     * @throws IllegalArgumentException when the shapes fit none of the layouts above
     */
    public static long correct(INDArray prediction, INDArray target) {
        return correct(prediction, target, PROBABILITY_THRESHOLD);
    }

    /**
     * {@link #correct(INDArray, INDArray)} with a one-column prediction read as class 1 above {@code threshold}.
     *
     * @param prediction not modified
     * @param target     not modified
     * @param threshold  for a one-column prediction: 0.5 for probabilities, 0 for logits
     * @return the number of correct predictions
     */
    public static long correct(INDArray prediction, INDArray target, double threshold) {
        return predictedClasses(prediction, threshold).eq(targetClasses(target, prediction)).castTo(DataType.INT)
                .sumNumber().longValue();
    }

    /**
     * The predicted class of every sample, {@code [N]} int64.
     *
     * @param prediction not modified
     * @return a new {@code [N]} int64 array
     */
    public static INDArray predictedClasses(INDArray prediction) {
        return predictedClasses(prediction, PROBABILITY_THRESHOLD);
    }

    /**
     * {@link #predictedClasses(INDArray)} with a one-column prediction read as class 1 above {@code threshold}.
     *
     * @param prediction not modified
     * @param threshold  for a one-column prediction: 0.5 for probabilities, 0 for logits
     * @return a new {@code [N]} int64 array
     */
    public static INDArray predictedClasses(INDArray prediction, double threshold) {
        if (isBinary(prediction)) {
            return prediction.reshape(prediction.size(0)).gt(threshold).castTo(DataType.LONG);
        }
        if (prediction.rank() != 2) {
            throw new IllegalArgumentException("Accuracy: expected a prediction [N, C] or [N, 1], found shape "
                    + Checks.shape(prediction));
        }
        return Nd4j.argMax(prediction, 1).reshape(prediction.size(0));
    }

    /**
     * The target class of every sample, {@code [N]} int64, in the layout {@code prediction} asks for.
     *
     * @param target     class indices {@code [N]}/{@code [N, 1]}, one-hot {@code [N, C]}, or 0/1 for a
     *                   single output; not modified
     * @param prediction only its shape is used; not modified
     * @return a new {@code [N]} int64 array
     */
    public static INDArray targetClasses(INDArray target, INDArray prediction) {
        long n = prediction.size(0);
        if (target.rank() == 0 || target.size(0) != n) {
            throw new IllegalArgumentException("Accuracy: prediction " + Checks.shape(prediction) + " and target "
                    + Checks.shape(target) + " have different batch sizes");
        }
        boolean column = target.rank() == 1 || (target.rank() == 2 && target.size(1) == 1);
        if (isBinary(prediction)) {
            if (!column) {
                throw new IllegalArgumentException("Accuracy: a single-output prediction " + Checks.shape(prediction)
                        + " needs a 0/1 target [N] or [N, 1], found " + Checks.shape(target));
            }
            return target.reshape(n).gt(0.5).castTo(DataType.LONG);
        }
        if (column) {
            return target.reshape(n).castTo(DataType.LONG);
        }
        if (target.rank() == 2 && target.size(1) == prediction.size(1)) {
            return Nd4j.argMax(target, 1).reshape(n);
        }
        throw new IllegalArgumentException("Accuracy: for a prediction " + Checks.shape(prediction)
                + " expected a target of class indices [" + n + "] or [" + n + ", 1], or one-hot " + Checks.shape(prediction)
                + ", found " + Checks.shape(target));
    }

    private static boolean isBinary(INDArray prediction) {
        return prediction.rank() == 1 || (prediction.rank() == 2 && prediction.size(1) == 1);
    }
}
