package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Host;
import org.nn4j.kernels.LossOps;
import org.nn4j.kernels.Targets;

/**
 * Binary cross-entropy of probabilities, like PyTorch's {@code BCELoss} (mean over all elements):
 * {@code L = −mean(t·log p + (1 − t)·log(1 − p))}, each log clamped at −100 so p = 0 or 1 gives a
 * finite loss. Prediction and target have the same (any) shape, both with values in [0, 1]; the target
 * is cast to the prediction's dtype. The two logarithms are ND4J ops, the rest is computed element by
 * element in Java ({@link Host}), or as ND4J ops on large arrays and on backends other than the CPU
 * ({@link LossOps}). A NaN prediction or target gives a NaN loss at every size (PyTorch 1.13 raises an error for
 * a NaN prediction instead), so that {@code Optim} rejects the step and a trainer reports the divergence.
 */
public class BCELoss extends Loss {

    private static final double LOG_FLOOR = -100;
    private static final double EPSILON = 1e-12;
    /**
     * From this many elements the arithmetic runs as ND4J ops instead of a Java loop: below it the
     * ops' overhead costs more than the loop, above it the loop is slower.
     */
    private static final long AS_OPS_FROM = 1L << 16;

    /**
     * @param target     in [0, 1]; not modified
     * @param prediction probabilities in [0, 1]; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        if (asOps(prediction)) {
            INDArray t = checked(target, prediction);
            INDArray logP = LossOps.floorInPlace(Transforms.log(prediction, true), LOG_FLOOR);
            INDArray log1mP = LossOps.floorInPlace(Transforms.log(prediction.rsub(1), false), LOG_FLOOR);
            // Σ t·log p + (1 − t)·log(1 − p) = Σ log(1 − p) + Σ t·(log p − log(1 − p))
            double sum = log1mP.sumNumber().doubleValue() + t.mul(logP.subi(log1mP)).sumNumber().doubleValue();
            return -sum / prediction.length();
        }
        double[] t = check(target, prediction, Host.values(prediction));
        // The logarithms natively: ND4J's log is several times faster than Math.log, and two a prediction
        // are a large part of a small autoencoder's step.
        double[] logP = Host.values(Transforms.log(prediction, true));
        double[] log1mP = Host.values(Transforms.log(prediction.rsub(1), false));
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += t[i] * Math.max(logP[i], LOG_FLOOR) + (1 - t[i]) * Math.max(log1mP[i], LOG_FLOOR);
        }
        return -sum / t.length;
    }

    /** dL/dp = (p − t) / max(p·(1 − p), 1e-12) / numel, PyTorch's formula; a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        if (asOps(prediction)) {
            INDArray t = checked(target, prediction);
            INDArray denominator = LossOps.floorInPlace(prediction.rsub(1).muli(prediction), EPSILON);
            return prediction.sub(t).divi(denominator).divi(prediction.length());
        }
        double[] p = Host.values(prediction);
        double[] t = check(target, prediction, p);
        double[] g = new double[p.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (p[i] - t[i]) / Math.max(p[i] * (1 - p[i]), EPSILON) / g.length;
        }
        return Host.array(g, prediction);
    }

    private static boolean asOps(INDArray prediction) {
        return LossOps.preferred() || prediction.length() >= AS_OPS_FROM;
    }

    /** The target in the prediction's dtype, after checking that target and prediction are in [0, 1]. */
    private static INDArray checked(INDArray target, INDArray prediction) {
        INDArray t = Targets.sameShape("BCELoss", target, prediction);
        Targets.requireWithin("BCELoss", t, 0, 1, "target");
        Targets.requireWithin("BCELoss", prediction, 0, 1, "prediction (a probability)");
        return t;
    }

    /** The target's elements in c order, after checking that target and prediction are in [0, 1]. */
    private static double[] check(INDArray target, INDArray prediction, double[] p) {
        INDArray t = Targets.sameShape("BCELoss", target, prediction);
        double[] tValues = Host.values(t);
        for (int i = 0; i < p.length; i++) {
            if (!(tValues[i] >= 0 && tValues[i] <= 1 && p[i] >= 0 && p[i] <= 1)) {
                Targets.requireWithin("BCELoss", t, 0, 1, "target");
                Targets.requireWithin("BCELoss", prediction, 0, 1, "prediction (a probability)");
                break; // NaN passes those checks, as it did before
            }
        }
        return tValues;
    }
}
