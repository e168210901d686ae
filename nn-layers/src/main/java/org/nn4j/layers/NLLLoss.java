package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Negative log-likelihood of log-probabilities {@code [N, C]} (the output of {@link LogSoftmax}),
 * averaged over the batch, like PyTorch's {@code NLLLoss}: {@code L = −(1/N) Σ_n Σ_c t[n, c]·logp[n, c]},
 * i.e. {@code −mean logp[n, target[n]]} for class indices. Targets as {@link CrossEntropyLoss}: class
 * indices {@code [N]}/{@code [N, 1]} or one-hot/probability rows {@code [N, C]}.
 *
 * <p>A prediction {@code [N, C, d1, …]} (per pixel, per time step), as PyTorch's: classes on axis 1, targets class
 * indices {@code [N, d1, …]} or rows shaped like the prediction; each position is a sample, so the mean is over
 * {@code N·d1·…} positions (over {@code Σ w[y]} of the positions kept with a weight or an ignored index), and the
 * options apply per position. {@link #forwardUnreduced} gives the loss of each sample or position (PyTorch's
 * {@code reduction='none'}).
 *
 * <p>Options, as PyTorch's {@code NLLLoss(weight, ignore_index)}:
 * <ul>
 *   <li>{@link #weight(INDArray)}: a weight per class. With class indices the loss is
 *       {@code −Σ_n w[y_n]·logp[n, y_n] / Σ_n w[y_n]}, PyTorch's weighted mean; with rows shaped like the prediction
 *       it is {@code −(1/N) Σ_n Σ_c w[c]·t[n, c]·logp[n, c]}, as PyTorch's cross-entropy of probability targets.</li>
 *   <li>{@link #ignoreIndex(long)}: samples whose class index is this value add nothing, neither to the sum nor to
 *       the weights it is divided by (a batch of ignored samples only gives NaN, 0/0, as PyTorch). It applies to class
 *       indices only; rows shaped like the prediction are then rejected, as PyTorch does. Unlike PyTorch, which
 *       ignores −100 by default, no index is ignored unless one is set: an index outside [0, C) is an error.</li>
 * </ul>
 */
public class NLLLoss extends Loss {

    private INDArray weight;
    private Long ignoreIndex;

    /**
     * A weight per class; null for none (every class weighs 1, the default).
     *
     * @param weight {@code [C]}, floating-point; copied, not modified
     * @return this loss
     * @throws IllegalArgumentException when weight is not a floating-point vector
     */
    public NLLLoss weight(INDArray weight) {
        this.weight = Targets.classWeights("NLLLoss", weight);
        return this;
    }

    /**
     * Samples whose class index is {@code index} add nothing to the loss (PyTorch's {@code ignore_index}).
     *
     * @param index any value, e.g. −100, PyTorch's default, or a class in [0, C)
     * @return this loss
     */
    public NLLLoss ignoreIndex(long index) {
        this.ignoreIndex = index;
        return this;
    }

    /** @return a copy of the weight per class, or null when every class weighs 1 */
    public INDArray weight() {
        return weight == null ? null : weight.dup();
    }

    /** @return the class index whose samples are ignored, or null when there is none */
    public Long ignoreIndex() {
        return ignoreIndex;
    }

    /**
     * @param target     not modified
     * @param prediction log-probabilities {@code [N, C]} or {@code [N, C, d1, …]}; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten("NLLLoss", target, prediction, weight, ignoreIndex);
            return forwardRows(f.target(), f.prediction());
        }
        return forwardRows(target, prediction);
    }

    /**
     * The loss of each sample (each position for {@code [N, C, d1, …]}) before the reduction, PyTorch's
     * {@code reduction='none'}: {@code −w[y]·logp[y]} for class indices, 0 at ignored positions ({@code −Σ_c w[c]·t[c]·logp[c]}
     * for rows shaped like the prediction). Nothing is divided: the mean {@link #forward} returns is the sum of these
     * over N (over {@code Σ w[y]} of the positions kept, with class indices and a weight or an ignored index). There is
     * no gradient of it ({@link #backward} is that of {@link #forward}).
     *
     * @param target     as {@link #forward}; not modified
     * @param prediction as {@link #forward}; not modified
     * @return a new array {@code [N]} for a prediction {@code [N, C]}, {@code [N, d1, …]} for {@code [N, C, d1, …]},
     *         in the prediction's dtype
     * @throws IllegalArgumentException as {@link #forward}
     */
    public INDArray forwardUnreduced(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten("NLLLoss", target, prediction, weight, ignoreIndex);
            return f.perPosition(unreducedRows(f.target(), f.prediction()));
        }
        return unreducedRows(target, prediction);
    }

    private INDArray unreducedRows(INDArray target, INDArray prediction) {
        INDArray t = weight == null && ignoreIndex == null ? Targets.dense("NLLLoss", target, prediction)
                : Targets.weighted("NLLLoss", target, prediction, weight, ignoreIndex).targets();
        return prediction.mul(t).sum(1).negi();
    }

    private double forwardRows(INDArray target, INDArray prediction) {
        if (weight == null && ignoreIndex == null) {
            INDArray t = Targets.dense("NLLLoss", target, prediction);
            return -prediction.mul(t).sumNumber().doubleValue() / prediction.size(0);
        }
        Targets.Weighted w = Targets.weighted("NLLLoss", target, prediction, weight, ignoreIndex);
        return -prediction.mul(w.targets()).sumNumber().doubleValue() / w.divisor();
    }

    /** dL/dprediction = −t / N (−w[y]·t / Σ w[y] with weights or ignored samples), a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten("NLLLoss", target, prediction, weight, ignoreIndex);
            return f.unflatten(backwardRows(f.target(), f.prediction()));
        }
        return backwardRows(target, prediction);
    }

    private INDArray backwardRows(INDArray target, INDArray prediction) {
        if (weight == null && ignoreIndex == null) {
            INDArray t = Targets.dense("NLLLoss", target, prediction);
            return t.div(-prediction.size(0));
        }
        Targets.Weighted w = Targets.weighted("NLLLoss", target, prediction, weight, ignoreIndex);
        return w.targets().divi(-w.divisor());
    }

    @Override
    public String toString() {
        if (weight == null && ignoreIndex == null) {
            return "NLLLoss()";
        }
        return "NLLLoss(" + (weight == null ? "" : "weight=" + Arrays.toString(weight.toDoubleVector()))
                + (weight != null && ignoreIndex != null ? ", " : "") + (ignoreIndex == null ? "" : "ignoreIndex=" + ignoreIndex) + ")";
    }
}
