package org.nn4j.examples.synthetic;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;

/**
 * Per-epoch curves on the training and the test set: recorded as series in results.json and
 * drawn as one PNG with both lines (train first, so it keeps the same colour in every plot).
 */
final class TrainTestCurves {

    private TrainTestCurves() {
    }

    /**
     * Series {@code <prefix>train_<what>} and {@code <prefix>test_<what>}, plot {@code <prefix><what>.png}.
     *
     * @param prefix "" or a variant's name followed by "_" (e.g. "noisy_")
     * @param what   "loss" or "accuracy"
     * @param title  the plot's title, saying which loss or which data
     */
    static void write(RunContext context, String prefix, String what, String title, List<Double> train,
                      List<Double> test) throws IOException {
        Map<String, List<Double>> lines = new LinkedHashMap<>();
        lines.put("train", train);
        lines.put("test", test);
        String file = prefix + what + ".png";
        Plots.lines(context.file(file), title, "epoch", what, lines);
        context.results().series(prefix + "train_" + what, train).series(prefix + "test_" + what, test)
                .artifact(file, title);
    }
}
