package org.nn4j.examples.synthetic;

import java.io.IOException;
import java.util.Locale;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
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
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/**
 * Four Gaussians in an XOR layout, which no line separates, learnt by
 * Linear(2,50)–TanH–Linear(50,1)–Sigmoid with MSE.
 */
public final class Nonlinear implements Experiment {

    /**
     * The XOR problem with Gaussians of variance 0.1 ("sigma 0.1" where sigma is a variance, as in
     * the Python generators of this problem): here standard deviation √0.1.
     */
    static final Arti DATA = new Arti(1, 1, 1, Math.sqrt(0.1), 0);
    private static final int BATCH = 32;
    private static final double LEARNING_RATE = 0.5;

    @Override
    public String name() {
        return "nonlinear";
    }

    @Override
    public String description() {
        return "XOR of four Gaussians, Linear(2,50)-TanH-Linear(50,1)-Sigmoid, MSE; boundaries on train and test";
    }

    @Override
    public void run(RunContext context) throws IOException {
        int n = context.pick(1000, 300);
        int epochs = context.pick(100, 12);
        Synthetic.Data train = DATA.generate(n, context.seed());
        Synthetic.Data test = DATA.generate(n, context.seed() + 1);

        Sequential net = new Sequential(new Linear(2, 50), new TanH(), new Linear(50, 1), new Sigmoid());
        Trainer trainer = new Trainer(net, new MSELoss(), new GradientDescent(LEARNING_RATE));
        History history = TestSetTraining.fit(context, trainer, train, test, BATCH, epochs);

        Module model = net.eval();
        double trainAccuracy = Accuracy.of(model.forward(train.x()), train.y());
        double testAccuracy = Accuracy.of(model.forward(test.x()), test.y());
        double bayes = DATA.bayesAccuracy(test);
        Results r = context.results();
        r.config("network", net.toString()).config("loss", "MSE on 0/1 targets")
                .config("data", DATA + " (std, label-noise rate)").config("train_samples", n)
                .config("test_samples", n).config("epochs", epochs)
                .config("optimizer", "plain SGD, lr " + LEARNING_RATE + ", batch " + BATCH);
        r.figure("train_accuracy", trainAccuracy).figure("test_accuracy", testAccuracy)
                .figure("bayes_test_accuracy", bayes).figure("bayes_expected_accuracy", DATA.bayesAccuracy())
                .figure("gap_to_bayes", bayes - testAccuracy);
        r.note("Goal: test accuracy ≥ 0.95, or within 0.01 of bayes_test_accuracy (the Bayes-optimal classifier's"
                + " accuracy on the same generated test set) where the clusters overlap.");

        TrainTestCurves.write(context, "", "loss", "MSE per epoch", history.trainLoss(), history.validationLoss());
        TrainTestCurves.write(context, "", "accuracy", "Accuracy per epoch", history.trainAccuracy(),
                history.validationAccuracy());
        DecisionBoundary.write(context.file("boundary_train.png"),
                String.format(Locale.ROOT, "XOR decision regions, training set (accuracy %.3f)", trainAccuracy),
                model, train.x(), train.y());
        DecisionBoundary.write(context.file("boundary_test.png"),
                String.format(Locale.ROOT, "XOR decision regions, test set (accuracy %.3f, Bayes-optimal %.3f)",
                        testAccuracy, bayes), model, test.x(), test.y());
        r.artifact("boundary_train.png", "decision regions under the training points")
                .artifact("boundary_test.png", "decision regions under the test points");
    }
}
