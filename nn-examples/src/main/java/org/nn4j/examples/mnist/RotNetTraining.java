package org.nn4j.examples.mnist;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * Classifier training for the RotNet experiment: cross-entropy on logits, mini-batches, and one
 * optimizer per group of parameters (a pre-trained body and a new head learn at different rates).
 */
final class RotNetTraining {

    /** Parameters that one optimizer updates. */
    record Group(List<Parameter> parameters, Optimizer optimizer) {
    }

    private RotNetTraining() {
    }

    /**
     * Trains {@code net} for {@code epochs} on (x, class labels).
     *
     * @param x not modified
     * @return the mean training loss of every epoch
     */
    static List<Double> fit(Module net, INDArray x, int[] labels, int epochs, int batch, long seed, List<Group> groups) {
        Loss loss = new CrossEntropyLoss();
        DataLoader batches = new DataLoader(x, Nd4j.createFromArray(labels), batch, seed);
        List<Double> losses = new ArrayList<>();
        net.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            for (Batch b : batches) {
                sum += step(net, loss, b, groups) * b.size();
            }
            losses.add(sum / labels.length);
        }
        return losses;
    }

    /** One iteration, in the step workspace as Optim.step's; returns the batch's loss before the update. */
    static double step(Module net, Loss loss, Batch b, List<Group> groups) {
        try (MemoryWorkspace step = Workspaces.step()) {
            INDArray logits = net.forward(b.x());
            double value = loss.forward(b.y(), logits);
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("RotNet training: the loss is " + value);
            }
            net.backward(b.x(), loss.backward(b.y(), logits), false);
            for (Group g : groups) {
                g.optimizer().step(g.parameters());
            }
            net.zeroGrad();
            return value;
        }
    }

    /** Test accuracy of {@code net} on (x, labels), in evaluation mode, 500 images at a time. */
    static double accuracy(Module net, INDArray x, int[] labels) {
        return Accuracy.of(MnistAutoencoderData.forward(net, x, 500), Nd4j.createFromArray(labels));
    }
}
