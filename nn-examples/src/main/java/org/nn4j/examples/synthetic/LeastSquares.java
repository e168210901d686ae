package org.nn4j.examples.synthetic;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form least-squares line through 1-D data, the reference a trained Linear(1,1)
 * is compared with: slope = cov(x, y) / var(x), intercept = mean(y) − slope · mean(x).
 * Computed in float64 so that the reference is far more precise than the 1e-2 being checked.
 */
record LeastSquares(double slope, double intercept) {

    /**
     * @param x inputs {@code [N, 1]} or {@code [N]}; not modified
     * @param y targets of the same length; not modified
     */
    static LeastSquares fit(INDArray x, INDArray y) {
        double[] xs = x.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] ys = y.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        if (xs.length != ys.length || xs.length < 2) {
            throw new IllegalArgumentException("LeastSquares: expected x and y of the same length >= 2, found "
                    + xs.length + " and " + ys.length);
        }
        double meanX = mean(xs);
        double meanY = mean(ys);
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < xs.length; i++) {
            covariance += (xs[i] - meanX) * (ys[i] - meanY);
            variance += (xs[i] - meanX) * (xs[i] - meanX);
        }
        if (variance == 0) {
            throw new IllegalArgumentException("LeastSquares: all x are equal, the slope is undefined");
        }
        double slope = covariance / variance;
        return new LeastSquares(slope, meanY - slope * meanX);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }
}
