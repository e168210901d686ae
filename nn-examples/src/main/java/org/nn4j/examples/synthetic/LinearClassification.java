package org.nn4j.examples.synthetic;

import java.io.IOException;
import java.util.Locale;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Arti;
import org.nn4j.data.Synthetic;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.DecisionBoundary;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;

/**
 * Two Gaussian clusters separated by a single Linear(2,1) trained with MSE
 * on 0/1 targets (class 1 where the output exceeds 0.5).
 */
public final class LinearClassification implements Experiment {

    /**
     * Two Gaussians of variance 0.1 ("sigma 0.1" where sigma is a variance, as in the Python
     * generators of this problem): here standard deviation √0.1. No label noise.
     */
    static final Arti DATA = new Arti(0, 1, 1, Math.sqrt(0.1), 0);
    private static final int BATCH = 32;
    private static final double LEARNING_RATE = 0.05;

    @Override
    public String name() {
        return "linear-classification";
    }

    @Override
    public String description() {
        return "two Gaussian clusters, Linear(2,1) + MSE; decision boundary, accuracy vs Bayes-optimal";
    }

    @Override
    public void run(RunContext context) throws IOException {
        int n = context.pick(1000, 300);
        int epochs = context.pick(50, 8);
        Synthetic.Data train = DATA.generate(n, context.seed());
        Synthetic.Data test = DATA.generate(n, context.seed() + 1);

        Linear net = new Linear(2, 1);
        Trainer trainer = new Trainer(net, new MSELoss(), new GradientDescent(LEARNING_RATE));
        History history = TestSetTraining.fit(context, trainer, train, test, BATCH, epochs);

        double trainAccuracy = Accuracy.of(net.forward(train.x()), train.y());
        double testAccuracy = Accuracy.of(net.forward(test.x()), test.y());
        Results r = context.results();
        r.config("model", "Linear(2,1), class 1 when output > 0.5").config("loss", "MSE on 0/1 targets")
                .config("data", DATA + " (std, label-noise rate)").config("train_samples", n)
                .config("test_samples", n).config("epochs", epochs)
                .config("optimizer", "plain SGD, lr " + LEARNING_RATE + ", batch " + BATCH);
        r.figure("train_accuracy", trainAccuracy).figure("test_accuracy", testAccuracy)
                .figure("bayes_test_accuracy", DATA.bayesAccuracy(test)).figure("bayes_expected_accuracy", DATA.bayesAccuracy());
        r.note("Goal: test accuracy ≥ 0.99. bayes_test_accuracy is the Bayes-optimal classifier's accuracy on the"
                + " same generated test set: no classifier can be expected to beat it.");

        TrainTestCurves.write(context, "", "loss", "MSE per epoch", history.trainLoss(), history.validationLoss());
        TrainTestCurves.write(context, "", "accuracy", "Accuracy per epoch", history.trainAccuracy(),
                history.validationAccuracy());
        DecisionBoundary.write(context.file("boundary_test.png"),
                String.format(Locale.ROOT, "Linear(2,1) decision regions, test set (accuracy %.3f)", testAccuracy),
                net.eval(), test.x(), test.y());
        r.artifact("boundary_test.png", "decision regions of Linear(2,1) under the test points");
    }
}
