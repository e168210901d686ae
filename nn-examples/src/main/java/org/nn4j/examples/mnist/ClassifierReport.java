package org.nn4j.examples.mnist;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.train.History;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;

/**
 * What every MNIST classifier records: the test accuracy, the loss and accuracy curves, the
 * confusion matrix and the success rate of each digit, into the run's results and PNGs.
 */
public final class ClassifierReport {

    /** Test images per forward pass: bounds the activations' memory. */
    private static final int EVAL_BATCH = 1_000;

    private ClassifierReport() {
    }

    /**
     * The confusion matrix of {@code net} on {@code x}, in eval mode, a batch at a time.
     *
     * @param x {@code [N, ...]} batch-first; not modified
     */
    public static ConfusionMatrix confusion(Module net, INDArray x, int[] labels) {
        net.eval();
        ConfusionMatrix m = new ConfusionMatrix(10);
        long n = x.size(0);
        for (long start = 0; start < n; start += EVAL_BATCH) {
            long end = Math.min(n, start + EVAL_BATCH);
            INDArray scores = net.forward(x.get(NDArrayIndex.interval(start, end)));
            int[] truth = Arrays.copyOfRange(labels, (int) start, (int) end);
            m.add(truth, Accuracy.predictedClasses(scores).toIntVector());
        }
        net.train();
        return m;
    }

    /** Trainable parameter elements of {@code net}. */
    public static long parameterCount(Module net) {
        long n = 0;
        for (Parameter p : net.parameters()) {
            n += p.value().length();
        }
        return n;
    }

    /**
     * Records the curves of {@code history} (the "validation" of the trainer is the test set,
     * watched but never used to choose anything) and draws loss.png and accuracy.png.
     */
    public static void curves(RunContext context, History history) throws IOException {
        Results r = context.results();
        r.series("train_loss", history.trainLoss()).series("test_loss", history.validationLoss())
                .series("train_accuracy", history.trainAccuracy()).series("test_accuracy", history.validationAccuracy());
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        losses.put("train (mean over the epoch's batches)", history.trainLoss());
        losses.put("test (after the epoch)", history.validationLoss());
        Plots.lines(context.file("loss.png"), context.name() + ": cross-entropy", "epoch", "loss", losses);
        Map<String, List<Double>> accuracies = new LinkedHashMap<>();
        accuracies.put("train (during the epoch)", history.trainAccuracy());
        accuracies.put("test (after the epoch)", history.validationAccuracy());
        Plots.lines(context.file("accuracy.png"), context.name() + ": accuracy", "epoch", "accuracy", accuracies);
        r.artifact("loss.png", "training and test loss per epoch").artifact("accuracy.png", "training and test accuracy per epoch");
        List<Double> seconds = new ArrayList<>();
        history.epochs().forEach(e -> seconds.add(e.seconds()));
        r.figure("seconds_per_epoch", seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }

    /**
     * Records the test accuracy, the per-digit success table and confusion.png, and prints the
     * matrix.
     */
    static void confusionAndDigits(RunContext context, ConfusionMatrix m, String what) throws IOException {
        Results r = context.results();
        r.figure("test_accuracy", m.accuracy());
        r.table("Success rate per digit (" + what + ")", List.of("digit", "test images", "correct", "success rate"),
                digitRows(m));
        Plots.confusion(context.file("confusion.png"), context.name() + ": confusion matrix (" + what + ")", m.counts());
        r.artifact("confusion.png", "confusion matrix on the test set (" + what + ")");
        context.log("%s", m);
    }

    /** One row per digit: support, correct, recall. */
    static List<List<Object>> digitRows(ConfusionMatrix m) {
        List<List<Object>> rows = new ArrayList<>();
        for (int d = 0; d < m.numClasses(); d++) {
            long support = m.support(d);
            rows.add(List.of(d, support, m.count(d, d), support == 0 ? Double.NaN : (double) m.count(d, d) / support));
        }
        return rows;
    }
}
