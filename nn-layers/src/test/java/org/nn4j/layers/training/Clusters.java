package org.nn4j.layers.training;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Sequential;
import org.nn4j.layers.Linear;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/** Two Gaussian clusters in 2-D, labels 0/1 as [N, 1], and the small network that separates them. */
final class Clusters {

    final INDArray x;
    final INDArray y;

    Clusters(int n, long seed) {
        Random random = new Random(seed);
        float[][] xs = new float[n][2];
        float[][] ys = new float[n][1];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double c = label == 1 ? 1 : -1;
            xs[i][0] = (float) (c + 0.6 * random.nextGaussian());
            xs[i][1] = (float) (c + 0.6 * random.nextGaussian());
            ys[i][0] = label;
        }
        x = Nd4j.createFromArray(xs);
        y = Nd4j.createFromArray(ys);
    }

    /** Linear(2, 8) – TanH – Linear(8, 1) – Sigmoid. */
    static Sequential network(long seed) {
        return new Sequential(new Linear(2, 8, true, seed), new TanH(), new Linear(8, 1, true, seed + 2), new Sigmoid());
    }
}
