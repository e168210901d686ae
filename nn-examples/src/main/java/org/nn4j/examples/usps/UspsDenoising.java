package org.nn4j.examples.usps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.metrics.Psnr;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Noise;
import org.nn4j.data.Usps;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.ImageGrid;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.BCELoss;

/**
 * Denoising. The auto-encoder of {@link UspsAutoencoder} (latent 64) trained on clean digits,
 * and one trained at each noise level on noisy digits (Gaussian noise of standard deviation 0.5
 * or 0.8, clamped to [0, 1], drawn afresh for every batch) to give back the clean ones. On the
 * test set, with the same noise for both networks, PSNR against the clean digits says which
 * denoises better (the reference result: the noisy-trained one, at both levels).
 */
public final class UspsDenoising implements Experiment {

    private static final double[] NOISE_LEVELS = {0.5, 0.8};
    private static final int LATENT = 64;
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;

    @Override
    public String name() {
        return "usps-denoising";
    }

    @Override
    public String description() {
        return "USPS denoising auto-encoder: trained on noisy (0.5, 0.8) vs clean digits, test PSNR and image grids";
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
            train = train.select(IntStream.range(0, 500).toArray());
            test = test.select(IntStream.range(0, 400).toArray());
        }
        int epochs = ctx.pick(30, 3);
        INDArray clean = test.features();
        Results r = ctx.results();
        r.config("network", new DigitAutoencoder(LATENT, ctx.seed()).describe()).config("loss", "BCELoss against the clean digit")
                .config("optimizer", "Adam, lr " + LEARNING_RATE).config("batch_size", BATCH).config("epochs", epochs)
                .config("training_images", train.size())
                .config("noise", "x + level * N(0, 1), clamped to [0, 1]; fresh noise for every training batch, "
                        + "one fixed draw (seeded) on the test set shared by both networks");

        Map<String, List<Double>> curves = new LinkedHashMap<>();
        DigitAutoencoder cleanTrained = train(ctx, train, 0, epochs, curves);

        List<List<Object>> rows = new ArrayList<>();
        int shown = 12;
        for (double level : NOISE_LEVELS) {
            DigitAutoencoder noisyTrained = train(ctx, train, level, epochs, curves);
            INDArray noisy = Noise.gaussian(clean, level, ctx.seed() + 1000);
            INDArray byClean = cleanTrained.reconstruct(noisy);
            INDArray byNoisy = noisyTrained.reconstruct(noisy);
            double psnrNoisy = Psnr.meanPerImage(noisy, clean);
            double psnrByClean = Psnr.meanPerImage(byClean, clean);
            double psnrByNoisy = Psnr.meanPerImage(byNoisy, clean);
            ctx.log("noise %.1f: PSNR noisy %.2f dB, clean-trained %.2f dB, noisy-trained %.2f dB", level, psnrNoisy,
                    psnrByClean, psnrByNoisy);
            String key = String.valueOf(level).replace('.', '_');
            r.figure("psnr_db_noise_" + key + "_input", psnrNoisy).figure("psnr_db_noise_" + key + "_clean_trained", psnrByClean)
                    .figure("psnr_db_noise_" + key + "_noisy_trained", psnrByNoisy);
            rows.add(List.of(level, psnrNoisy, psnrByClean, psnrByNoisy, psnrByNoisy - psnrByClean,
                    psnrByNoisy > psnrByClean ? "yes" : "no"));

            INDArrayIndex[] first = {NDArrayIndex.interval(0, shown), NDArrayIndex.all()};
            String file = "denoising_" + key + ".png";
            ImageGrid.write(ctx.file(file), List.of(clean.get(first), noisy.get(first), byClean.get(first), byNoisy.get(first)), 16, 4);
            r.artifact(file, "noise " + level + ", rows from top: clean test digits, noisy inputs, denoised by the "
                    + "clean-trained network, denoised by the network trained at noise " + level);
        }
        r.figure("psnr_db_clean_input_clean_trained", Psnr.meanPerImage(cleanTrained.reconstruct(clean), clean));
        r.table("Test-set PSNR against the clean digits (dB, mean per image; higher is better)",
                List.of("noise level", "noisy input", "clean-trained network", "noisy-trained network", "gain of noisy training",
                        "noisy-trained better?"), rows);
        Plots.lines(ctx.file("loss.png"), "USPS denoising auto-encoders: training loss", "epoch", "BCE (against clean digits)",
                curves);
        r.artifact("loss.png", "training loss per epoch of the three networks");
    }

    /** An auto-encoder trained to map {@code clean + noise(level)} to {@code clean} (level 0: plain auto-encoder). */
    private static DigitAutoencoder train(RunContext ctx, ImageSet train, double level, int epochs,
                                          Map<String, List<Double>> curves) {
        DigitAutoencoder ae = new DigitAutoencoder(LATENT, ctx.seed());
        AtomicLong noiseSeed = new AtomicLong(ctx.seed() * 31 + Math.round(level * 100));
        DataLoader batches = new DataLoader(train.features(), train.features(), BATCH, ctx.seed());
        if (level > 0) {
            batches = batches.map(b -> new Batch(Noise.gaussian(b.x(), level, noiseSeed.getAndIncrement()), b.y()));
        }
        History h = new Trainer(ae.net, new BCELoss(), new Adam(LEARNING_RATE)).accuracy(false).restoreBest(false)
                .progress(Progress.NONE).fit(batches, epochs);
        String name = level > 0 ? "trained at noise " + level : "trained on clean digits";
        ctx.log("%s: final training BCE %.4f", name, h.last().trainLoss());
        curves.put(name, h.trainLoss());
        ctx.results().series("train_loss_" + (level > 0 ? "noise_" + String.valueOf(level).replace('.', '_') : "clean"),
                h.trainLoss());
        return ae;
    }
}
