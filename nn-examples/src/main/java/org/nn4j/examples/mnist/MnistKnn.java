package org.nn4j.examples.mnist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.data.Affine;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Shifts;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;

/**
 * The k-NN baseline of the third report: k = 4, votes weighted by 1/distance, on raw pixels;
 * then the same with the training set augmented by each image's four 1-pixel shifts (5× the
 * training points). Reports 97.14% and 98.02%. A third run adds the four diagonal shifts too (9×);
 * a fourth adds to the four shifts two copies rotated by ±{@value #DEGREES}° (7×) — the shifts and
 * small rotations of the k-NN augmentation.
 */
public final class MnistKnn implements Experiment {

    private static final int K = 4;
    private static final double DEGREES = 8;

    @Override
    public String name() {
        return "mnist-knn";
    }

    @Override
    public String description() {
        return "k-NN on MNIST, k=4, distance weights, batched GEMM distances; then with 1-pixel shifts";
    }

    @Override
    public Set<String> datasets() {
        return Set.of("mnist");
    }

    @Override
    public void run(RunContext context) throws Exception {
        MnistClassifierData data = MnistClassifierData.load(context);
        int[] truth = data.test().labels();

        ConfusionMatrix plain = classify(context, "plain", data.train(), data.test());
        ConfusionMatrix shifted = classify(context, "shifts", Shifts.augment(data.train()), data.test());
        ConfusionMatrix shifted8 = classify(context, "shifts8", withEightShifts(data.train()), data.test());
        ConfusionMatrix rotated = classify(context, "shifts_rotations", withShiftsAndRotations(data.train()),
                data.test());

        List<List<Object>> rows = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            rows.add(List.of(d, plain.support(d), (double) plain.count(d, d) / plain.support(d),
                    (double) shifted.count(d, d) / shifted.support(d), (double) shifted8.count(d, d) / shifted8.support(d),
                    (double) rotated.count(d, d) / rotated.support(d)));
        }
        context.results()
                .figure("test_accuracy", plain.accuracy())
                .figure("test_accuracy_with_shifts", shifted.accuracy())
                .figure("test_accuracy_with_8_shifts", shifted8.accuracy())
                .figure("test_accuracy_with_shifts_and_rotations", rotated.accuracy())
                .table("Success rate per digit", List.of("digit", "test images", "k-NN", "k-NN + 4 shifts",
                        "k-NN + 8 shifts", "k-NN + 4 shifts + ±" + (int) DEGREES + "° rotations"), rows)
                .config("k", K).config("weights", "1 / Euclidean distance (sklearn weights='distance')")
                .config("features", "raw pixels in [0, 1], 784 per image")
                .config("augmentation", "each training image plus its 1-pixel shifts up, down, left, right (5x);"
                        + " then also the 4 diagonal ones (9x); then the 4 shifts and two copies rotated by ±"
                        + DEGREES + " degrees, bilinear (7x)")
                .config("training_images", data.train().size()).config("test_images", truth.length)
                .config("distance_block_floats", KNearestNeighbours.BLOCK_FLOATS);
        Plots.confusion(context.file("confusion.png"), "k-NN (k=4, distance weights): confusion matrix", plain.counts());
        Plots.confusion(context.file("confusion-shifts.png"), "k-NN + 1-pixel shifts: confusion matrix", shifted.counts());
        context.results().artifact("confusion.png", "confusion matrix of the k-NN on the test set")
                .artifact("confusion-shifts.png", "confusion matrix of the k-NN with shifted training images");
        context.log("%s: test accuracy %.2f%%, with shifts %.2f%%, with 8 shifts %.2f%%, with shifts and rotations %.2f%%",
                name(), 100 * plain.accuracy(), 100 * shifted.accuracy(), 100 * shifted8.accuracy(),
                100 * rotated.accuracy());
    }

    /**
     * Each image and its eight 1-pixel shifts (the four of {@link Shifts#augment} and the
     * diagonals), 9N images written into one array, one shifted copy alive at a time.
     */
    private static ImageSet withEightShifts(ImageSet set) {
        int n = set.size();
        INDArray images = set.images();
        INDArray all = Nd4j.create(DataType.FLOAT, 9L * n, 1, set.height(), set.width());
        int[] original = set.labels();
        int[] labels = new int[9 * n];
        int copy = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                all.get(NDArrayIndex.interval((long) copy * n, (long) (copy + 1) * n)).assign(Shifts.shift(images, dy, dx));
                System.arraycopy(original, 0, labels, copy * n, n);
                copy++;
            }
        }
        return ImageSet.ofImages(all, labels, set.classes());
    }

    /** The 5N images of {@link Shifts#augment}, then every image rotated by +DEGREES and by −DEGREES. */
    private static ImageSet withShiftsAndRotations(ImageSet set) {
        int n = set.size();
        ImageSet shifted = Shifts.augment(set);
        INDArray all = Nd4j.concat(0, shifted.images(), rotated(set.images(), DEGREES), rotated(set.images(), -DEGREES));
        int[] labels = Arrays.copyOf(shifted.labels(), 7 * n);
        System.arraycopy(set.labels(), 0, labels, 5 * n, n);
        System.arraycopy(set.labels(), 0, labels, 6 * n, n);
        return ImageSet.ofImages(all, labels, set.classes());
    }

    /** Every image rotated by {@code degrees} about its centre, not zoomed. */
    private static INDArray rotated(INDArray images, double degrees) {
        double[] angles = new double[(int) images.size(0)];
        Arrays.fill(angles, degrees);
        double[] scales = new double[angles.length];
        Arrays.fill(scales, 1);
        return Affine.transform(images, angles, scales);
    }

    private static ConfusionMatrix classify(RunContext context, String variant, ImageSet train, ImageSet test) {
        long start = System.nanoTime();
        KNearestNeighbours knn = new KNearestNeighbours(train.features(), train.labels(), train.classes());
        int[] predicted = knn.predict(test.features(), K);
        double seconds = (System.nanoTime() - start) / 1e9;
        ConfusionMatrix m = ConfusionMatrix.of(test.labels(), predicted, test.classes());
        context.results().figure(variant + "_seconds", seconds)
                .figure(variant + "_gemm_seconds", knn.gemmSeconds())
                .figure(variant + "_top_k_seconds", knn.selectSeconds());
        context.log("k-NN %s: %d training points, accuracy %.4f, %.1f s (distance GEMMs %.1f s, top-%d and votes %.1f s)",
                variant, train.size(), m.accuracy(), seconds, knn.gemmSeconds(), K, knn.selectSeconds());
        return m;
    }
}
