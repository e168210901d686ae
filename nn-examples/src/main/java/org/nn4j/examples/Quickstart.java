package org.nn4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.examples.plot.DecisionBoundary;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/**
 * The README's first example: four Gaussian clusters in an XOR layout, learnt by
 * Linear(2,50)–TanH–Linear(50,1)–Sigmoid with MSE and plain SGD; prints a falling loss.
 */
public final class Quickstart implements Experiment {

    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String description() {
        return "XOR of four Gaussians, a 2-50-1 TanH network, MSE, plain SGD";
    }

    @Override
    public void run(RunContext options) throws java.io.IOException {
        int n = options.pick(2000, 400);
        int epochs = options.pick(100, 20);
        INDArray[] train = xor(n, new Random(options.seed()));
        INDArray[] test = xor(n, new Random(options.seed() + 1));

        Sequential net = new Sequential(new Linear(2, 50), new TanH(), new Linear(50, 1), new Sigmoid());
        Optim optim = new Optim(net, new MSELoss(), 0.5);
        DataLoader batches = new DataLoader(train[0], train[1], 32, options.seed());
        System.out.println(net);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double sum = 0;
            for (Batch b : batches) {
                sum += optim.step(b.x(), b.y()) * b.size();
            }
            losses.add(sum / n);
            if (epoch == 1 || epoch % Math.max(1, epochs / 10) == 0) {
                options.log("epoch %3d  loss %.4f", epoch, sum / n);
            }
        }
        Results r = options.results();
        r.config("network", "Linear(2,50)-TanH-Linear(50,1)-Sigmoid").config("loss", "MSE")
                .config("optimizer", "plain SGD, lr 0.5, batch 32").config("epochs", epochs).config("samples", n);
        r.figure("train_accuracy", accuracy(net, train)).figure("test_accuracy", accuracy(net, test))
                .series("train_loss", losses);
        Plots.lines(options.file("loss.png"), "Training loss (MSE)", "epoch", "loss", Map.of("train", losses));
        DecisionBoundary.write(options.file("boundary.png"), "Decision regions on the test set", net.eval(), test[0], test[1]);
        r.artifact("loss.png", "training loss").artifact("boundary.png", "decision regions on the test set");
    }

    private static double accuracy(Module net, INDArray[] data) {
        INDArray predicted = net.forward(data[0]).gt(0.5).castTo(DataType.FLOAT);
        return predicted.eq(data[1]).castTo(DataType.FLOAT).meanNumber().doubleValue();
    }

    /** Class 1 around (1,1) and (−1,−1), class 0 around (1,−1) and (−1,1); σ = 0.4. */
    static INDArray[] xor(int n, Random random) {
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            int cluster = i % 4;
            float cx = cluster == 0 || cluster == 2 ? 1 : -1;
            float cy = cluster == 0 || cluster == 3 ? 1 : -1;
            x[i][0] = (float) (cx + 0.4 * random.nextGaussian());
            x[i][1] = (float) (cy + 0.4 * random.nextGaussian());
            y[i][0] = cx * cy > 0 ? 1 : 0;
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }
}
