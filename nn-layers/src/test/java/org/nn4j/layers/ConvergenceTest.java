package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.SGD;
import org.nn4j.core.Sequential;

/** Training reaches known solutions: the seed experiments' first two networks. */
class ConvergenceTest {

    /** y = 8x + 2 + N(0, 1), 100 points, as in the seed experiment; Linear(1,1) must reach least squares. */
    @Test
    void linearRegressionReachesTheLeastSquaresCoefficients() {
        Random random = new Random(42);
        double[] xs = new double[100];
        double[] ys = new double[100];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble() * 2 - 1;
            ys[i] = 8 * xs[i] + 2 + random.nextGaussian();
        }
        // Closed form: slope = cov(x, y) / var(x), intercept = mean(y) − slope·mean(x).
        double mx = mean(xs);
        double my = mean(ys);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < xs.length; i++) {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;

        Linear linear = new Linear(1, 1, true, 3);
        INDArray x = Nd4j.createFromArray(xs).castTo(DataType.FLOAT).reshape(100, 1);
        INDArray y = Nd4j.createFromArray(ys).castTo(DataType.FLOAT).reshape(100, 1);
        List<Double> losses = SGD.fit(linear, new MSELoss(), x, y, 100, 2000, 0.2, 1);

        assertEquals(slope, linear.weight().value().getDouble(0, 0), 1e-2);
        assertEquals(intercept, linear.bias().value().getDouble(0), 1e-2);
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) / 10, "the loss fell: " + losses.get(0)
                + " -> " + losses.get(losses.size() - 1));
    }

    /** Linear(2,3)–TanH–Linear(3,1)–Sigmoid with MSE separates two Gaussian clusters. */
    @Test
    void smallNetworkSeparatesTwoGaussianClusters() {
        Random random = new Random(7);
        int n = 400;
        float[][] xs = new float[n][2];
        float[][] ys = new float[n][1];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double cx = label == 1 ? 1 : -1;
            xs[i][0] = (float) (cx + 0.5 * random.nextGaussian());
            xs[i][1] = (float) (cx + 0.5 * random.nextGaussian());
            ys[i][0] = label;
        }
        INDArray x = Nd4j.createFromArray(xs);
        INDArray y = Nd4j.createFromArray(ys);
        Sequential net = new Sequential(new Linear(2, 3, true, 11), new TanH(), new Linear(3, 1, true, 12), new Sigmoid());
        SGD.fit(new Optim(net, new MSELoss(), 0.5), new DataLoader(x, y, 20, 5), 100);

        INDArray predicted = net.forward(x).gt(0.5).castTo(DataType.FLOAT);
        double accuracy = predicted.eq(y).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
