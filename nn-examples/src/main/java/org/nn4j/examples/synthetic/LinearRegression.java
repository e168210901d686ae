package org.nn4j.examples.synthetic;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Synthetic;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;

/**
 * Linear regression: a single Linear(1,1) fitted by mini-batch gradient descent on
 * {@code y = 8x + 2 + N(0,1)}, compared with the closed-form least-squares line of the same
 * training set.
 */
public final class LinearRegression implements Experiment {

    private static final double TRUE_SLOPE = 8;
    private static final double TRUE_INTERCEPT = 2;
    private static final int BATCH = 32;
    private static final double LEARNING_RATE = 0.1;

    @Override
    public String name() {
        return "linear-regression";
    }

    @Override
    public String description() {
        return "y = 8x + 2 + N(0,1): Linear(1,1), MSE, 200 epochs; coefficients vs closed-form least squares";
    }

    @Override
    public void run(RunContext context) throws IOException {
        int n = context.pick(500, 200);
        int epochs = context.pick(200, 20);
        Synthetic.Data train = Synthetic.linear(n, TRUE_SLOPE, TRUE_INTERCEPT, 1, context.seed());
        Synthetic.Data test = Synthetic.linear(n, TRUE_SLOPE, TRUE_INTERCEPT, 1, context.seed() + 1);

        Linear net = new Linear(1, 1);
        GradientDescent optimizer = new GradientDescent(LEARNING_RATE);
        // Annealing the step to 0 removes the mini-batch noise at the end, so the weights settle
        // on the least-squares optimum instead of wandering around it.
        Trainer trainer = new Trainer(net, new MSELoss(), optimizer).accuracy(false)
                .schedule(new CosineAnnealingLR(optimizer, epochs));
        History history = TestSetTraining.fit(context, trainer, train, test, BATCH, epochs);

        double slope = net.weight().value().getDouble(0);
        double intercept = net.bias().value().getDouble(0);
        LeastSquares exact = LeastSquares.fit(train.x(), train.y());

        Results r = context.results();
        r.config("model", "Linear(1,1)").config("loss", "MSE").config("data", "y = 8x + 2 + N(0,1), x ~ U[-1,1)")
                .config("train_samples", n).config("test_samples", n).config("epochs", epochs)
                .config("optimizer", "plain SGD, lr " + LEARNING_RATE + ", batch " + BATCH
                        + ", cosine annealing to 0 over the epochs");
        r.figure("slope", slope).figure("intercept", intercept)
                .figure("least_squares_slope", exact.slope()).figure("least_squares_intercept", exact.intercept())
                .figure("slope_difference", Math.abs(slope - exact.slope()))
                .figure("intercept_difference", Math.abs(intercept - exact.intercept()))
                .figure("train_mse", history.last().trainLoss()).figure("test_mse", history.last().validationLoss());
        r.table("Coefficients", List.of("", "slope", "intercept"), List.of(
                List.of("generating line", TRUE_SLOPE, TRUE_INTERCEPT),
                List.of("closed-form least squares (train set)", exact.slope(), exact.intercept()),
                List.of("Linear(1,1) after " + epochs + " epochs", slope, intercept)));
        r.note("Goal: |learnt − least squares| ≤ 1e-2 for both coefficients. The least-squares line itself"
                + " differs from 8x + 2 because of the N(0,1) noise on " + n + " points.");

        TrainTestCurves.write(context, "", "loss", "MSE per epoch (train: mean over the epoch's batches)",
                history.trainLoss(), history.validationLoss());
        fitPlot(context, train, slope, intercept, exact);
    }

    private static void fitPlot(RunContext context, Synthetic.Data train, double slope, double intercept,
                                LeastSquares exact) throws IOException {
        XYChart chart = Plots.scatter("Training data and fitted lines", "x", "y");
        Plots.points(chart, "training points", train.x().reshape(-1).toDoubleVector(),
                train.y().reshape(-1).toDoubleVector(), new Color(150, 150, 150), 4);
        double[] ends = {-1, 1};
        Plots.line(chart, String.format(Locale.ROOT, "Linear(1,1): y = %.3fx + %.3f", slope, intercept),
                ends, new double[] {intercept - slope, intercept + slope}, new Color(200, 0, 0));
        Plots.line(chart, String.format(Locale.ROOT, "least squares: y = %.3fx + %.3f", exact.slope(),
                        exact.intercept()), ends, new double[] {exact.intercept() - exact.slope(),
                        exact.intercept() + exact.slope()}, Color.BLACK)
                .setLineStyle(SeriesLines.DASH_DASH);
        Plots.save(chart, context.file("fit.png"));
        context.results().artifact("fit.png", "training points, the learnt line and the least-squares line");
    }
}
