package org.nn4j.core.train;

import java.util.Locale;

/**
 * What one epoch of {@link Trainer#fit} measured. Values that were not measured (accuracy when
 * it is off, validation without validation data) are {@code NaN}.
 *
 * @param epoch              1-based
 * @param trainLoss          mean loss over the epoch's training batches (weighted by batch size),
 *                           measured while the parameters moved, as Keras and PyTorch loops report it
 * @param trainAccuracy      fraction correct over the epoch's training batches
 * @param validationLoss     mean loss over the validation batches, in eval mode, after the epoch
 * @param validationAccuracy fraction correct over the validation batches
 * @param learningRate       the optimizer's learning rate at the start of the epoch (during all of it,
 *                           unless a schedule steps per iteration)
 * @param gradNorm           the mean over the epoch's optimizer updates of the total gradient norm
 *                           before clipping; NaN without {@link Trainer#clipGradNorm}
 * @param seconds            wall time of the epoch, validation included
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, double gradNorm, double seconds) {

    /**
     * {@return the measurements as one line, e.g. "loss 0.1234, accuracy 0.9500, val_loss 0.2345, val_accuracy 0.9300, grad_norm 1.2345, lr 0.01, 1.2 s", leaving out NaNs}
     */
    public String metrics() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", trainLoss));
        append(s, "accuracy", trainAccuracy);
        append(s, "val_loss", validationLoss);
        append(s, "val_accuracy", validationAccuracy);
        append(s, "grad_norm", gradNorm);
        s.append(String.format(Locale.ROOT, ", lr %.4g, %.1f s", learningRate, seconds));
        return s.toString();
    }

    private static void append(StringBuilder s, String name, double value) {
        if (!Double.isNaN(value)) {
            s.append(String.format(Locale.ROOT, ", %s %.4f", name, value));
        }
    }
}
