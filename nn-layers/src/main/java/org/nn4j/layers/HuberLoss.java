package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.LossOps;
import org.nn4j.kernels.Targets;

/**
 * PyTorch's {@code HuberLoss(delta)}: with {@code z = |prediction − target|}, each element contributes
 * {@code 0.5·z²} where {@code z < δ} and {@code δ·(z − 0.5·δ)} elsewhere, reduced by the mean over all elements
 * (the default) or the sum. Defaults: {@code δ = 1}, {@link Reduction#MEAN}. It is {@link SmoothL1Loss} times δ.
 * Prediction and target have the same (any) shape and dtype.
 *
 * <p>dL/dprediction per element is {@code clamp(d, −δ, δ)} with {@code d = prediction − target} (±δ at the joint
 * {@code |d| = δ}, as PyTorch's), divided by the number of elements for the mean.
 */
public class HuberLoss extends Loss {

    private final double delta;
    private final Reduction reduction;

    /** δ = 1, mean over all elements: PyTorch's {@code nn.HuberLoss()}. */
    public HuberLoss() {
        this(1.0);
    }

    /**
     * @param delta where the square turns into the absolute value, &gt; 0
     * @throws IllegalArgumentException when delta is not positive and finite
     */
    public HuberLoss(double delta) {
        this(delta, Reduction.MEAN);
    }

    /**
     * @param delta     where the square turns into the absolute value, &gt; 0
     * @param reduction {@link Reduction#MEAN} or {@link Reduction#SUM}
     * @throws IllegalArgumentException when delta is not positive and finite, or for {@link Reduction#BATCH_MEAN} or null
     */
    public HuberLoss(double delta, Reduction reduction) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("HuberLoss: expected a finite delta > 0, found " + delta);
        }
        this.delta = delta;
        this.reduction = Reduction.elementwise("HuberLoss", reduction);
    }

    /** @return δ, where the square turns into the absolute value */
    public double delta() {
        return delta;
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
        Targets.requireSameShapeAndDtype("HuberLoss", target, prediction);
        INDArray z = Transforms.abs(prediction.sub(target), false);
        // with m = min(z, δ): (z − 0.5·m)·m is 0.5·z² below δ and δ·(z − 0.5·δ) from δ on
        INDArray m = LossOps.clipInPlace(z.dup(), 0, delta);
        return z.subi(m.mul(0.5)).muli(m).sumNumber().doubleValue() / reduction.divisor(prediction);
    }

    /** dL/dprediction = clamp(d, −δ, δ) / divisor (numel for MEAN, 1 for SUM), a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("HuberLoss", target, prediction);
        return LossOps.clipInPlace(prediction.sub(target), -delta, delta).divi(reduction.divisor(prediction));
    }

    @Override
    public String toString() {
        return "HuberLoss(delta=" + delta + ", reduction=" + reduction + ")";
    }
}
