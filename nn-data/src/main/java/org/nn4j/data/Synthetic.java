package org.nn4j.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * Seeded synthetic data: the two-Gaussians, XOR and checkerboard classification problems (see
 * {@link Arti}) and 1-D linear regression data.
 */
public final class Synthetic {

    /** Features {@code x [N, D]} and targets {@code y [N, 1]}, float32. */
    public record Data(INDArray x, INDArray y) {
    }

    private Synthetic() {
    }

    /**
     * The points of an {@link Arti} problem, with the argument order of the Python generators of
     * these problems ({@code centerx, centery, sigma, nbex, data_type, epsilon}), seeded.
     *
     * @param centerx  the centres' x coordinate
     * @param centery  the centres' y coordinate
     * @param sigma    the Gaussians' standard deviation
     * @param nbex     the number of points
     * @param dataType 0 (two Gaussians), 1 (XOR) or 2 (checkerboard)
     * @param epsilon  the fraction of labels flipped, in [0, 1]
     * @param seed     the same seed gives the same points
     * @return points {@code [nbex, 2]} and 0/1 labels {@code [nbex, 1]}
     * @throws IllegalArgumentException as {@link Arti}'s constructor
     */
    public static Data genArti(double centerx, double centery, double sigma, int nbex, int dataType, double epsilon,
                               long seed) {
        return new Arti(dataType, centerx, centery, sigma, epsilon).generate(nbex, seed);
    }

    /**
     * {@code y = a·x + b + noise}, with x uniform in [-1, 1) and noise {@code N(0, noiseStd²)}.
     *
     * @param n        the number of points
     * @param a        the slope
     * @param b        the intercept
     * @param noiseStd the noise's standard deviation
     * @param seed     the same seed gives the same points
     * @return x {@code [n, 1]} and y {@code [n, 1]}
     */
    public static Data linear(int n, double a, double b, double noiseStd, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = 2 * random.nextDouble() - 1;
            x[i] = (float) xi;
            y[i] = (float) (a * xi + b + noiseStd * random.nextGaussian());
        }
        return new Data(Nd4j.createFromArray(x).reshape('c', n, 1), Nd4j.createFromArray(y).reshape('c', n, 1));
    }

    /**
     * The fraction of equal 0/1 labels.
     *
     * @param predicted {@code [N, 1]}; not modified
     * @param target    {@code [N, 1]}; not modified
     * @return the fraction of rows where the labels agree
     */
    public static double accuracy(INDArray predicted, INDArray target) {
        Checks.requireSameShape("Synthetic.accuracy", target, predicted);
        return predicted.eq(target).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
    }
}
