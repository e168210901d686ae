package org.nn4j.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Artificial 2-D binary classification problems (two Gaussian blobs, XOR, checkerboard), with
 * known generating densities and hence a known Bayes-optimal classifier.
 *
 * <ul>
 *   <li>type 0: two Gaussians of standard deviation {@code sigma}, centred at {@code (+cx, +cy)}
 *       (label 1) and {@code (-cx, -cy)} (label 0), half of the points each;</li>
 *   <li>type 1: four Gaussians in an XOR layout: {@code (+cx, +cy)} and {@code (-cx, -cy)} are
 *       label 1, {@code (-cx, +cy)} and {@code (+cx, -cy)} label 0, a quarter of the points each;</li>
 *   <li>type 2: a checkerboard: points uniform in {@code [-2|cx|, 2|cx|] × [-2|cy|, 2|cy|]}, cut
 *       into 4×4 cells of {@code |cx| × |cy|}; label 1 where {@code floor(x/|cx|) + floor(y/|cy|)} is
 *       even ({@code sigma} is unused).</li>
 * </ul>
 * Then exactly {@code round(epsilon · n)} labels, chosen at random, are flipped, and the
 * points are shuffled. Features are float32 {@code [N, 2]}; labels are float32 0/1 {@code [N, 1]}.
 *
 * <p>Note for readers of the Python generators of these problems, where {@code sigma} is often a
 * variance, {@code epsilon} the standard deviation of noise added to the coordinates, and labels
 * ±1: here {@code sigma} is a standard deviation, {@code epsilon} a label-noise rate and labels 0/1.
 *
 * @param type    0 (two Gaussians), 1 (XOR of four Gaussians) or 2 (checkerboard)
 * @param cx      the x coordinate of the centres (for the checkerboard, the cell width), non-zero for type 2
 * @param cy      the y coordinate of the centres (for the checkerboard, the cell height), non-zero for type 2
 * @param sigma   the standard deviation of each Gaussian, at least 0 (unused by the checkerboard)
 * @param epsilon the fraction of labels flipped, in [0, 1]
 */
public record Arti(int type, double cx, double cy, double sigma, double epsilon) {

    /**
     * Checks the parameters.
     *
     * @param type    the problem
     * @param cx      the centres' x coordinate
     * @param cy      the centres' y coordinate
     * @param sigma   the Gaussians' standard deviation
     * @param epsilon the label-noise rate
     * @throws IllegalArgumentException when {@code type} is not 0, 1 or 2, {@code sigma} is negative or NaN,
     *         {@code epsilon} is not in [0, 1], or a centre coordinate is 0 for the checkerboard
     */
    public Arti {
        if (type < 0 || type > 2) {
            throw new IllegalArgumentException("Arti: expected data type 0 (two Gaussians), 1 (XOR) or 2 (checkerboard),"
                    + " found " + type);
        }
        if (!(sigma >= 0) || !(epsilon >= 0 && epsilon <= 1) || cx == 0 && type == 2 || cy == 0 && type == 2) {
            throw new IllegalArgumentException("Arti: expected sigma >= 0, epsilon in [0, 1] and non-zero centres for"
                    + " the checkerboard, found sigma " + sigma + ", epsilon " + epsilon + ", centre (" + cx + ", "
                    + cy + ")");
        }
    }

    /**
     * The usual settings of these problems: centres (1, 1), {@code sigma} 0.1, 2% of labels flipped.
     *
     * @param type 0 (two Gaussians), 1 (XOR) or 2 (checkerboard)
     * @return the problem; draw its points with {@link #generate}
     * @throws IllegalArgumentException when {@code type} is not 0, 1 or 2
     */
    public static Arti defaults(int type) {
        return new Arti(type, 1, 1, 0.1, 0.02);
    }

    /**
     * {@code n} points drawn with {@code seed}; the same seed gives the same set.
     *
     * @param n    the number of points
     * @param seed the seed of the draw
     * @return float32 points {@code [n, 2]} and 0/1 labels {@code [n, 1]}
     */
    public Synthetic.Data generate(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            if (type == 2) {
                x[2 * i] = (4 * random.nextDouble() - 2) * Math.abs(cx);
                x[2 * i + 1] = (4 * random.nextDouble() - 2) * Math.abs(cy);
                y[i] = cleanLabel(x[2 * i], x[2 * i + 1]);
            } else {
                // type 0: first half label 1; type 1: quarters (+,+), (-,-), (-,+), (+,-)
                int part = type == 0 ? (i < n / 2 ? 0 : 1) : Math.min(4 * i / n, 3);
                double sx = part == 0 || part == 3 ? 1 : -1;
                double sy = part == 0 || part == 2 ? 1 : -1;
                x[2 * i] = sx * cx + sigma * random.nextGaussian();
                x[2 * i + 1] = sy * cy + sigma * random.nextGaussian();
                y[i] = part < 2 ? 1 : 0;
                if (type == 0) {
                    y[i] = part == 0 ? 1 : 0;
                }
            }
        }
        int[] order = permutation(n, random);
        int flips = (int) Math.round(epsilon * n);
        for (int k = 0; k < flips; k++) {
            y[order[k]] = 1 - y[order[k]];
        }
        int[] shuffle = permutation(n, random);
        float[] xs = new float[2 * n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = (float) x[2 * shuffle[i]];
            xs[2 * i + 1] = (float) x[2 * shuffle[i] + 1];
            ys[i] = y[shuffle[i]];
        }
        return new Synthetic.Data(Nd4j.createFromArray(xs).reshape('c', n, 2), Nd4j.createFromArray(ys).reshape('c', n, 1));
    }

    /**
     * The expected accuracy of the Bayes-optimal classifier on fresh data (the best any model
     * can do): with {@code A} its accuracy on clean labels, {@code A(1-ε) + (1-A)ε}. For type 0,
     * {@code A = Φ(|c|/σ)}; for type 1, {@code A = pq + (1-p)(1-q)} with {@code p = Φ(|cx|/σ)},
     * {@code q = Φ(|cy|/σ)}; for the checkerboard {@code A = 1}.
     *
     * @return the Bayes-optimal accuracy, in [0, 1]
     */
    public double bayesAccuracy() {
        double clean;
        if (type == 0) {
            clean = sigma == 0 ? 1 : StandardNormal.cdf(Math.hypot(cx, cy) / sigma);
        } else if (type == 1) {
            double p = sigma == 0 ? 1 : StandardNormal.cdf(Math.abs(cx) / sigma);
            double q = sigma == 0 ? 1 : StandardNormal.cdf(Math.abs(cy) / sigma);
            clean = p * q + (1 - p) * (1 - q);
        } else {
            clean = 1;
        }
        double a = clean * (1 - epsilon) + (1 - clean) * epsilon;
        return Math.max(a, 1 - a);
    }

    /**
     * The Bayes-optimal decision: type 0, {@code cx·x + cy·y > 0}; type 1, {@code cx·cy·x·y > 0}
     * (the sign of the likelihood ratio of the two mixtures); type 2, the cell's parity. Inverted
     * when {@code epsilon > 1/2}.
     *
     * @param x points {@code [N, 2]}; not modified
     * @return 0/1 predictions {@code [N, 1]}, float32
     */
    public INDArray bayesPredict(INDArray x) {
        if (x.rank() != 2 || x.size(1) != 2) {
            throw new IllegalArgumentException("Arti: expected points [N, 2], found " + org.nn4j.core.Checks.shape(x));
        }
        int n = Math.toIntExact(x.size(0));
        double[] p = Nd4j.toFlattened('c', x).toDoubleVector();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double a = p[2 * i];
            double b = p[2 * i + 1];
            float label = type == 0 ? (cx * a + cy * b > 0 ? 1 : 0)
                    : type == 1 ? (cx * cy * a * b > 0 ? 1 : 0)
                    : cleanLabel(a, b);
            out[i] = epsilon > 0.5 ? 1 - label : label;
        }
        return Nd4j.createFromArray(out).reshape('c', n, 1);
    }

    /**
     * The accuracy of {@link #bayesPredict} on a generated set (to print beside a model's).
     *
     * @param data points and labels, e.g. from {@link #generate}; not modified
     * @return the fraction of labels the Bayes-optimal classifier gets right
     */
    public double bayesAccuracy(Synthetic.Data data) {
        return Synthetic.accuracy(bayesPredict(data.x()), data.y());
    }

    private float cleanLabel(double a, double b) {
        long cell = (long) Math.floor(a / Math.abs(cx)) + (long) Math.floor(b / Math.abs(cy));
        return Math.floorMod(cell, 2) == 0 ? 1 : 0;
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
