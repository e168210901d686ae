package org.nn4j.examples.resnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.SampleTransform;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Cifar10;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.ImageSet;
import org.nn4j.data.augment.Compose;
import org.nn4j.data.augment.Normalize;
import org.nn4j.data.augment.RandomCrop;
import org.nn4j.data.augment.RandomHorizontalFlip;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.mnist.ClassifierReport;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * A basic-block ResNet ({@link ResNets}) trained with crop-and-flip augmentation: {@code fashion-resnet} on
 * Fashion-MNIST, {@code cifar10-resnet} on CIFAR-10. The protocol is that of
 * {@code benchmarks/peers/pytorch_fashion_resnet.py}: SGD 0.1 with Nesterov momentum 0.9 and weight decay 5e-4,
 * batch 128, cosine annealing to 0 over the epochs (per epoch), cross-entropy; training images get a random crop of the
 * zero-padded image and a horizontal flip with probability 1/2 (redrawn every epoch, on two worker threads), then
 * per-channel normalisation. The test set is evaluated after every epoch and chooses nothing: the reported accuracy
 * is the last epoch's.
 */
public final class ResNetExperiment implements Experiment {

    private final String name;
    private final String description;
    private final Dataset dataset;
    private final int width;
    private final int epochs;

    /** Training images per batch. */
    public static final int BATCH = 128;

    /** Where the images come from and how they are normalised and cropped. */
    private enum Dataset {
        FASHION("fashion-mnist", 1, 28, 2, new double[] {0.2860}, new double[] {0.3530}),
        CIFAR10("cifar-10", 3, 32, 4, new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});

        final String folder;
        final int channels;
        final int side;
        final int padding;
        final double[] mean;
        final double[] std;

        Dataset(String folder, int channels, int side, int padding, double[] mean, double[] std) {
            this.folder = folder;
            this.channels = channels;
            this.side = side;
            this.padding = padding;
            this.mean = mean;
            this.std = std;
        }
    }

    private ResNetExperiment(String name, String description, Dataset dataset, int width, int epochs) {
        this.name = name;
        this.description = description;
        this.dataset = dataset;
        this.width = width;
        this.epochs = epochs;
    }

    /** {@return the Fashion-MNIST experiment: width 16, 2 blocks per stage (174,970 parameters), 20 epochs} */
    public static ResNetExperiment fashion() {
        return new ResNetExperiment("fashion-resnet", "ResNet (3 stages x 2 basic blocks, width 16) on Fashion-MNIST,"
                + " crop+flip, SGD Nesterov, cosine, 20 epochs", Dataset.FASHION, 16, 20);
    }

    /**
     * {@return the CIFAR-10 experiment: width 16, 2 blocks per stage, 30 epochs; in quick mode without the data it
     * trains on generated colour images}
     */
    public static ResNetExperiment cifar10() {
        return new ResNetExperiment("cifar10-resnet", "ResNet (3 stages x 2 basic blocks, width 16) on CIFAR-10,"
                + " crop+flip, SGD Nesterov, cosine, 30 epochs", Dataset.CIFAR10, 16, 30);
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
    public Set<String> datasets() {
        // CIFAR-10 runs in quick mode on generated images when the data is missing
        return dataset == Dataset.FASHION ? Set.of(dataset.folder) : Set.of();
    }

    @Override
    public void run(RunContext context) throws Exception {
        ImageSet[] data = load(context);
        ImageSet train = data[0];
        ImageSet test = data[1];
        int runEpochs = context.pick(epochs, 2);
        Sequential net = network();
        long parameters = ClassifierReport.parameterCount(net);
        context.log("%s", Summary.of(net, 1, dataset.channels, dataset.side, dataset.side));
        TimedBatches loader = new TimedBatches(trainLoader(train, context.seed()));
        DataLoader testLoader = testLoader(test);
        List<Double> stalls = new ArrayList<>();
        Trainer trainer = trainer(net, runEpochs).onEpoch(h -> stalls.add(loader.takeSeconds()));
        History history = trainer.fit(loader, testLoader, runEpochs);

        ConfusionMatrix m = ClassifierReport.confusion(net, normalised(test.images()), test.labels());
        ClassifierReport.curves(context, history);
        context.results().figure("test_accuracy", m.accuracy())
                .figure("parameters", parameters)
                .figure("data_wait_seconds_per_epoch", stalls.stream().mapToDouble(Double::doubleValue).average()
                        .orElse(Double.NaN))
                .series("data_wait_seconds", stalls)
                .config("network", "basic-block ResNet, width " + width + ", 2 blocks per stage, "
                        + parameters + " parameters")
                .config("optimizer", "SGD lr 0.1, Nesterov momentum 0.9, weight decay 5e-4, CosineAnnealingLR T_max "
                        + runEpochs + " epochs, batch " + BATCH)
                .config("augmentation", augmentation() + ", 2 prefetching workers")
                .config("epochs", runEpochs)
                .config("training_images", train.size()).config("test_images", test.size());
        context.log("%s", m);
        context.log("%s: %,d parameters, test accuracy %.2f%%, %.1f s per epoch, of which %.2f s waiting for data;"
                        + " plots in %s", name, parameters, 100 * m.accuracy(),
                history.epochs().stream().mapToDouble(e -> e.seconds()).average().orElse(Double.NaN),
                stalls.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                context.outDir().toAbsolutePath());
    }

    /** {@return the network: width {@code width}, 2 basic blocks per stage, 10 classes} */
    public Sequential network() {
        return ResNets.basicBlocks(dataset.channels, width, 2, 10);
    }

    /** {@return the training images' augmentation: crop of the zero-padded image, flip, per-channel normalisation} */
    public SampleTransform augmentation() {
        return Compose.of(new RandomCrop(dataset.side, dataset.padding), new RandomHorizontalFlip(),
                new Normalize(dataset.mean, dataset.std));
    }

    /**
     * The training batches: shuffled with {@code seed}, batch 128, augmented on two prefetching workers.
     *
     * @param train the training set
     * @param seed  the shuffling and augmentation seed
     * @return the loader
     */
    public DataLoader trainLoader(ImageSet train, long seed) {
        return new DataLoader(train.images(), train.oneHot(), BATCH, seed).transform(augmentation()).prefetch(2, 4);
    }

    /**
     * The test batches: normalised as the training images, in order, 1000 at a time.
     *
     * @param test the test set
     * @return the loader
     */
    public DataLoader testLoader(ImageSet test) {
        return new DataLoader(normalised(test.images()), test.oneHot(), 1_000, false, false, 0);
    }

    /**
     * The protocol's trainer: SGD 0.1, Nesterov momentum 0.9, weight decay 5e-4, cosine annealing over
     * {@code epochs}, cross-entropy, the last epoch's weights kept.
     *
     * @param net    the network
     * @param epochs the length of the schedule
     * @return the trainer
     */
    public static Trainer trainer(Sequential net, int epochs) {
        GradientDescent sgd = new GradientDescent(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4);
        return new Trainer(net, new CrossEntropyLoss(), sgd).restoreBest(false)
                .schedule(new CosineAnnealingLR(sgd, epochs));
    }

    private INDArray normalised(INDArray images) {
        long c = images.size(1);
        INDArray mean = Nd4j.createFromArray(dataset.mean).castTo(images.dataType()).reshape(1, c, 1, 1);
        INDArray std = Nd4j.createFromArray(dataset.std).castTo(images.dataType()).reshape(1, c, 1, 1);
        return images.sub(mean).div(std);
    }

    /** The training and test sets: the real ones, the first images of them in quick mode, or generated ones. */
    private ImageSet[] load(RunContext context) {
        int quickTrain = 512;
        int quickTest = 500;
        boolean generated = dataset == Dataset.CIFAR10 && context.quick()
                && !java.nio.file.Files.isDirectory(context.dataDir().resolve(Cifar10.FOLDER));
        if (generated) {
            context.log("%s: no %s/ in %s: quick mode trains on generated colour images", name, Cifar10.FOLDER,
                    context.dataDir().toAbsolutePath());
            return new ImageSet[] {colourBlobs(256, 1), colourBlobs(256, 2)};
        }
        ImageSet train = dataset == Dataset.FASHION ? FashionMnist.train(context.dataDir()) : Cifar10.train(context.dataDir());
        ImageSet test = dataset == Dataset.FASHION ? FashionMnist.test(context.dataDir()) : Cifar10.test(context.dataDir());
        if (context.quick()) {
            train = train.select(head(quickTrain));
            test = test.select(head(quickTest));
        }
        context.log("%s: %d training images, %d test images", dataset.folder, train.size(), test.size());
        return new ImageSet[] {train, test};
    }

    /**
     * Generated 32×32 colour images of 10 classes: class k is a square of colour k (a point of the RGB cube) at a
     * random place on a grey noisy background; a small ResNet learns them in a few steps.
     */
    static ImageSet colourBlobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int side = 32;
        float[] pixels = new float[n * 3 * side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(10);
            labels[i] = k;
            float[] colour = {(k & 1) * 0.8f + 0.1f, ((k >> 1) & 1) * 0.8f + 0.1f, ((k >> 2) & 1) * 0.8f + 0.1f};
            boolean big = k >= 8;
            int size = big ? 16 : 10;
            int top = rng.nextInt(side - size + 1);
            int left = rng.nextInt(side - size + 1);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        boolean inside = y >= top && y < top + size && x >= left && x < left + size;
                        float v = inside ? colour[c] : 0.5f;
                        pixels[((i * 3 + c) * side + y) * side + x] = v + (float) (0.05 * rng.nextGaussian());
                    }
                }
            }
        }
        return new ImageSet(Nd4j.createFromArray(pixels).reshape('c', n, 3L * side * side), labels, 10, 3, side, side);
    }

    private static int[] head(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
