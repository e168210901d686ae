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
 */
public class Trainer {

    private final Module net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Optim optim;
    private boolean accuracy = true;
    private int patience;
    private boolean restoreBest = true;
    private LRScheduler scheduler;
    private Progress progress = Progress.AUTO;
    private PrintStream out = System.out;
    private Consumer<History> onEpoch = h -> { };
    private DoubleConsumer onIteration = value -> { };
    /** Iterations of the current fit so far, and the last finite loss: for TrainingDivergedException. */
    private long iteration;
    private double lastFiniteLoss;

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
        if (scheduler.optimizer() != optimizer) {
            throw new IllegalArgumentException("Trainer: the scheduler drives " + scheduler.optimizer()
                    + ", not this trainer's optimizer " + optimizer);
        }
        this.scheduler = scheduler;
        return this;
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
        net.zeroGrad();
        try (ProgressDisplay display = new ProgressDisplay(progress, out)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                display.startEpoch(epoch, epochs, train.batchesPerEpoch());
                double learningRate = optimizer.learningRate();
                Evaluation trained = trainEpoch(train, epoch, display);
                Evaluation validated = validation == null ? null : evaluate(validation);
                if (scheduler != null) {
                    scheduler.step();
                }
                EpochStats stats = new EpochStats(epoch, trained.loss(), trained.accuracy(),
                        validated == null ? Double.NaN : validated.loss(),
                        validated == null ? Double.NaN : validated.accuracy(),
                        learningRate, (System.nanoTime() - start) / 1e9);
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

    /** One pass over {@code train}: Optim.step's sequence per batch, stopping at a non-finite loss. */
    private Evaluation trainEpoch(Batches train, int epoch, ProgressDisplay display) {
        net.train();
        Tally tally = new Tally(accuracy, threshold());
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
            onIteration.accept(step.loss());
            tally.add(step.loss(), step.prediction(), b.y());
            display.batchDone(tally.meanLoss());
        }
        return tally.result("training batches of epoch " + epoch);
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
