package org.nn4j.examples.synthetic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.data.Arti;
import org.nn4j.data.Splits;
import org.nn4j.data.Synthetic;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.DecisionBoundary;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/**
 * A 4×4 checkerboard of 1000 points (80/20 split) learnt by
 * Linear(2,50)–TanH–Linear(50,20)–TanH–Linear(20,1)–Sigmoid with MSE, batches of 100, driven
 * by {@link Optim}. Run twice: on noise-free labels (the goal) and with
 * 2% of the labels flipped, where the Bayes-optimal accuracy of the test set is
 * the limit to compare with.
 */
public final class Checkerboard implements Experiment {

    private static final int SAMPLES = 1000;
    private static final double TEST_FRACTION = 0.2;
    private static final int BATCH = 100;
    private static final double LEARNING_RATE = 0.01;

    /** What one variant measured. */
    private record Outcome(double trainAccuracy, double testAccuracy, double bayesTestAccuracy) {
    }

    @Override
    public String name() {
        return "checkerboard";
    }

    @Override
    public String description() {
        return "4x4 checkerboard, Linear(2,50)-TanH-Linear(50,20)-TanH-Linear(20,1)-Sigmoid, MSE, batch 100, Optim + Adam";
    }

    @Override
    public void run(RunContext context) throws IOException {
        int epochs = context.pick(1000, 20);
        Results r = context.results();
        r.config("network", "Linear(2,50)-TanH-Linear(50,20)-TanH-Linear(20,1)-Sigmoid").config("loss", "MSE on 0/1 targets")
                .config("data", SAMPLES + " points of a 4x4 checkerboard of unit cells on [-2,2]², random "
                        + Math.round(100 * (1 - TEST_FRACTION)) + "/" + Math.round(100 * TEST_FRACTION) + " split")
                .config("epochs", epochs).config("batch", BATCH)
                .config("optimizer", "Optim with Adam(lr " + LEARNING_RATE + "), cosine annealing to 0 over the epochs");

        Outcome clean = train(context, "", new Arti(2, 1, 1, 0, 0), epochs, "noise-free labels");
        Outcome noisy = train(context, "noisy_", new Arti(2, 1, 1, 0, 0.02), epochs, "2% flipped labels");
        r.figure("train_accuracy", clean.trainAccuracy()).figure("test_accuracy", clean.testAccuracy())
                .figure("noisy_train_accuracy", noisy.trainAccuracy()).figure("noisy_test_accuracy", noisy.testAccuracy())
                .figure("noisy_bayes_test_accuracy", noisy.bayesTestAccuracy());
        r.table("Accuracy", List.of("labels", "train", "test", "Bayes-optimal on this test set"), List.of(
                List.of("noise-free", clean.trainAccuracy(), clean.testAccuracy(), clean.bayesTestAccuracy()),
                List.of("2% flipped", noisy.trainAccuracy(), noisy.testAccuracy(), noisy.bayesTestAccuracy())));
        r.note("Course report: test 0.935, train 0.975. Goal: test ≥ 0.96 on noise-free labels. With flipped"
                + " labels no classifier can be expected to beat the Bayes-optimal accuracy of the test set (the true checkerboard).");
    }

    private static Sequential network() {
        return new Sequential(new Linear(2, 50), new TanH(), new Linear(50, 20), new TanH(), new Linear(20, 1),
                new Sigmoid());
    }

    /** Generates, splits, trains and plots one variant; names its series and files with {@code prefix}. */
    private static Outcome train(RunContext context, String prefix, Arti arti, int epochs, String label)
            throws IOException {
        context.log("checkerboard, %s", label);
        Synthetic.Data all = arti.generate(SAMPLES, context.seed());
        Splits.Split split = Splits.trainValidation(all.y().reshape(-1).toIntVector(), TEST_FRACTION, false,
                context.seed());
        Synthetic.Data train = new Synthetic.Data(all.x().getRows(split.train()), all.y().getRows(split.train()));
        Synthetic.Data test = new Synthetic.Data(all.x().getRows(split.validation()),
                all.y().getRows(split.validation()));

        Sequential net = network();
        Loss loss = new MSELoss();
        Adam adam = new Adam(LEARNING_RATE);
        Optim optim = new Optim(net, loss, adam);
        // The last epochs at a small step size settle the cell borders that a constant step keeps moving.
        CosineAnnealingLR schedule = new CosineAnnealingLR(adam, epochs);
        DataLoader batches = new DataLoader(train.x(), train.y(), BATCH, context.seed());
        List<Double> trainLoss = new ArrayList<>();
        List<Double> testLoss = new ArrayList<>();
        List<Double> trainAccuracy = new ArrayList<>();
        List<Double> testAccuracy = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.train();
            double sum = 0;
            for (Batch b : batches) {
                sum += optim.step(b.x(), b.y()) * b.size();
            }
            schedule.step();
            trainLoss.add(sum / train.x().size(0));
            net.eval();
            INDArray testPrediction = net.forward(test.x());
            testLoss.add(loss.forward(test.y(), testPrediction));
            testAccuracy.add(Accuracy.of(testPrediction, test.y()));
            trainAccuracy.add(Accuracy.of(net.forward(train.x()), train.y()));
            if (epoch == 1 || epoch % Math.max(1, epochs / 10) == 0) {
                context.log("epoch %4d  loss %.4f, accuracy %.4f, test_loss %.4f, test_accuracy %.4f", epoch,
                        trainLoss.get(epoch - 1), trainAccuracy.get(epoch - 1), testLoss.get(epoch - 1),
                        testAccuracy.get(epoch - 1));
            }
        }
        Module model = net.eval();
        Outcome outcome = new Outcome(trainAccuracy.get(epochs - 1), testAccuracy.get(epochs - 1),
                arti.bayesAccuracy(test));

        TrainTestCurves.write(context, prefix, "loss", "MSE per epoch, " + label, trainLoss, testLoss);
        TrainTestCurves.write(context, prefix, "accuracy", "Accuracy per epoch, " + label, trainAccuracy,
                testAccuracy);
        DecisionBoundary.write(context.file(prefix + "boundary_test.png"), String.format(Locale.ROOT,
                "Checkerboard, %s: test set (accuracy %.3f, Bayes-optimal %.3f)", label, outcome.testAccuracy(),
                outcome.bayesTestAccuracy()), model, test.x(), test.y());
        context.results().artifact(prefix + "boundary_test.png", "decision regions under the test points, " + label);
        return outcome;
    }
}
