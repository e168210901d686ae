package org.nn4j.examples.mnist;

import java.util.List;
import java.util.function.DoubleConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Module;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * Classifier training for the RotNet experiment: cross-entropy on logits, mini-batches, and a
 * {@link Trainer}; a pre-trained body and a new head learn at different rates through an
 * {@link org.nn4j.core.optim.ParameterGroups} optimizer.
 */
final class RotNetTraining {

    private RotNetTraining() {
    }

    /**
     * Trains {@code net} for {@code epochs} on (x, class labels).
     *
     * @param x           not modified
     * @param optimizer   updates every trained parameter of {@code net}
     * @param onIteration receives each batch's loss
     * @return the mean training loss of every epoch
     */
    static List<Double> fit(Module net, INDArray x, int[] labels, int epochs, int batch, long seed,
                            Optimizer optimizer, DoubleConsumer onIteration) {
        return new Trainer(net, new CrossEntropyLoss(), optimizer).accuracy(false).restoreBest(false)
                .progress(Progress.NONE).onIteration(onIteration)
                .fit(new DataLoader(x, Nd4j.createFromArray(labels), batch, seed), epochs).trainLoss();
    }

    /** {@link #fit(Module, INDArray, int[], int, int, long, Optimizer, DoubleConsumer)} without a per-batch callback. */
    static List<Double> fit(Module net, INDArray x, int[] labels, int epochs, int batch, long seed, Optimizer optimizer) {
        return fit(net, x, labels, epochs, batch, seed, optimizer, loss -> { });
    }

    /** Test accuracy of {@code net} on (x, labels), in evaluation mode, 500 images at a time. */
    static double accuracy(Module net, INDArray x, int[] labels) {
        return Accuracy.of(MnistAutoencoderData.forward(net, x, 500), Nd4j.createFromArray(labels));
    }
}
