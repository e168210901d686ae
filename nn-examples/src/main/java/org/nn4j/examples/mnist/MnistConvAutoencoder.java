package org.nn4j.examples.mnist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Sequential;
import org.nn4j.core.metrics.Psnr;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Mnist;
import org.nn4j.data.Noise;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.ImageGrid;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.BCELoss;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.Upsample2D;

/**
 * A convolutional autoencoder of MNIST digits: a Conv/MaxPool encoder down to
 * 32×7×7, an Upsample/Conv decoder back to 1×28×28, Sigmoid, binary cross-entropy. With a noise
 * factor ({@link MnistDenoising}) it is trained to map noisy images to the clean ones.
 */
public class MnistConvAutoencoder implements Experiment {

    static final int TRAIN_IMAGES = 20_000;
    static final int EPOCHS = 2;
    static final int BATCH = 64;

    private final String name;
    private final String description;
    private final double noiseFactor;

    public MnistConvAutoencoder() {
        this("mnist-conv-autoencoder", "convolutional autoencoder of MNIST (Conv/MaxPool, Upsample/Conv, Sigmoid, BCE)", 0);
    }

    MnistConvAutoencoder(String name, String description, double noiseFactor) {
        this.name = name;
        this.description = description;
        this.noiseFactor = noiseFactor;
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
        return Set.of("mnist");
    }

    /** [N,1,28,28] → encoder [N,32,7,7] → decoder [N,1,28,28] in (0, 1). */
    static Sequential network() {
        return new Sequential(
                new Conv2D(1, 32, 3, 1, "same"), new ReLU(), new MaxPool2D(2),
                new Conv2D(32, 32, 3, 1, "same"), new ReLU(), new MaxPool2D(2),
                new Conv2D(32, 32, 3, 1, "same"), new ReLU(), new Upsample2D(2),
                new Conv2D(32, 32, 3, 1, "same"), new ReLU(), new Upsample2D(2),
                new Conv2D(32, 1, 3, 1, "same"), new Sigmoid());
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        INDArray train = MnistAutoencoderData.first(Mnist.train(ctx.dataDir()), ctx.pick(TRAIN_IMAGES, 640)).images();
        INDArray test = MnistAutoencoderData.first(Mnist.test(ctx.dataDir()), ctx.pick(10_000, 200)).images();
        // Fixed noise per image (one draw, made before training), not a new draw every epoch.
        INDArray trainInput = noiseFactor > 0 ? Noise.gaussian(train, noiseFactor, ctx.seed()) : train;
        INDArray testInput = noiseFactor > 0 ? Noise.gaussian(test, noiseFactor, ctx.seed() + 1) : test;
        int epochs = ctx.pick(EPOCHS, 1);
        int batch = ctx.pick(BATCH, 32);

        Sequential net = network();
        BCELoss loss = new BCELoss();
        DataLoader batches = new DataLoader(trainInput, train, batch, ctx.seed());
        long perEpoch = batches.batchesPerEpoch();
        long total = perEpoch * epochs;
        long chunk = Math.max(1, Math.min(50, total / 5));
        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        double[] sum = {0};
        long[] count = {0, 0}; // in this chunk, in all
        new Trainer(net, loss, new Adam(1e-3)).accuracy(false).restoreBest(false).progress(Progress.NONE)
                .onIteration(value -> {
                    sum[0] += value;
                    long done = ++count[1];
                    if (++count[0] == chunk) {
                        losses.add(sum[0] / count[0]);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        ctx.log("epoch %d, batch %d/%d: BCE %.4f  (%.0f images/s, %.0f s)", (done - 1) / perEpoch + 1,
                                done, total, sum[0] / count[0], done * batch / seconds, seconds);
                        sum[0] = 0;
                        count[0] = 0;
                    }
                })
                .fit(batches, epochs);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        INDArray output = MnistAutoencoderData.forward(net, testInput, 500);
        Results r = ctx.results();
        r.figure("test_bce", loss.forward(test, output))
                .figure("test_psnr_db", Psnr.meanPerImage(output, test))
                .figure("test_pixel_accuracy", PixelAccuracy.of(output, test));
        if (noiseFactor > 0) {
            // what the network starts from: the noisy input against the clean image
            r.figure("noisy_input_psnr_db", Psnr.meanPerImage(testInput, test))
                    .figure("noisy_input_pixel_accuracy", PixelAccuracy.of(testInput, test));
        }
        r.figure("training_seconds", trainSeconds).series("train_loss", losses);
        r.config("network", "Conv(1→32,3,same)-ReLU-MaxPool2-Conv(32→32)-ReLU-MaxPool2 [32×7×7] - Conv(32→32)-ReLU-Upsample2"
                        + "-Conv(32→32)-ReLU-Upsample2-Conv(32→1)-Sigmoid")
                .config("loss", "BCE (mean over pixels)")
                .config("training", String.format(Locale.ROOT, "first %d training images, %d epochs, batch %d, Adam 1e-3",
                        train.size(0), epochs, batch))
                .config("noise", noiseFactor > 0 ? "clamp(x + " + noiseFactor + "·N(0,1), 0, 1), fixed per image" : "none")
                .config("test images", test.size(0))
                .config("PSNR", "mean over images of 10·log10(1/MSE) against the clean image");

        Plots.lines(ctx.file("train_loss.png"), "Training BCE", "batches (×" + chunk + ")", "BCE", Map.of("train", losses));
        INDArray shown = test.get(NDArrayIndex.interval(0, 12)).dup('c');
        List<INDArray> rows = noiseFactor > 0
                ? List.of(shown, testInput.get(NDArrayIndex.interval(0, 12)).dup('c'), output.get(NDArrayIndex.interval(0, 12)).dup('c'))
                : List.of(shown, output.get(NDArrayIndex.interval(0, 12)).dup('c'));
        ImageGrid.write(ctx.file("reconstructions.png"), rows, 28, 3);
        r.artifact("train_loss.png", "training BCE")
                .artifact("reconstructions.png", noiseFactor > 0 ? "test images: originals / noisy / reconstructed"
                        : "test images: originals / reconstructed");
    }
}
