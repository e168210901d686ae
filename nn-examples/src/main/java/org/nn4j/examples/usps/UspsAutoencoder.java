package org.nn4j.examples.usps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.DataLoader;
import org.nn4j.core.metrics.Psnr;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Usps;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.ImageGrid;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.BCELoss;
import smile.clustering.KMeans;
import smile.clustering.PartitionClustering;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * The USPS auto-encoder (encoder 256→128→latent, TanH; symmetric decoder; Sigmoid
 * output; BCE) with latent sizes 64 and 10. Reconstructions of test digits, then what the code
 * is worth without labels: t-SNE maps of the raw pixels and of each code, and k-means (k = 10)
 * on each with the purity of its clusters.
 */
public final class UspsAutoencoder implements Experiment {

    private static final int[] LATENT_SIZES = {64, 10};
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;
    private static final int KMEANS_RESTARTS = 10;

    @Override
    public String name() {
        return "usps-autoencoder";
    }

    @Override
    public String description() {
        return "USPS auto-encoder 256-128-{64,10}, BCE: reconstructions, t-SNE of pixels vs codes, k-means purity";
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
            train = train.select(range(500));
            test = test.select(range(400));
        }
        int epochs = ctx.pick(30, 3);
        int tsnePoints = ctx.pick(1000, 150);
        int tsneIterations = ctx.pick(1000, 250);
        Results r = ctx.results();
        r.config("loss", "BCELoss on the Sigmoid output").config("optimizer", "Adam, lr " + LEARNING_RATE)
                .config("batch_size", BATCH).config("epochs", epochs).config("training_images", train.size())
                .config("tsne", "Smile TSNE, 2-D, perplexity 30, eta 200, " + tsneIterations + " iterations, on "
                        + tsnePoints + " test images drawn at random (seeded)")
                .config("kmeans", "Smile KMeans, k = 10, best of " + KMEANS_RESTARTS
                        + " k-means++ starts, on all " + test.size() + " test images");

        List<INDArray> gridRows = new ArrayList<>();
        int shown = 12;
        gridRows.add(test.features().get(NDArrayIndex.interval(0, shown), NDArrayIndex.all()));
        Map<String, INDArray> representations = new LinkedHashMap<>();
        representations.put("raw pixels (256)", test.features());
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        List<List<Object>> reconstructionRows = new ArrayList<>();
        for (int latent : LATENT_SIZES) {
            DigitAutoencoder ae = new DigitAutoencoder(latent, ctx.seed());
            Trainer trainer = new Trainer(ae.net, new BCELoss(), new Adam(LEARNING_RATE)).accuracy(false)
                    .restoreBest(false).progress(Progress.NONE);
            History h = trainer.fit(new DataLoader(train.features(), train.features(), BATCH, ctx.seed()), epochs);
            r.config("network_latent_" + latent, ae.describe());
            INDArray reconstruction = ae.reconstruct(test.features());
            double testBce = new BCELoss().forward(test.features(), reconstruction);
            double psnr = Psnr.meanPerImage(reconstruction, test.features());
            ctx.log("latent %d: train BCE %.4f, test BCE %.4f, test PSNR %.2f dB", latent, h.last().trainLoss(), testBce, psnr);
            r.figure("test_bce_latent_" + latent, testBce).figure("test_psnr_db_latent_" + latent, psnr);
            r.series("train_loss_latent_" + latent, h.trainLoss());
            curves.put("latent " + latent, h.trainLoss());
            reconstructionRows.add(List.of(latent, h.last().trainLoss(), testBce, psnr));
            gridRows.add(reconstruction.get(NDArrayIndex.interval(0, shown), NDArrayIndex.all()));
            representations.put("code, latent " + latent, ae.encode(test.features()));
        }
        r.table("Reconstruction of the test set", List.of("latent size", "train BCE", "test BCE", "test PSNR (dB, mean per image)"),
                reconstructionRows);

        Plots.lines(ctx.file("loss.png"), "USPS auto-encoder: training loss (BCE)", "epoch", "BCE", curves);
        ImageGrid.write(ctx.file("reconstructions.png"), gridRows, 16, 4);
        r.artifact("loss.png", "training loss per epoch").artifact("reconstructions.png",
                "first 12 test digits: originals (top), latent 64 (middle), latent 10 (bottom)");

        int[] labels = test.labels();
        int[] sample = sample(test.size(), tsnePoints, ctx.seed());
        int[] sampleLabels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            sampleLabels[i] = labels[sample[i]];
        }
        List<List<Object>> clusterRows = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, INDArray> e : representations.entrySet()) {
            double[][] all = e.getValue().castTo(DataType.DOUBLE).toDoubleMatrix();
            MathEx.setSeed(ctx.seed());
            KMeans kmeans = PartitionClustering.run(KMEANS_RESTARTS, () -> KMeans.fit(all, 10));
            double purity = ClusterPurity.of(kmeans.y, labels);

            double[][] points = new double[sample.length][];
            for (int i = 0; i < sample.length; i++) {
                points[i] = all[sample[i]];
            }
            MathEx.setSeed(ctx.seed());
            // Smile reads a square input (as many points as features) as a distance matrix: never pass 256 raw images.
            TSNE tsne = new TSNE(points, 2, 30, 200, tsneIterations);
            String file = "tsne_" + index++ + ".png";
            DigitScatter.write(ctx.file(file), "t-SNE of " + sample.length + " test digits: " + e.getKey(),
                    tsne.coordinates, sampleLabels);
            r.artifact(file, "t-SNE of " + e.getKey());
            ctx.log("%s: k-means purity %.4f", e.getKey(), purity);
            clusterRows.add(List.of(e.getKey(), purity));
            r.figure("kmeans_purity_" + e.getKey().replaceAll("[^a-z0-9]+", "_").replaceAll("_$", ""), purity);
        }
        r.table("k-means (k = 10) on the " + test.size() + " test images: cluster purity", List.of("representation", "purity"), clusterRows);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** {@code k} distinct indices of {@code 0..n-1}, drawn with a seed. */
    private static int[] sample(int n, int k, long seed) {
        int[] all = range(n);
        Random random = new Random(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }
}
