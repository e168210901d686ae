package org.nn4j.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.core.train.TrainingDivergedException;

/**
 * Mini-batch gradient descent of a network on (x, y) in one call, for a number of epochs,
 * returning the mean training loss of each epoch: the shortest way to train a small network.
 *
 * <pre>{@code
 * List<Double> losses = SGD.fit(net, new MSELoss(), x, y, 32, 100, 1e-2, 42);
 * }</pre>
 *
 * <p>Which to use when: {@code SGD} runs {@link Trainer} quietly (no progress output, no
 * validation, no accuracy, the last parameters kept) and returns the losses as plain lists.
 * Use {@link Trainer} itself for anything more (validation data, early stopping, a learning-rate
 * schedule, a {@link org.nn4j.core.train.History}), and {@link Optim#step} to write your own loop
 * one step at a time.
 */
public final class SGD {

    private SGD() {
    }

    /**
     * Plain gradient descent on (x, y), shuffled each epoch.
     *
     * @param net          trained in place; left in training mode
     * @param loss         the loss minimised
     * @param x            inputs, batch-first; not modified
     * @param y            targets, batch-first; not modified
     * @param batchSize    samples per mini-batch (the last one may be smaller)
     * @param epochs       passes over the data
     * @param learningRate step size of plain gradient descent
     * @param seed         seed of the shuffling ({@link DataLoader})
     * @return the mean loss over each epoch's batches, one entry per epoch
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public static List<Double> fit(Module net, Loss loss, INDArray x, INDArray y,
                                   int batchSize, int epochs, double learningRate, long seed) {
        return fit(new Optim(net, loss, new GradientDescent(learningRate)),
                new DataLoader(x, y, batchSize, seed), epochs);
    }

    /**
     * The same on any batch source and with any optimizer.
     *
     * @param optim   the network, loss and optimizer to train with
     * @param batches one pass per epoch; its arrays are not modified
     * @param epochs  passes over the data (0 trains nothing)
     * @return the mean loss over each epoch's batches (weighted by batch size), one entry per epoch
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public static List<Double> fit(Optim optim, Batches batches, int epochs) {
        if (epochs == 0) {
            optim.net().train();
            return new ArrayList<>();
        }
        return new ArrayList<>(quiet(optim).fit(batches, epochs).trainLoss());
    }

    /**
     * A fixed number of iterations (batches), cycling through epochs as needed: the last
     * epoch stops part-way when {@code iterations} is not a multiple of the batches per epoch.
     *
     * @param optim      the network, loss and optimizer to train with
     * @param batches    each pass over it is one epoch; its arrays are not modified
     * @param iterations optimizer steps to take (0 takes none)
     * @return the loss of every iteration, computed before its update
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public static List<Double> iterate(Optim optim, Batches batches, int iterations) {
        List<Double> losses = new ArrayList<>(iterations);
        if (iterations == 0) {
            optim.net().train();
            return losses;
        }
        quiet(optim).onIteration(losses::add).fit(firstBatches(batches, iterations), 1);
        return losses;
    }

    /** A trainer that prints nothing, measures no accuracy and keeps the last parameters. */
    private static Trainer quiet(Optim optim) {
        return new Trainer(optim.net(), optim.loss(), optim.optimizer())
                .accuracy(false).restoreBest(false).progress(Progress.NONE);
    }

    /** The first {@code count} batches of epoch after epoch of {@code batches}, as one pass. */
    private static Batches firstBatches(Batches batches, long count) {
        return new Batches() {
            @Override
            public long batchesPerEpoch() {
                return count;
            }

            @Override
            public Iterator<Batch> iterator() {
                return new Iterator<>() {
                    private Iterator<Batch> epoch = batches.iterator();
                    private long left = count;

                    @Override
                    public boolean hasNext() {
                        if (left == 0) {
                            return false;
                        }
                        if (!epoch.hasNext()) {
                            epoch = batches.iterator();
                        }
                        return epoch.hasNext();
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        left--;
                        return epoch.next();
                    }
                };
            }
        };
    }
}
