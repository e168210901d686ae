package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;

/**
 * Cross-entropy of {@code [N, C]} predictions against class targets, averaged over the batch:
 * {@code L = −(1/N) Σ_n Σ_c t[n, c] · log p[n, c]}. Two forms:
 * <ul>
 *   <li>{@code new CrossEntropyLoss()} takes <b>logits</b> (no Softmax before it), as PyTorch's
 *       {@code CrossEntropyLoss}: log p = LogSoftmax(prediction), computed stably, so logits of ±1000
 *       give finite values and gradients; dL/dlogits = (softmax(prediction)·Σ_c t − t)/N.</li>
 *   <li>{@link #onProbabilities()} takes <b>probabilities</b>, e.g. the output of a {@link Softmax}
 *       module, as in the course's {@code Sequential(..., Softmax())}: log p is clamped at −100
 *       (as PyTorch's BCELoss) so p = 0 gives a finite loss; dL/dp = −t / (N·max(p, 1e-12)).</li>
 * </ul>
 * Targets: class indices {@code [N]} or {@code [N, 1]} (any numeric dtype, values in [0, C)), or
 * one-hot rows / class probabilities shaped like the prediction. A target shaped exactly like the
 * prediction is always read as the latter (so with C = 1, {@code [N, 1]} means probabilities).
 */
public class CrossEntropyLoss extends Loss {

    private static final double LOG_FLOOR = -100;
    private static final double PROBABILITY_FLOOR = 1e-12;

    private final boolean onProbabilities;

    /** On logits, like PyTorch's {@code nn.CrossEntropyLoss()}. */
    public CrossEntropyLoss() {
        this(false);
    }

    private CrossEntropyLoss(boolean onProbabilities) {
        this.onProbabilities = onProbabilities;
    }

    /** On probabilities (after a {@link Softmax} module): {@code L = −mean log p[target]}, log clamped at −100. */
    public static CrossEntropyLoss onProbabilities() {
        return new CrossEntropyLoss(true);
    }

    public boolean isOnProbabilities() {
        return onProbabilities;
    }

    /**
     * @param target     class indices {@code [N]}/{@code [N, 1]} or {@code [N, C]}; not modified
     * @param prediction logits (or probabilities) {@code [N, C]}; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        INDArray t = Targets.dense(name(), target, prediction);
        INDArray logP = onProbabilities
                ? Transforms.max(Transforms.log(prediction, true), LOG_FLOOR, false)
                : FeatureAxis.logSoftmax(prediction);
        return -logP.muli(t).sumNumber().doubleValue() / prediction.size(0);
    }

    /**
     * @param target     not modified
     * @param prediction not modified
     * @return dL/dprediction, a new {@code [N, C]} array
     */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        INDArray t = Targets.dense(name(), target, prediction);
        double n = prediction.size(0);
        if (onProbabilities) {
            return t.div(Transforms.max(prediction, PROBABILITY_FLOOR, true)).divi(-n);
        }
        INDArray softmax = Nd4j.exec(new SoftMax(prediction, prediction.ulike(), 1))[0];
        boolean fromClassIndices = !java.util.Arrays.equals(target.shape(), prediction.shape());
        if (fromClassIndices) {
            return softmax.subi(t).divi(n);
        }
        // Soft targets need not sum to 1 per row: dL/dx = softmax·Σ_c t − t, as in PyTorch's gradient.
        return softmax.muli(t.sum(true, 1)).subi(t).divi(n);
    }

    private String name() {
        return onProbabilities ? "CrossEntropyLoss(onProbabilities)" : "CrossEntropyLoss";
    }

    @Override
    public String toString() {
        return onProbabilities ? "CrossEntropyLoss.onProbabilities()" : "CrossEntropyLoss()";
    }
}
