package org.nn4j.core.train;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.NonFiniteLossException;
import org.nn4j.core.Optim;
import org.nn4j.core.Workspaces;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.LRScheduler;
import org.nn4j.core.optim.Optimizer;

/**
 * The training loop: epochs of mini-batch steps on a network, a loss and an optimizer, with
 * validation after every epoch, a {@link History}, early stopping, best-parameter tracking and
 * a progress display.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(net, new MSELoss(), new Adam(1e-3)).earlyStopping(5);
 * History h = trainer.fit(trainLoader, validationLoader, 50);
 * System.out.println(h.bestEpoch() + " " + h.validationAccuracy());
 * }</pre>
 *
 * <p>Each iteration is {@link org.nn4j.core.Optim#step}'s sequence: forward, loss,
 * {@code net.backward(x, dL, false)}, optimizer step, zeroGrad. Training batches run in
 * {@link Module#train()} mode, validation in {@link Module#eval()} mode (Dropout off, BatchNorm's
 * running statistics), and the network is back in train mode afterwards. Training batches run
 * in the thread's step workspace, validation batches in its evaluation workspace ({@link Workspaces}).
 *
 * <p>Best epoch: after every epoch the monitored loss (validation loss, or the training loss
 * without validation data) is compared with the best so far. Unless {@link #restoreBest(boolean)
 * restoreBest(false)}, the state of the best epoch is kept (copied into arrays allocated once) and
 * put back when {@code fit} returns: the network's parameters, its buffers (BatchNorm's running
 * statistics) and the optimizer's state for every parameter (momentum, Adam's moments and step
 * count). So after {@code fit} the network and the optimizer are consistent, all from the best
 * epoch, and a {@link org.nn4j.core.io.Checkpoint} saved then resumes training from that epoch. The
 * learning rate is not rewound: a schedule stays where the last epoch left it. With
 * {@code restoreBest(false)} everything is the last epoch's. Early stopping ends training after
 * {@code patience} epochs without a strictly lower monitored loss.
 *
 * <p>Which to use when: {@code Trainer} is the training loop; {@link org.nn4j.core.SGD} is a
 * one-call shortcut that runs it quietly and returns the losses, and
 * {@link org.nn4j.core.Optim#step} is the single step for a loop of your own. To train parts of
 * the network at different rates, pass an {@link org.nn4j.core.optim.ParameterGroups} as the optimizer.
 *
 * <p>Per-step options, passed to the {@link Optim} it runs: {@link #accumulate(int) accumulate(k)}
 * (one optimizer update per k batches, gradients averaged over them; an epoch's last, incomplete
 * group of batches is applied at the epoch's end as their mean), {@link #clipGradNorm(double)} and
 * {@link #clipGradValue(double)}. The gradient norm before clipping is {@link #lastGradNorm()}, and
 * each epoch's mean is in the {@link History} ({@link History#gradNorm()}). A schedule steps after
 * every epoch or after every optimizer update:
 *
 * <pre>{@code
 * Optimizer sgd = new GradientDescent(0.05, 0.9);
 * int updates = epochs * (int) Math.ceil(train.batchesPerEpoch() / 4.0);
 * new Trainer(net, loss, sgd).accumulate(4).clipGradNorm(5.0)
 *         .schedule(new OneCycleLR(sgd, 0.5, updates), Trainer.Every.ITERATION)
 *         .fit(train, validation, epochs);
 * }</pre>
 */
public class Trainer {

    /** When a learning-rate schedule steps. */
    public enum Every {
        /** After every epoch (the default): for StepLR, CosineAnnealingLR, ExponentialLR by epochs. */
        EPOCH,
        /** After every optimizer update (every k-th batch with {@link #accumulate(int) accumulate(k)}): for OneCycleLR, warm-ups. */
        ITERATION
    }

    private final Module net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Optim optim;
    private boolean accuracy = true;
    private int patience;
    private boolean restoreBest = true;
    private LRScheduler scheduler;
    private Every scheduleEvery = Every.EPOCH;
    private Progress progress = Progress.AUTO;
    private PrintStream out = System.out;
    private Consumer<History> onEpoch = h -> { };
    private DoubleConsumer onIteration = value -> { };
    /** Iterations of the current fit so far, and the last finite loss: for TrainingDivergedException. */
    private long iteration;
    private double lastFiniteLoss;
    /** Sum of the current epoch's gradient norms (NaN without clipping by norm) and its number of updates. */
    private double epochGradNorm;
    private long epochUpdates;

    /**
     * A trainer for {@code net} on {@code loss} with {@code optimizer}, with the defaults: accuracy
     * measured, no early stopping, best epoch restored, no schedule, {@link Progress#AUTO} on
     * {@code System.out}.
     *
     * @param net the network to train; its parameters and buffers are updated in place
     * @param loss the loss, computed from the targets and the network's prediction
     * @param optimizer updates the network's parameters after every batch
     * @throws NullPointerException when an argument is null
     */
    public Trainer(Module net, Loss loss, Optimizer optimizer) {
        this.net = Objects.requireNonNull(net, "net");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.optim = new Optim(net, loss, optimizer);
    }

    /**
     * Whether to measure classification accuracy (on by default; off for regression, autoencoders).
     *
     * @param on {@code true} to measure accuracy; with {@code false} the accuracies in the
     *     {@link History} and {@link Evaluation} are NaN
     * @return this trainer
     */
    public Trainer accuracy(boolean on) {
        this.accuracy = on;
        return this;
    }

    /**
     * Stops after {@code patience} epochs without improvement of the monitored loss; 0 (the default) never stops.
     *
     * @param patience the number of epochs without a strictly lower monitored loss, &ge; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code patience} is negative
     */
    public Trainer earlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("Trainer: patience must be >= 0, found " + patience);
        }
        this.patience = patience;
        return this;
    }

    /**
     * Whether {@code fit} ends with the best epoch's parameters, buffers and optimizer state (the
     * default) or the last epoch's.
     *
     * @param restore {@code true} (the default) to restore the best epoch, {@code false} to keep the last
     * @return this trainer
     */
    public Trainer restoreBest(boolean restore) {
        this.restoreBest = restore;
        return this;
    }

    /**
     * A learning-rate schedule on this trainer's optimizer, stepped after every epoch.
     *
     * @param scheduler a schedule built on the optimizer given to this trainer's constructor
     * @return this trainer
     * @throws IllegalArgumentException when {@code scheduler} drives another optimizer
     */
    public Trainer schedule(LRScheduler scheduler) {
        return schedule(scheduler, Every.EPOCH);
    }

    /**
     * A learning-rate schedule on this trainer's optimizer, stepped after every epoch or after
     * every optimizer update; it replaces any schedule set before.
     *
     * @param scheduler a schedule built on the optimizer given to this trainer's constructor
     * @param every {@link Every#EPOCH} or {@link Every#ITERATION}
     * @return this trainer
     * @throws IllegalArgumentException when {@code scheduler} drives another optimizer
     * @throws NullPointerException when an argument is null
     */
    public Trainer schedule(LRScheduler scheduler, Every every) {
        Objects.requireNonNull(every, "every");
        if (scheduler.optimizer() != optimizer) {
            throw new IllegalArgumentException("Trainer: the scheduler drives " + scheduler.optimizer()
                    + ", not this trainer's optimizer " + optimizer);
        }
        this.scheduler = scheduler;
        this.scheduleEvery = every;
        return this;
    }

    /**
     * Clips the gradients to a total 2-norm of at most {@code maxNorm} before every update, as
     * {@link Optim#clipGradNorm(double)}; {@code +∞} only records the norm.
     *
     * @param maxNorm the largest total norm let through, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code maxNorm} is not &gt; 0
     */
    public Trainer clipGradNorm(double maxNorm) {
        optim.clipGradNorm(maxNorm);
        return this;
    }

    /**
     * Clips the gradients to a total {@code normType}-norm of at most {@code maxNorm} before every
     * update, as {@link Optim#clipGradNorm(double, double)} (a NaN or infinite norm is not an error,
     * as in PyTorch: the parameters it reaches become NaN, so the next loss is usually NaN and training
     * stops with a {@link TrainingDivergedException}).
     *
     * @param maxNorm the largest total norm let through, &gt; 0
     * @param normType p, &gt; 0, or {@code Double.POSITIVE_INFINITY}
     * @return this trainer
     * @throws IllegalArgumentException when {@code maxNorm} or {@code normType} is not &gt; 0
     */
    public Trainer clipGradNorm(double maxNorm, double normType) {
        optim.clipGradNorm(maxNorm, normType);
        return this;
    }

    /**
     * Clamps every gradient element to {@code [−clipValue, clipValue]} before every update, as
     * {@link Optim#clipGradValue(double)}.
     *
     * @param clipValue the largest |element| let through, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code clipValue} is not &gt; 0
     */
    public Trainer clipGradValue(double clipValue) {
        optim.clipGradValue(clipValue);
        return this;
    }

    /**
     * One optimizer update per {@code k} training batches, with the gradients averaged over them,
     * as {@link Optim#accumulate(int)}: with a mean loss and batches of equal size b this trains as
     * batches of k·b would. An epoch whose batch count is not a multiple of k ends with an update
     * on the mean of its last batches. {@link History} losses stay per batch.
     *
     * @param k batches per update, &ge; 1 (1, the default, updates after every batch)
     * @return this trainer
     * @throws IllegalArgumentException when {@code k} &lt; 1
     */
    public Trainer accumulate(int k) {
        optim.accumulate(k);
        return this;
    }

    /**
     * The total gradient norm before clipping of the last optimizer update.
     *
     * @return NaN without {@link #clipGradNorm} or before the first update
     */
    public double lastGradNorm() {
        return optim.lastGradNorm();
    }

    /**
     * How progress is shown ({@link Progress#AUTO} by default).
     *
     * @param progress the display mode
     * @return this trainer
     * @throws NullPointerException when {@code progress} is null
     */
    public Trainer progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Where progress goes (System.out by default).
     *
     * @param out the stream the progress display writes to; not closed by the trainer
     * @return this trainer
     * @throws NullPointerException when {@code out} is null
     */
    public Trainer output(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
        return this;
    }

    /**
     * Called after every epoch with the history so far (e.g. to update a plot).
     *
     * @param callback receives the history after each epoch's statistics are added
     * @return this trainer
     * @throws NullPointerException when {@code callback} is null
     */
    public Trainer onEpoch(Consumer<History> callback) {
        this.onEpoch = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /**
     * Called after every training iteration with that batch's loss (computed before the
     * update), e.g. to record a loss curve per iteration.
     *
     * @param callback receives each training batch's loss, in order
     * @return this trainer
     */
    public Trainer onIteration(DoubleConsumer callback) {
        this.onIteration = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /**
     * {@link #fit(Batches, Batches, int)} without validation data: the training loss is the monitored loss.
     *
     * @param train one pass per epoch; its arrays are not modified
     * @param epochs the maximum number of epochs, &ge; 1
     * @return the statistics of every epoch run, with the best epoch
     * @throws IllegalArgumentException when {@code epochs} &lt; 1
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public History fit(Batches train, int epochs) {
        return fit(train, null, epochs);
    }

    /**
     * Trains for up to {@code epochs} epochs.
     *
     * @param train      one pass per epoch; its arrays are not modified
     * @param validation evaluated after every epoch, or null
     * @param epochs     the maximum number of epochs, &ge; 1 (fewer with early stopping)
     * @return the statistics of every epoch run, with the best epoch
     * @throws IllegalArgumentException when {@code epochs} &lt; 1
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public History fit(Batches train, Batches validation, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Trainer: epochs must be at least 1, found " + epochs);
        }
        BestParameters best = new BestParameters(net, optimizer);
        History history = new History();
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        iteration = 0;
        lastFiniteLoss = Double.NaN;
        optim.discard();
        try (ProgressDisplay display = new ProgressDisplay(progress, out)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                display.startEpoch(epoch, epochs, train.batchesPerEpoch());
                double learningRate = optimizer.learningRate();
                Evaluation trained = trainEpoch(train, epoch, display);
                Evaluation validated = validation == null ? null : evaluate(validation);
                if (scheduler != null && scheduleEvery == Every.EPOCH) {
                    scheduler.step();
                }
                EpochStats stats = new EpochStats(epoch, trained.loss(), trained.accuracy(),
                        validated == null ? Double.NaN : validated.loss(),
                        validated == null ? Double.NaN : validated.accuracy(),
                        learningRate, epochGradNorm / epochUpdates, (System.nanoTime() - start) / 1e9);
                history.add(stats);
                double monitored = validated == null ? trained.loss() : validated.loss();
                if (monitored < bestLoss) {
                    bestLoss = monitored;
                    history.setBestEpoch(epoch);
                    sinceBest = 0;
                    if (restoreBest) {
                        best.keep();
                    }
                } else {
                    sinceBest++;
                }
                display.endEpoch(stats, epochs);
                onEpoch.accept(history);
                if (patience > 0 && sinceBest >= patience && epoch < epochs) {
                    history.setStoppedEarly();
                    break;
                }
            }
        }
        if (restoreBest && !best.isEmpty() && history.bestEpoch() != history.size()) {
            best.restore();
            history.setRestoredBest();
        }
        return history;
    }

    /**
     * One pass over {@code train}: Optim.step's sequence per batch, stopping at a non-finite loss,
     * then the update of an incomplete group of accumulated batches.
     */
    private Evaluation trainEpoch(Batches train, int epoch, ProgressDisplay display) {
        net.train();
        Tally tally = new Tally(accuracy, threshold());
        epochGradNorm = 0;
        epochUpdates = 0;
        long batch = 0;
        for (Batch b : train) {
            iteration++;
            batch++;
            Optim.Step step;
            try {
                step = optim.stepAndPredict(b.x(), b.y());
            } catch (NonFiniteLossException e) {
                throw new TrainingDivergedException(epoch, iteration, batch, e.value(), lastFiniteLoss);
            }
            lastFiniteLoss = step.loss();
            if (optim.lastStepUpdated()) {
                afterUpdate();
            }
            onIteration.accept(step.loss());
            tally.add(step.loss(), step.prediction(), b.y());
            display.batchDone(tally.meanLoss());
        }
        if (optim.flush()) {
            afterUpdate();
        }
        return tally.result("training batches of epoch " + epoch);
    }

    /** Adds the update's gradient norm to the epoch's and steps a per-iteration schedule. */
    private void afterUpdate() {
        epochGradNorm += optim.lastGradNorm();
        epochUpdates++;
        if (scheduler != null && scheduleEvery == Every.ITERATION) {
            scheduler.step();
        }
    }

    /**
     * The mean loss (and accuracy, when on) over {@code data} in eval mode, without touching
     * parameters or gradients; the network's mode is restored afterwards.
     *
     * @param data its arrays are not modified
     * @return the mean loss, the accuracy (NaN when accuracy is off) and the number of samples
     */
    public Evaluation evaluate(Batches data) {
        boolean wasTraining = net.isTraining();
        net.eval();
        try {
            Tally tally = new Tally(accuracy, threshold());
            long n = 0;
            for (Batch b : data) {
                n++;
                try (MemoryWorkspace batch = Workspaces.evaluation()) {
                    INDArray prediction = net.forward(b.x());
                    tally.add(loss.forward(b.y(), prediction), prediction, b.y());
                } catch (RuntimeException e) {
                    throw Workspaces.explain(e, "Trainer.evaluate (batch " + n + ")");
                }
            }
            return tally.result("evaluation batches");
        } finally {
            Workspaces.releaseEvaluation();
            if (wasTraining) {
                net.train();
            }
        }
    }

    /** Where a one-column prediction turns into class 1: the loss says whether it is a logit. */
    private double threshold() {
        return loss.takesLogits() ? Accuracy.LOGIT_THRESHOLD : Accuracy.PROBABILITY_THRESHOLD;
    }

    /**
     * The network this trainer trains.
     *
     * @return the network given to the constructor
     */
    public Module net() {
        return net;
    }

    /**
     * The loss this trainer minimizes.
     *
     * @return the loss given to the constructor
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The optimizer that updates the network's parameters.
     *
     * @return the optimizer given to the constructor
     */
    public Optimizer optimizer() {
        return optimizer;
    }
}
