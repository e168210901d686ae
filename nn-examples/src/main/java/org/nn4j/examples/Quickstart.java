package org.nn4j.examples;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.Minibatches;
import org.nn4j.core.Optim;
import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;
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
    public void run(Options options) {
        Seeds.manualSeed(options.seed());
        int n = options.quick() ? 400 : 2000;
        int epochs = options.quick() ? 20 : 100;
        INDArray[] train = xor(n, new Random(options.seed()));
        INDArray[] test = xor(n, new Random(options.seed() + 1));

        Sequential net = new Sequential(new Linear(2, 50), new TanH(), new Linear(50, 1), new Sigmoid());
        Optim optim = new Optim(net, new MSELoss(), 0.5);
        Minibatches batches = new Minibatches(train[0], train[1], 32, options.seed());
        System.out.println(net);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double sum = 0;
            for (Batch b : batches) {
                sum += optim.step(b.x(), b.y()) * b.size();
            }
            if (epoch == 1 || epoch % Math.max(1, epochs / 10) == 0) {
                System.out.printf("epoch %3d  loss %.4f%n", epoch, sum / n);
            }
        }
        System.out.printf("train accuracy %.4f, test accuracy %.4f%n",
                accuracy(net, train), accuracy(net, test));
    }

    private static double accuracy(Sequential net, INDArray[] data) {
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
