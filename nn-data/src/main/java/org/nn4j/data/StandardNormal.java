package org.nn4j.data;

/** The standard normal distribution's CDF, for the Bayes accuracies of {@link Arti}. */
public final class StandardNormal {

    private StandardNormal() {
    }

    /**
     * The standard normal CDF, {@code (1 + erf(z/√2)) / 2}, to about 1e-12.
     *
     * @param z any value
     * @return Φ(z), in [0, 1]
     */
    public static double cdf(double z) {
        return z < 0 ? 0.5 * erfc(-z / Math.sqrt(2)) : 1 - 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * erfc for x >= 0: the Maclaurin series of erf below 3, Laplace's continued fraction above.
     *
     * @param x at least 0
     * @return the complementary error function erfc(x) = 1 − erf(x)
     */
    public static double erfc(double x) {
        if (x < 3) {
            double term = x;
            double sum = x;
            for (int k = 1; k < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
                term *= -x * x / k;
                sum += term / (2 * k + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from the tail
        double f = x;
        for (int k = 60; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
