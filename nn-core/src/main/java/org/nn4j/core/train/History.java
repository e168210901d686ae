package org.nn4j.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Per-epoch measurements of one {@link Trainer#fit}, in order, for plotting and for deciding
 * what to do next. Series are plain lists of doubles, one entry per epoch run.
 */
public final class History {

    private final List<EpochStats> epochs = new ArrayList<>();
    private int bestEpoch;
    private boolean stoppedEarly;
    private boolean restoredBest;

    void add(EpochStats stats) {
        epochs.add(stats);
    }

    void setBestEpoch(int bestEpoch) {
        this.bestEpoch = bestEpoch;
    }

    void setStoppedEarly() {
        this.stoppedEarly = true;
    }

    void setRestoredBest() {
        this.restoredBest = true;
    }

    /** {@return every epoch's measurements, in order, read-only} */
    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** {@return the number of epochs run (fewer than asked for after early stopping)} */
    public int size() {
        return epochs.size();
    }

    /** {@return the last epoch's measurements} */
    public EpochStats last() {
        return epochs.get(epochs.size() - 1);
    }

    /** @return each epoch's mean training loss, in order */
    public List<Double> trainLoss() {
        return series(EpochStats::trainLoss);
    }

    /** @return each epoch's training accuracy, in order (NaN where accuracy was not measured) */
    public List<Double> trainAccuracy() {
        return series(EpochStats::trainAccuracy);
    }

    /** @return each epoch's validation loss, in order (NaN without validation data) */
    public List<Double> validationLoss() {
        return series(EpochStats::validationLoss);
    }

    /** @return each epoch's validation accuracy, in order (NaN where it was not measured) */
    public List<Double> validationAccuracy() {
        return series(EpochStats::validationAccuracy);
    }

    /** @return the optimizer's learning rate at the start of each epoch, in order */
    public List<Double> learningRate() {
        return series(EpochStats::learningRate);
    }

    /**
     * @return each epoch's mean total gradient norm before clipping, in order (NaN where
     *     {@link Trainer#clipGradNorm} was off; clip at {@code +∞} to record it without clipping)
     */
    public List<Double> gradNorm() {
        return series(EpochStats::gradNorm);
    }

    /** {@return the 1-based epoch with the lowest monitored loss (validation loss, else training loss)} */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** {@return whether early stopping ended training before the last epoch} */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** {@return whether the network's parameters were set back to those of {@link #bestEpoch()}} */
    public boolean restoredBest() {
        return restoredBest;
    }

    private List<Double> series(ToDoubleFunction<EpochStats> f) {
        List<Double> s = new ArrayList<>(epochs.size());
        epochs.forEach(e -> s.add(f.applyAsDouble(e)));
        return s;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (EpochStats e : epochs) {
            s.append("epoch ").append(e.epoch()).append(": ").append(e.metrics()).append('\n');
        }
        return s.append("best epoch ").append(bestEpoch).append(stoppedEarly ? " (stopped early)" : "").toString();
    }
}
