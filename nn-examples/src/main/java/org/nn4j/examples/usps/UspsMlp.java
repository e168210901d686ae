package org.nn4j.examples.usps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Usps;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.Softmax;
import org.nn4j.layers.TanH;

/**
 * A USPS multi-layer perceptron
 * {@code Linear(256,128)–TanH–Linear(128,64)–TanH–Linear(64,10)–Softmax}, trained with plain
 * SGD, and four comparison tables: MSE vs cross-entropy, 100/500/1000 iterations, learning
 * rates 1e-1…1e-6, Sigmoid vs TanH. Every run has the same budget of mini-batch steps, except
 * the iterations table, which reads the cross-entropy run after 100, 500 and 1000 steps.
 */
public final class UspsMlp implements Experiment {

    private static final int BATCH = 128;
    private static final double LEARNING_RATE = 0.4;
    private static final int[] ITERATION_TABLE = {100, 500, 1000};

    @Override
    public String name() {
        return "usps-mlp";
    }

    @Override
    public String description() {
        return "USPS MLP 256-128-64-10 (TanH, Softmax), plain SGD: MSE vs CE, iterations, learning rates, Sigmoid vs TanH";
    }

    @Override
    public Set<String> datasets() {
        return Set.of(Usps.FOLDER);
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        ImageSet train = Usps.train(ctx.dataDir());
        ImageSet test = Usps.test(ctx.dataDir());
        INDArray trainY = train.oneHot();
        INDArray testY = test.oneHot();
        int steps = ctx.pick(8000, 120);
        int sideSteps = ctx.pick(4000, 60);
        int lrSteps = ctx.pick(1000, 10);
        int every = ctx.pick(100, 20);
        Results r = ctx.results();
        r.config("network", "Linear(256,128)-TanH-Linear(128,64)-TanH-Linear(64,10)-Softmax")
                .config("optimizer", "plain SGD (GradientDescent), no momentum, no weight decay")
                .config("batch_size", BATCH).config("learning_rate", LEARNING_RATE)
                .config("iterations", steps + " mini-batch steps (" + String.format(Locale.ROOT, "%.1f", steps * (double) BATCH / train.size())
                        + " epochs of the 7291 training images)")
                .config("mse_and_sigmoid_iterations", sideSteps).config("learning_rate_table_iterations", lrSteps)
                .config("data", "USPS 7291 train / 2007 test, pixels in [0, 1], no normalisation")
                .config("cross_entropy", "CrossEntropyLoss.onProbabilities() on the Softmax output")
                .config("mse", "MSELoss between the Softmax output and one-hot targets");

        // Cross-entropy, TanH: the reference run; its test accuracy after 100/500/1000 steps is the iterations table.
        Map<Integer, Double> atSteps = new LinkedHashMap<>();
        Sequential ce = network(TanH::new, ctx.seed());
        Optim ceOptim = new Optim(ce, CrossEntropyLoss.onProbabilities(), LEARNING_RATE);
        int accuracyEvery = ctx.pick(500, 40);
        int[] snapshots = IntStream.concat(IntStream.concat(Arrays.stream(ITERATION_TABLE), IntStream.of(sideSteps)),
                IntStream.rangeClosed(1, steps / accuracyEvery).map(i -> i * accuracyEvery)).distinct().sorted().toArray();
        List<Double> ceLoss = StepTraining.run(ceOptim, batches(train, trainY, ctx.seed()), steps, every, snapshots,
                step -> atSteps.put(step, StepTraining.accuracy(ce, test.features(), testY)));
        double ceAccuracy = StepTraining.accuracy(ce, test.features(), testY);
        // MSE and Sigmoid are compared with this run at their own budget (the same in full mode)
        double ceAtSideSteps = atSteps.get(sideSteps);
        ctx.log("CE, TanH, %d steps: test accuracy %.4f", steps, ceAccuracy);

        Sequential mse = network(TanH::new, ctx.seed());
        List<Double> mseLoss = StepTraining.run(new Optim(mse, new MSELoss(), LEARNING_RATE),
                batches(train, trainY, ctx.seed()), sideSteps, every, null, null);
        double mseAccuracy = StepTraining.accuracy(mse, test.features(), testY);
        ctx.log("MSE, TanH, %d steps: test accuracy %.4f", sideSteps, mseAccuracy);

        Sequential sigmoid = network(Sigmoid::new, ctx.seed());
        List<Double> sigmoidLoss = StepTraining.run(new Optim(sigmoid, CrossEntropyLoss.onProbabilities(), LEARNING_RATE),
                batches(train, trainY, ctx.seed()), sideSteps, every, null, null);
        double sigmoidAccuracy = StepTraining.accuracy(sigmoid, test.features(), testY);
        ctx.log("CE, Sigmoid, %d steps: test accuracy %.4f", sideSteps, sigmoidAccuracy);

        List<List<Object>> lrRows = new ArrayList<>();
        for (int exponent = 1; exponent <= 6; exponent++) {
            double lr = Math.pow(10, -exponent);
            Sequential net = network(TanH::new, ctx.seed());
            List<Double> curve = StepTraining.run(new Optim(net, CrossEntropyLoss.onProbabilities(), lr),
                    batches(train, trainY, ctx.seed()), lrSteps, Math.min(every, lrSteps), null, null);
            double accuracy = StepTraining.accuracy(net, test.features(), testY);
            ctx.log("CE, TanH, lr %.0e: test accuracy %.4f", lr, accuracy);
            lrRows.add(List.of(String.format(Locale.ROOT, "1e-%d", exponent), percent(accuracy), curve.get(curve.size() - 1)));
            r.figure("test_accuracy_lr_1e-" + exponent, accuracy);
        }

        r.figure("test_accuracy_ce", ceAccuracy).figure("test_accuracy_mse", mseAccuracy)
                .figure("test_accuracy_sigmoid_ce", sigmoidAccuracy);
        for (int step : ITERATION_TABLE) {
            if (atSteps.containsKey(step)) {
                r.figure("test_accuracy_ce_after_" + step + "_iterations", atSteps.get(step));
            }
        }
        List<Double> testCurve = new ArrayList<>();
        atSteps.forEach((step, accuracy) -> {
            if (step % accuracyEvery == 0) {
                testCurve.add(accuracy);
            }
        });
        r.series("ce_test_accuracy_every_" + accuracyEvery + "_iterations", testCurve);
        Plots.lines(ctx.file("test_accuracy.png"), "USPS MLP, cross-entropy: test accuracy during training", "iterations (x"
                + accuracyEvery + ")", "test accuracy", Map.of("cross-entropy, TanH, lr " + LEARNING_RATE, testCurve));
        r.artifact("test_accuracy.png", "test accuracy of the cross-entropy network every " + accuracyEvery + " iterations");
        r.series("ce_train_loss", ceLoss).series("mse_train_loss", mseLoss).series("sigmoid_ce_train_loss", sigmoidLoss);

        r.table("Loss: MSE vs cross-entropy (TanH, " + sideSteps + " iterations)", List.of("loss", "report", "ours"), List.of(
                List.of("MSE", "84.85%", percent(mseAccuracy)),
                List.of("cross-entropy", "86.04%", percent(ceAtSideSteps))));
        String[] reportAtSteps = {"81.86%", "89.09%", "90.14%"};
        List<List<Object>> stepRows = new ArrayList<>();
        for (int i = 0; i < ITERATION_TABLE.length; i++) {
            Double accuracy = atSteps.get(ITERATION_TABLE[i]);
            stepRows.add(List.of(ITERATION_TABLE[i], reportAtSteps[i], accuracy == null ? "not reached" : percent(accuracy)));
        }
        stepRows.add(List.of(steps, "—", percent(ceAccuracy)));
        r.table("Iterations (cross-entropy, TanH, batch " + BATCH + ", lr " + LEARNING_RATE + ")",
                List.of("iterations", "report", "ours"), stepRows);
        r.table("Learning rate (cross-entropy, TanH, " + lrSteps + " iterations; the report's figures are not available)",
                List.of("learning rate", "ours: test accuracy", "ours: training loss, last " + Math.min(every, lrSteps) + " iterations"), lrRows);
        r.table("Hidden activation (cross-entropy, " + sideSteps + " iterations)", List.of("activation", "report", "ours"), List.of(
                List.of("Sigmoid", "65.86%", percent(sigmoidAccuracy)),
                List.of("TanH", "89.08%", percent(ceAtSideSteps))));

        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("cross-entropy, TanH", ceLoss);
        curves.put("cross-entropy, Sigmoid", sigmoidLoss);
        curves.put("MSE, TanH (x10 to share the axis)", mseLoss.stream().map(v -> 10 * v).toList());
        Plots.lines(ctx.file("loss.png"), "USPS MLP: training loss, mean of every " + every + " iterations",
                "iterations (x" + every + ")", "training loss", curves);
        r.artifact("loss.png", "training loss curves (MSE scaled by 10)");

        ce.eval();
        long[][] counts = ConfusionMatrix.of(ce.forward(test.features()), testY).counts();
        Plots.confusion(ctx.file("confusion.png"), String.format(Locale.ROOT, "USPS test set, cross-entropy MLP: %.2f%% correct",
                100 * ceAccuracy), counts);
        r.artifact("confusion.png", "confusion matrix of the cross-entropy network on the 2007 test images");
    }

    /** The network with a chosen hidden activation; the same seed gives the same initial weights. */
    static Sequential network(Supplier<Module> activation, long seed) {
        Seeds.manualSeed(seed);
        return new Sequential(new Linear(256, 128), activation.get(), new Linear(128, 64), activation.get(),
                new Linear(64, 10), new Softmax());
    }

    private static DataLoader batches(ImageSet train, INDArray oneHot, long seed) {
        return new DataLoader(train.features(), oneHot, BATCH, seed);
    }

    private static String percent(double accuracy) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }
}
