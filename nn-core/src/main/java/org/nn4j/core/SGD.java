package org.nn4j.core;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.optim.GradientDescent;

/**
 * A one-call training routine: mini-batch gradient descent of a network on (x, y), for a
 * number of epochs, returning the mean training loss of each epoch.
 *
 * <pre>{@code
 * List<Double> losses = SGD.fit(net, new MSELoss(), x, y, 32, 100, 1e-2, 42);
 * }</pre>
 */
public final class SGD {

    private SGD() {
    }

    /**
     * @param x            inputs, batch-first; not modified
     * @param y            targets, batch-first; not modified
     * @param batchSize    samples per mini-batch (the last one may be smaller)
     * @param epochs       passes over the data
     * @param learningRate step size of plain gradient descent
     * @param seed         seed of the shuffling
     * @return the mean loss over each epoch's batches, one entry per epoch
     */
    public static List<Double> fit(Module net, Loss loss, INDArray x, INDArray y,
                                   int batchSize, int epochs, double learningRate, long seed) {
        return fit(new Optim(net, loss, new GradientDescent(learningRate)),
                new Minibatches(x, y, batchSize, seed), epochs);
    }

    /** The same on any batch source and with any optimizer. */
    public static List<Double> fit(Optim optim, Batches batches, int epochs) {
        List<Double> history = new ArrayList<>(epochs);
        optim.net().train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            long count = 0;
            for (Batch b : batches) {
                sum += optim.step(b.x(), b.y()) * b.size();
                count += b.size();
            }
            history.add(sum / count);
        }
        return history;
    }

    /**
     * A fixed number of iterations (batches), for experiments counted in steps, cycling
     * through epochs as needed.
     *
     * @return the loss of every iteration
     */
    public static List<Double> iterate(Optim optim, Batches batches, int iterations) {
        List<Double> losses = new ArrayList<>(iterations);
        optim.net().train();
        while (losses.size() < iterations) {
            for (Batch b : batches) {
                if (losses.size() == iterations) {
                    break;
                }
                losses.add(optim.step(b.x(), b.y()));
            }
        }
        return losses;
    }
}
