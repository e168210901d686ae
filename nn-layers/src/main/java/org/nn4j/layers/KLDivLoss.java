package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Kullback–Leibler divergence of the target distribution from the predicted one, PyTorch's {@code KLDivLoss}: the
 * prediction holds <b>log-probabilities</b> {@code x = log q} (e.g. the output of {@link LogSoftmax}), the target
 * probabilities {@code p}, and each element contributes {@code p·(log p − x)}, with {@code 0·log 0 = 0} as in
 * PyTorch (a target of 0 adds nothing, whatever its prediction, unless that is −∞ or NaN: then the loss is NaN,
 * as PyTorch's). With {@code logTarget} the target holds log-probabilities {@code log p} and each element
 * contributes {@code exp(log p)·(log p − x)}. Prediction and target have the same (any) shape; the target is cast
 * to the prediction's dtype, and a probability target must lie in [0, 1] (PyTorch returns NaN for a negative one).
 *
 * <p>Reductions: {@link Reduction#BATCH_MEAN} (the default), the sum divided by the batch size (axis 0), which is
 * the divergence per sample; {@link Reduction#SUM}; {@link Reduction#MEAN}, over every element, PyTorch's own
 * default, which it warns does not give the divergence and which it intends to make {@code batchmean}'s.
 * dL/dx = −p / divisor ({@code −exp(log p)} with {@code logTarget}).
 */
public class KLDivLoss extends Loss {

    private final Reduction reduction;
    private final boolean logTarget;

    /** Probability targets, the divergence per sample: PyTorch's {@code nn.KLDivLoss(reduction='batchmean')}. */
    public KLDivLoss() {
        this(Reduction.BATCH_MEAN);
    }

    /**
     * @param reduction {@link Reduction#BATCH_MEAN}, {@link Reduction#SUM} or {@link Reduction#MEAN}
     * @throws IllegalArgumentException when reduction is null
     */
    public KLDivLoss(Reduction reduction) {
        this(reduction, false);
    }

    /**
     * @param reduction {@link Reduction#BATCH_MEAN}, {@link Reduction#SUM} or {@link Reduction#MEAN}
     * @param logTarget true when the target holds log-probabilities, PyTorch's {@code log_target=True}
     * @throws IllegalArgumentException when reduction is null
     */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        if (reduction == null) {
            throw new IllegalArgumentException("KLDivLoss: expected reduction BATCH_MEAN, SUM or MEAN, found null");
        }
        this.reduction = reduction;
        this.logTarget = logTarget;
    }

    /** @return how the elements' contributions are reduced */
    public Reduction reduction() {
        return reduction;
    }

    /** @return true when the target holds log-probabilities */
    public boolean isLogTarget() {
        return logTarget;
    }

    /**
     * @param target     probabilities, or log-probabilities with {@code logTarget}; not modified
     * @param prediction log-probabilities; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        INDArray t = checked(target, prediction);
        INDArray pointwise;
        if (logTarget) {
            pointwise = Transforms.exp(t, true).muli(t.sub(prediction));
        } else {
            // p·log p with log 1 = 0 taken where p = 0: 0·log 0 adds 0, as PyTorch's xlogy
            INDArray logP = Transforms.log(t.eq(0).castTo(t.dataType()).addi(t), false);
            pointwise = logP.muli(t).subi(t.mul(prediction));
        }
        return pointwise.sumNumber().doubleValue() / reduction.divisor(prediction);
    }

    /** dL/dx = −p / divisor ({@code −exp(log p)} / divisor with logTarget), a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        INDArray t = checked(target, prediction);
        INDArray p = logTarget ? Transforms.exp(t, true) : t.dup();
        return p.divi(-reduction.divisor(prediction));
    }

    private INDArray checked(INDArray target, INDArray prediction) {
        INDArray t = Targets.sameShape("KLDivLoss", target, prediction);
        if (!logTarget) {
            Targets.requireWithin("KLDivLoss", t, 0, 1, "target (a probability)");
        }
        return t;
    }

    @Override
    public String toString() {
        return "KLDivLoss(reduction=" + reduction + (logTarget ? ", logTarget=true" : "") + ")";
    }
}
