package org.nn4j.examples.usps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Affine;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Splits;
import org.nn4j.data.Usps;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.Conv1D;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool1D;
import org.nn4j.layers.ReLU;

/**
 * A 1-D convolutional network on the 256 pixels of a USPS digit read
 * as a sequence (row after row), {@code Conv1D(1→32, k=3)–MaxPool1D(2,2)–Flatten–Linear(4064,100)
 * –ReLU–Linear(100,10)}, cross-entropy on the logits. First with 200 training images and
 * batches of 20, read after 100 and 250 epochs, where the reference figures are taken (the first 200 images, then 20
 * of each class, then 20 of each class with random rotations and zooms); then on the whole
 * training set.
 */
public final class UspsConv1D implements Experiment {

    private static final int SMALL_BATCH = 20;
    private static final int FULL_BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;
    private static final double MAX_DEGREES = 12;
    private static final double MAX_ZOOM = 0.1;

    @Override
    public String name() {
        return "usps-conv1d";
    }

    @Override
    public String description() {
        return "USPS Conv1D(1,32,3)-MaxPool1D-Linear(4064,100)-ReLU-Linear(100,10) on 200 images and on the full set";
    }

    @Override
    public Set<String> datasets() {
        return Set.of(Usps.FOLDER);
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        ImageSet train = Usps.train(ctx.dataDir());
        ImageSet test = Usps.test(ctx.dataDir());
        if (ctx.quick()) {
            test = test.select(IntStream.range(0, 300).toArray());
        }
        int smallSize = ctx.pick(200, 60);
        int epochs = ctx.pick(250, 4);
        int midEpochs = ctx.pick(100, 2);
        int every = ctx.pick(25, 2);
        int fullEpochs = ctx.pick(15, 2);
        Results r = ctx.results();
        r.config("network", network(ctx.seed()).toString().replace('\n', ' '))
                .config("loss", "CrossEntropyLoss on the logits").config("optimizer", "Adam, lr " + LEARNING_RATE)
                .config("input", "the 256 pixels in [0, 1] as a sequence [N, 1, 256], row after row")
                .config("small_sets", smallSize + " images (200 in full mode), batch " + SMALL_BATCH + ", " + epochs + " epochs, test accuracy read after "
                        + midEpochs + " and " + epochs)
                .config("first_n", "training images 0.." + (smallSize - 1) + " of USPS_train.txt, in file order")
                .config("per_class", smallSize / 10 + " images of each digit, drawn at random with the run's seed (Splits.perClass)")
                .config("augmentation", "each batch: every image rotated by U(±" + MAX_DEGREES + "°) and zoomed by U(1 ± "
                        + MAX_ZOOM + ") (Affine.random), fresh each epoch")
                .config("full_set", (ctx.quick() ? "300" : "7291") + " images, batch " + FULL_BATCH + ", " + fullEpochs
                        + " epochs, the same augmentation");

        INDArray testX = sequences(test.features());
        INDArray testY = test.oneHot();
        int[] first = IntStream.range(0, smallSize).toArray();
        int[] perClass = Splits.perClass(train.labels(), 10, smallSize / 10, ctx.seed());

        Map<String, List<Double>> losses = new LinkedHashMap<>();
        Map<String, List<Double>> testCurves = new LinkedHashMap<>();
        List<List<Object>> rows = new ArrayList<>();
        Object[][] variants = {
            {"first " + smallSize, first, false, "0.66", "0.77"},
            {smallSize / 10 + " per class", perClass, false, "—", "—"},
            {smallSize / 10 + " per class, augmented", perClass, true, "—", "—"}};
        for (Object[] v : variants) {
            String label = (String) v[0];
            ImageSet small = train.select((int[]) v[1]);
            boolean augment = (Boolean) v[2];
            Map<Integer, Double> accuracyAt = new LinkedHashMap<>();
            Sequential net = network(ctx.seed());
            History h = fit(net, small, SMALL_BATCH, epochs, augment, ctx.seed(), testX, testY, every,
                    accuracyAt);
            double mid = accuracyAt.get(midEpochs);
            double last = accuracyAt.get(epochs);
            ctx.log("%s: test accuracy %.4f after %d epochs, %.4f after %d", label, mid, midEpochs, last, epochs);
            String key = label.replaceAll("[^a-z0-9]+", "_");
            r.figure("test_accuracy_" + key + "_epoch_" + midEpochs, mid).figure("test_accuracy_" + key + "_epoch_" + epochs, last);
            r.series("train_loss_" + key, h.trainLoss());
            losses.put(label, h.trainLoss());
            testCurves.put(label, new ArrayList<>(accuracyAt.values()));
            rows.add(List.of(label, v[3], String.format(Locale.ROOT, "%.4f", mid), v[4],
                    String.format(Locale.ROOT, "%.4f", last)));
        }
        r.table(smallSize + " training images, batch " + SMALL_BATCH + ": test accuracy (" + test.size() + " images)",
                List.of("training images", "report, " + midEpochs + " epochs", "ours, " + midEpochs + " epochs",
                        "report, " + epochs + " epochs", "ours, " + epochs + " epochs"), rows);

        ImageSet full = ctx.quick() ? train.select(IntStream.range(0, 300).toArray()) : train;
        Map<Integer, Double> fullAccuracy = new LinkedHashMap<>();
        Sequential net = network(ctx.seed());
        History h = fit(net, full, FULL_BATCH, fullEpochs, true, ctx.seed(), testX, testY, fullEpochs, fullAccuracy);
        double fullTest = fullAccuracy.get(fullEpochs);
        ctx.log("full training set (%d images): test accuracy %.4f after %d epochs", full.size(), fullTest, fullEpochs);
        r.figure("test_accuracy_full_training_set", fullTest).series("train_loss_full_training_set", h.trainLoss());
        r.table("Whole training set", List.of("training images", "epochs", "goal", "ours"),
                List.of(List.of(full.size(), fullEpochs, "0.94", String.format(Locale.ROOT, "%.4f", fullTest))));

        Plots.lines(ctx.file("loss.png"), "USPS Conv1D, " + smallSize + " training images: training loss", "epoch", "cross-entropy", losses);
        Plots.lines(ctx.file("test_accuracy.png"), "USPS Conv1D, " + smallSize + " training images: test accuracy, every "
                + every + " epochs", "evaluation (every " + every + " epochs)",
                "test accuracy", testCurves);
        net.eval();
        Plots.confusion(ctx.file("confusion.png"), String.format(Locale.ROOT,
                "Conv1D on the whole training set: %.2f%% of the test set", 100 * fullTest),
                ConfusionMatrix.of(net.forward(testX), testY).counts());
        r.artifact("loss.png", "training loss, " + smallSize + " images")
                .artifact("test_accuracy.png", "test accuracy during training, " + smallSize + " images")
                .artifact("confusion.png", "confusion matrix of the network trained on the whole training set");
    }

    static Sequential network(long seed) {
        Seeds.manualSeed(seed);
        return new Sequential(new Conv1D(1, 32, 3), new MaxPool1D(2, 2), new Flatten(), new Linear(4064, 100), new ReLU(),
                new Linear(100, 10));
    }

    /**
     * Trains with Adam; records the test accuracy every {@code every} epochs and after the last
     * one into {@code accuracyAt} (epoch → accuracy). The test set is only measured, never used
     * to choose anything.
     */
    private static History fit(Sequential net, ImageSet data, int batch, int epochs, boolean augment, long seed,
                               INDArray testX, INDArray testY, int every, Map<Integer, Double> accuracyAt) {
        DataLoader loader = new DataLoader(sequences(data.features()), data.oneHot(), batch, seed);
        if (augment) {
            AtomicLong augmentSeed = new AtomicLong(seed * 7919);
            loader = loader.map(b -> new Batch(Affine.random(b.x().reshape('c', b.x().size(0), 1, 16, 16), MAX_DEGREES,
                    MAX_ZOOM, augmentSeed.getAndIncrement()).reshape('c', b.x().size(0), 1, 256), b.y()));
        }
        return new Trainer(net, new CrossEntropyLoss(), new Adam(LEARNING_RATE)).restoreBest(false).progress(Progress.NONE)
                .onEpoch(h -> {
                    int epoch = h.size();
                    if (epoch % every == 0 || epoch == epochs) {
                        accuracyAt.put(epoch, StepTraining.accuracy(net, testX, testY));
                    }
                })
                .fit(loader, epochs);
    }

    /** {@code [N, 256]} images as {@code [N, 1, 256]} sequences (a view when contiguous). */
    private static INDArray sequences(INDArray flat) {
        return flat.reshape('c', flat.size(0), 1, flat.size(flat.rank() - 1));
    }
}
