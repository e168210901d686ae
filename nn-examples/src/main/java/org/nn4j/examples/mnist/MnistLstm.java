package org.nn4j.examples.mnist;

import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Normalise;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.LSTM;
import org.nn4j.layers.Linear;
import org.nn4j.layers.Narrow;
import org.nn4j.layers.Reshape;

/**
 * Row-by-row sequential MNIST: each image is read as a sequence of its 28 rows of 28 pixels by an LSTM of 128
 * units, whose hidden state after the last row goes to Linear 128 → 10. Adam 2e-3 with cosine annealing over
 * 10 epochs, batch 128, gradients clipped to a norm of 1. The same model and protocol in PyTorch:
 * {@code benchmarks/peers/pytorch_mnist_lstm.py}.
 */
public final class MnistLstm implements Experiment {

    private static final int EPOCHS = 10;
    private static final int BATCH = 128;
    private static final int HIDDEN = 128;

    @Override
    public String name() {
        return "mnist-lstm";
    }

    @Override
    public String description() {
        return "LSTM 128 over the 28 rows of MNIST images, Linear 10, Adam 2e-3, cosine, 10 epochs";
    }

    @Override
    public Set<String> datasets() {
        return Set.of("mnist");
    }

    /** {@return the network: [N, 784] pixels → 28 rows → LSTM 128 → last hidden state → Linear 10} */
    public static Sequential network() {
        return network(28, 28, HIDDEN);
    }

    /**
     * The network for images of any size: {@code [N, rows·columns]} pixels → {@code rows} rows →
     * LSTM {@code hidden} → last hidden state → Linear 10.
     *
     * @param rows    the steps of the sequence
     * @param columns the features of a step
     * @param hidden  the LSTM's units
     * @return the network, taking {@code [N, rows·columns]}
     */
    public static Sequential network(int rows, int columns, int hidden) {
        return new Sequential(new Reshape(rows, columns), new LSTM(columns, hidden), new Narrow(1, -1, 1),
                new Reshape(hidden), new Linear(hidden, 10));
    }

    @Override
    public void run(RunContext context) throws Exception {
        MnistClassifierData data = MnistClassifierData.load(context);
        int epochs = context.pick(EPOCHS, 2);
        INDArray train = Normalise.MNIST.apply(data.train().features());
        INDArray test = Normalise.MNIST.apply(data.test().features());

        Sequential net = network();
        context.log("%s", Summary.of(net, 1, 784));
        Adam adam = new Adam(2e-3);
        Trainer trainer = new Trainer(net, new CrossEntropyLoss(), adam).restoreBest(false)
                .schedule(new CosineAnnealingLR(adam, epochs)).clipGradNorm(1.0);
        History history = trainer.fit(new DataLoader(train, data.train().oneHot(), BATCH, context.seed()),
                new DataLoader(test, data.test().oneHot(), 1_000, false, false, 0), epochs);

        ConfusionMatrix m = ClassifierReport.confusion(net, test, data.test().labels());
        ClassifierReport.curves(context, history);
        ClassifierReport.confusionAndDigits(context, m, "after " + epochs + " epochs");
        long parameters = ClassifierReport.parameterCount(net);
        context.results().figure("parameters", parameters)
                .config("network", "rows as time steps: LSTM(28, " + HIDDEN + "), last hidden state, Linear("
                        + HIDDEN + ", 10)")
                .config("loss", "cross-entropy")
                .config("optimizer", "Adam lr 2e-3, CosineAnnealingLR T_max " + epochs + " epochs, batch " + BATCH
                        + ", gradient norm clipped to 1")
                .config("epochs", epochs).config("input", "normalised (x - 0.1307) / 0.3081")
                .config("training_images", data.train().size()).config("test_images", data.test().size());
        context.log("%s: %,d parameters, test accuracy %.2f%%", name(), parameters, 100 * m.accuracy());
    }
}
