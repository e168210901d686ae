package org.nn4j.examples.mnist;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Affine;
import org.nn4j.data.Normalise;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/**
 * Four convolutional networks on MNIST (CNN1, CNN2, CNN 16-32, CNN2 augmented), one experiment
 * name per network so that
 * {@code ./nn4j run mnist-cnn} is the README's main command (CNN2). All train the same way: Adam
 * 1e-3, batch 64, cosine annealing with T_max = the epochs (epoch e, from 0, runs at
 * 1e-3·(1 + cos(π·e/T_max))/2), inputs normalised with MNIST's mean and std.
 * {@code mnist-cnn-augmented} trains CNN2 longer on randomly rotated (±10°) and zoomed (±10%)
 * training images, a new draw every batch. Epochs are few because a CNN epoch takes minutes on
 * the shared 2-core machine. The test set is watched after every epoch (the curves) but chooses
 * nothing: the reported accuracy is the last epoch's.
 */
public final class MnistCnn implements Experiment {

    private final String name;
    private final String description;
    private final Supplier<Sequential> network;
    private final int epochs;
    private final boolean withAugmentation;

    private MnistCnn(String name, String description, Supplier<Sequential> network, int epochs) {
        this(name, description, network, epochs, false);
    }

    private MnistCnn(String name, String description, Supplier<Sequential> network, int epochs, boolean withAugmentation) {
        this.name = name;
        this.description = description;
        this.network = network;
        this.epochs = epochs;
        this.withAugmentation = withAugmentation;
    }

    /** CNN1: Conv 32 3×3, ReLU, MaxPool 2, Flatten, Linear 10. */
    public static MnistCnn cnn1() {
        return new MnistCnn("mnist-cnn1", "CNN1 on MNIST: Conv 32 3x3-ReLU-MaxPool-Linear 10, Adam",
                () -> new Sequential(new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
                        new Linear(32 * 13 * 13, 10)), 2);
    }

    /** CNN2, the main example: Conv 32 3×3, MaxPool, Conv 64 3×3, MaxPool, Linear 128, ReLU, Linear 10. */
    public static MnistCnn cnn2() {
        return new MnistCnn("mnist-cnn", "CNN2 on MNIST (the main example): Conv 32-Conv 64-Linear 128-10, Adam",
                MnistCnn::cnn2Network, 4);
    }

    /** CNN2 for longer, on rotated and zoomed training images: the attempt at 99.3%. */
    public static MnistCnn cnn2Augmented() {
        return new MnistCnn("mnist-cnn-augmented", "CNN2 on MNIST, 5 epochs on randomly rotated/zoomed images, Adam",
                MnistCnn::cnn2Network, 5, true);
    }

    static Sequential cnn2Network() {
        return new Sequential(new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
                new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(64 * 5 * 5, 128), new ReLU(), new Linear(128, 10));
    }

    /** The 16/32 CNN: two 5×5 "same" convolutions of 16 and 32 channels, each pooled, then Linear 10. */
    public static MnistCnn cnn1632() {
        return new MnistCnn("mnist-cnn-16-32", "CNN 16/32 5x5 'same' on MNIST: Conv 16-Conv 32-Linear 10, Adam",
                () -> new Sequential(new Conv2D(1, 16, 5, 1, "same"), new ReLU(), new MaxPool2D(2),
                        new Conv2D(16, 32, 5, 1, "same"), new ReLU(), new MaxPool2D(2), new Flatten(),
                        new Linear(32 * 7 * 7, 10)), 3);
    }

    /**
     * {@code ./nn4j run mnist-cnn --model cnn1|cnn2|cnn-16-32|cnn2-augmented}: the four CNNs
     * behind one experiment, so that their sizes and accuracies can be compared from one command
     * (each is also listed under its own name).
     */
    @Override
    public Experiment withModel(String model) {
        return switch (model) {
            case "cnn1" -> cnn1();
            case "cnn2" -> cnn2();
            case "cnn-16-32" -> cnn1632();
            case "cnn2-augmented" -> cnn2Augmented();
            default -> throw new IllegalArgumentException("mnist-cnn: unknown --model '" + model
                    + "'; known: cnn1, cnn2, cnn-16-32, cnn2-augmented");
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public java.util.Set<String> datasets() {
        return java.util.Set.of("mnist");
    }

    @Override
    public void run(RunContext context) throws Exception {
        // 500 images in quick mode: a CNN step costs ten MLP steps
        MnistClassifierData data = MnistClassifierData.load(context, 500);
        int runEpochs = context.pick(epochs, 2); // two points: the test checks that the loss fell
        int batchSize = 64;
        var test = Normalise.MNIST.apply(data.test().images());

        Sequential net = network.get();
        long parameters = ClassifierReport.parameterCount(net);
        context.log("%s", Summary.of(net, 1, 1, 28, 28));
        Adam adam = new Adam(1e-3);
        Trainer trainer = new Trainer(net, new CrossEntropyLoss(), adam).restoreBest(false)
                .schedule(new CosineAnnealingLR(adam, runEpochs));
        // pixels stay in [0, 1] until a batch is drawn, so that rotations fill with 0, the background
        AtomicLong draws = new AtomicLong(context.seed() * 1_000_003L);
        DataLoader loader = new DataLoader(data.train().images(), data.train().oneHot(), batchSize, context.seed())
                .map(b -> new Batch(Normalise.MNIST.apply(withAugmentation
                        ? Affine.random(b.x(), 10, 0.1, draws.incrementAndGet()) : b.x()), b.y()));
        DataLoader testLoader = new DataLoader(test, data.test().oneHot(), 1_000, false, false, 0);
        History history = trainer.fit(loader, testLoader, runEpochs);

        ConfusionMatrix m = ClassifierReport.confusion(net, test, data.test().labels());
        ClassifierReport.curves(context, history);
        ClassifierReport.confusionAndDigits(context, m, "last epoch");
        context.results().figure("parameters", parameters)
                .config("network", net.toString().replace('\n', ' '))
                .config("parameters", parameters)
                .config("optimizer", "Adam lr 1e-3, CosineAnnealingLR T_max " + runEpochs + " epochs, batch " + batchSize)
                .config("epochs", runEpochs)
                .config("input", "normalised (x - 0.1307) / 0.3081")
                .config("augmentation", withAugmentation ? "random rotation ±10° and zoom ±10% of every training image, redrawn each batch" : "none")
                .config("training_images", data.train().size()).config("test_images", data.test().size());
        context.log("%s: %,d parameters, test accuracy %.2f%%; plots in %s", name, parameters, 100 * m.accuracy(),
                context.outDir().toAbsolutePath());
    }

}
