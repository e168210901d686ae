package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.LossOps;
import org.nn4j.kernels.Targets;

/**
 * PyTorch's {@code SmoothL1Loss(beta)}: with {@code z = |prediction − target|}, each element contributes
 * {@code 0.5·z²/β} where {@code z < β} and {@code z − 0.5·β} elsewhere, reduced by the mean over all elements
 * (the default) or the sum. Defaults: {@code β = 1}, {@link Reduction#MEAN}. It is {@link HuberLoss} divided by
 * β; {@code β = 0} gives {@link L1Loss}'s value. Prediction and target have the same (any) shape and dtype.
 *
 * <p>dL/dprediction per element is {@code clamp(d, −β, β)/β} with {@code d = prediction − target}, so ±1 at the
 * joint {@code |d| = β}, as PyTorch's. With {@code β = 0} it is +1 for {@code d > 0} and −1 for {@code d ≤ 0}:
 * PyTorch 1.13's kernel gives −1 at {@code d = 0} then, and so does this loss.
 */
public class SmoothL1Loss extends Loss {

    private final double beta;
    private final Reduction reduction;

    /** β = 1, mean over all elements: PyTorch's {@code nn.SmoothL1Loss()}. */
    public SmoothL1Loss() {
        this(1.0);
    }

    /**
     * @param beta where the square turns into the absolute value, ≥ 0
     * @throws IllegalArgumentException when beta is negative or NaN
     */
    public SmoothL1Loss(double beta) {
        this(beta, Reduction.MEAN);
    }

    /**
     * @param beta      where the square turns into the absolute value, ≥ 0
     * @param reduction {@link Reduction#MEAN} or {@link Reduction#SUM}
     * @throws IllegalArgumentException when beta is negative or NaN, or for {@link Reduction#BATCH_MEAN} or null
     */
    public SmoothL1Loss(double beta, Reduction reduction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("SmoothL1Loss: expected a finite beta >= 0, found " + beta);
        }
        this.beta = beta;
        this.reduction = Reduction.elementwise("SmoothL1Loss", reduction);
    }

    /** @return β, where the square turns into the absolute value */
    public double beta() {
        return beta;
    }

    /** @return how the elements' losses are reduced */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * @param target     not modified
     * @param prediction not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("SmoothL1Loss", target, prediction);
        INDArray z = Transforms.abs(prediction.sub(target), false);
        if (beta == 0) {
            return z.sumNumber().doubleValue() / reduction.divisor(prediction);
        }
        // with m = min(z, β): (z − 0.5·m)·m/β is 0.5·z²/β below β and z − 0.5·β from β on
        INDArray m = LossOps.clipInPlace(z.dup(), 0, beta);
        return z.subi(m.mul(0.5)).muli(m).sumNumber().doubleValue() / beta / reduction.divisor(prediction);
    }

    /**
     * dL/dprediction = clamp(d, −β, β) / (β · divisor), divisor numel for MEAN and 1 for SUM; a new array.
     * Arguments not modified.
     */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("SmoothL1Loss", target, prediction);
        INDArray d = prediction.sub(target);
        if (beta == 0) {
            // sign(d), and −1 where d = 0: PyTorch's kernel tests d ≤ −β before d ≥ β
            INDArray zeros = d.eq(0).castTo(d.dataType());
            return Transforms.sign(d, false).subi(zeros).divi(reduction.divisor(prediction));
        }
        return LossOps.clipInPlace(d, -beta, beta).divi(beta * reduction.divisor(prediction));
    }

    @Override
    public String toString() {
        return "SmoothL1Loss(beta=" + beta + ", reduction=" + reduction + ")";
    }
}
