package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Checks;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Host;
import org.nn4j.kernels.LossOps;
import org.nn4j.kernels.SoftmaxKernel;
import org.nn4j.kernels.Targets;

/**
 * Cross-entropy of {@code [N, C]} predictions against class targets, averaged over the batch:
 * {@code L = −(1/N) Σ_n Σ_c t[n, c] · log p[n, c]}. Two forms:
 * <ul>
 *   <li>{@code new CrossEntropyLoss()} takes <b>logits</b> (no Softmax before it), as PyTorch's
 *       {@code CrossEntropyLoss}: log p = LogSoftmax(prediction), computed stably, so logits of ±1000
 *       give finite values and gradients; dL/dlogits = (softmax(prediction)·Σ_c t − t)/N.</li>
 *   <li>{@link #onProbabilities()} takes <b>probabilities</b>, e.g. the output of a {@link Softmax}
 *       module at the end of a {@code Sequential(..., Softmax())}: log p is clamped at −100
 *       (as PyTorch's BCELoss) so p = 0 gives a finite loss; dL/dp = −t / (N·max(p, 1e-12)).</li>
 * </ul>
 * Targets: class indices {@code [N]} or {@code [N, 1]} (any numeric dtype, values in [0, C)), or
 * one-hot rows / class probabilities shaped like the prediction. A target shaped exactly like the
 * prediction is always read as the latter (so with C = 1, {@code [N, 1]} means probabilities).
 *
 * <p>A prediction {@code [N, C, d1, …]} (per pixel, per time step), as PyTorch's: classes on axis 1, targets class
 * indices {@code [N, d1, …]} or probabilities shaped like the prediction. Each position is a sample, so the mean is over
 * {@code N·d1·…} positions (with class indices and a weight or an ignored index, over {@code Σ w[y]} of the positions
 * kept), and every option applies per position. {@link #forwardUnreduced} gives the loss of each sample or position
 * (PyTorch's {@code reduction='none'}).
 *
 * <p>PyTorch's options, as setters that return this loss: {@link #weight(INDArray)} (a weight per class),
 * {@link #ignoreIndex(long)} (samples of that class index add nothing) and {@link #labelSmoothing(double)}; by
 * default none, as PyTorch's except that no index is ignored (PyTorch ignores −100).
 *
 * <p>On the CPU a small batch is one Java loop over host copies; a large one (from 65,536 prediction elements, a
 * sequence model's [N, C, T] say) and every batch on other backends run the same formulas as ND4J ops ({@link LossOps}
 * chooses the backend's form). With options it runs as ND4J ops everywhere.
 */
public class CrossEntropyLoss extends Loss {

    private static final double LOG_FLOOR = -100;
    private static final double PROBABILITY_FLOOR = 1e-12;
    /** From this many prediction elements the arithmetic runs as ND4J ops instead of a Java loop. */
    private static final long AS_OPS_FROM = 1L << 16;

    private final boolean onProbabilities;
    private INDArray weight;
    private Long ignoreIndex;
    private double labelSmoothing;

    /** On logits, like PyTorch's {@code nn.CrossEntropyLoss()}. */
    public CrossEntropyLoss() {
        this(false);
    }

    private CrossEntropyLoss(boolean onProbabilities) {
        this.onProbabilities = onProbabilities;
    }

    /**
     * On probabilities (after a {@link Softmax} module): {@code L = −mean log p[target]}, log clamped at −100.
     *
     * @return a cross-entropy loss that takes probabilities
     */
    public static CrossEntropyLoss onProbabilities() {
        return new CrossEntropyLoss(true);
    }

    /**
     * A weight per class (PyTorch's {@code weight}); null for none, the default. With class indices the loss is the
     * weighted mean {@code −Σ_n w[y_n]·log p[n, y_n] / Σ_n w[y_n]}; with rows shaped like the prediction it is
     * {@code −(1/N) Σ_n Σ_c w[c]·t[n, c]·log p[n, c]}, as PyTorch's.
     *
     * @param weight {@code [C]}, floating-point; copied, not modified
     * @return this loss
     * @throws IllegalArgumentException when weight is not a floating-point vector
     */
    public CrossEntropyLoss weight(INDArray weight) {
        this.weight = Targets.classWeights(name(), weight);
        return this;
    }

    /**
     * Samples whose class index is {@code index} add nothing, neither to the sum nor to what it is divided by
     * (PyTorch's {@code ignore_index}; a batch of ignored samples only gives NaN, 0/0, as PyTorch). Class indices only:
     * rows shaped like the prediction are then rejected, as PyTorch does. Unlike PyTorch, which ignores −100 by default,
     * no index is ignored unless one is set.
     *
     * @param index any value, e.g. −100, PyTorch's default, or a class in [0, C)
     * @return this loss
     */
    public CrossEntropyLoss ignoreIndex(long index) {
        this.ignoreIndex = index;
        return this;
    }

    /**
     * Label smoothing ε (PyTorch's {@code label_smoothing}, default 0): the target becomes {@code (1 − ε)·t + ε/C}. With
     * class indices it is PyTorch 1.13's {@code (1 − ε)·L + (ε/C)·Σ_n Σ_c −w[c]·log p[n, c] / Σ_n w[y_n]}, both sums
     * over the samples not ignored (without weights, every w is 1).
     *
     * @param epsilon in [0, 1]
     * @return this loss
     * @throws IllegalArgumentException when epsilon is outside [0, 1]
     */
    public CrossEntropyLoss labelSmoothing(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException(name() + ": expected labelSmoothing in [0, 1], found " + epsilon);
        }
        this.labelSmoothing = epsilon;
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

    /** @return the label smoothing ε, 0 by default */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** @return true when this loss takes probabilities (after a {@link Softmax}), false when it takes logits */
    public boolean isOnProbabilities() {
        return onProbabilities;
    }

    /**
     * @param target     class indices {@code [N]}/{@code [N, 1]} or {@code [N, C]}; for a prediction
     *                   {@code [N, C, d1, …]}, class indices {@code [N, d1, …]} or probabilities shaped like it; not modified
     * @param prediction logits (or probabilities) {@code [N, C]} or {@code [N, C, d1, …]}; not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten(name(), target, prediction, weight, ignoreIndex);
            return forwardRows(f.target(), f.prediction());
        }
        return forwardRows(target, prediction);
    }

    /**
     * The loss of each sample (each position for {@code [N, C, d1, …]}) before the reduction, PyTorch's
     * {@code reduction='none'}: {@code −Σ_c w[c]·t'[c]·log p[c]} with {@code t' = (1 − ε)·t + ε/C} (for class indices,
     * {@code (1 − ε)·w[y]·(−log p[y]) + (ε/C)·Σ_c w[c]·(−log p[c])}), 0 at ignored positions. Nothing is divided: the
     * mean {@link #forward} returns is the sum of these over N (over {@code Σ w[y]} of the positions kept, with
     * class indices and a weight or an ignored index). Computed as ND4J ops on every backend; there is no gradient
     * of it ({@link #backward} is that of {@link #forward}).
     *
     * @param target     as {@link #forward}; not modified
     * @param prediction as {@link #forward}; not modified
     * @return a new array {@code [N]} for a prediction {@code [N, C]}, {@code [N, d1, …]} for {@code [N, C, d1, …]},
     *         in the prediction's dtype
     * @throws IllegalArgumentException as {@link #forward}
     */
    public INDArray forwardUnreduced(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten(name(), target, prediction, weight, ignoreIndex);
            return f.perPosition(unreducedRows(f.target(), f.prediction()));
        }
        return unreducedRows(target, prediction);
    }

    private INDArray unreducedRows(INDArray target, INDArray prediction) {
        INDArray a = unnormalisedTargets(target, prediction);
        return logProbabilities(prediction).muli(a).sum(1).negi();
    }

    private double forwardRows(INDArray target, INDArray prediction) {
        if (hasOptions()) {
            INDArray a = scaledTargets(target, prediction);
            return -logProbabilities(prediction).muli(a).sumNumber().doubleValue();
        }
        if (asOps(prediction)) {
            INDArray t = Targets.dense(name(), target, prediction);
            return -logProbabilities(prediction).muli(t).sumNumber().doubleValue() / prediction.size(0);
        }
        double[] t = Targets.denseValues(name(), target, prediction);
        double[] logP = hostLogProbabilities(prediction);
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += t[i] * logP[i];
        }
        return -sum / prediction.size(0);
    }

    /**
     * dL/dx = (softmax(x)·Σ_c t − t)/N on logits (Σ_c t = 1 for class indices), −t / (N·max(p, 1e-12)) on
     * probabilities: PyTorch's gradients.
     *
     * @param target     not modified
     * @param prediction not modified
     * @return dL/dprediction, a new {@code [N, C]} array
     */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        if (prediction.rank() > 2) {
            Targets.Flat f = Targets.flatten(name(), target, prediction, weight, ignoreIndex);
            return f.unflatten(backwardRows(f.target(), f.prediction()));
        }
        return backwardRows(target, prediction);
    }

    private INDArray backwardRows(INDArray target, INDArray prediction) {
        if (hasOptions()) {
            INDArray a = scaledTargets(target, prediction);
            if (onProbabilities) {
                return a.divi(LossOps.floorInPlace(prediction.dup(), PROBABILITY_FLOOR)).negi();
            }
            return SoftmaxKernel.logSoftmaxBackward(prediction, a.negi());
        }
        if (asOps(prediction)) {
            INDArray t = Targets.dense(name(), target, prediction);
            long n = prediction.size(0);
            if (onProbabilities) {
                return t.div(LossOps.floorInPlace(prediction.dup(), PROBABILITY_FLOOR)).divi(-n);
            }
            // (softmax(x)·Σ_c t − t)/N is log-softmax's backward of dL/dlog p = −t/N
            return SoftmaxKernel.logSoftmaxBackward(prediction, t.div(-n));
        }
        double[] t = Targets.denseValues(name(), target, prediction);
        int n = (int) prediction.size(0);
        int classes = (int) prediction.size(1);
        double[] g = new double[t.length];
        if (onProbabilities) {
            double[] p = Host.values(prediction);
            for (int i = 0; i < g.length; i++) {
                g[i] = -t[i] / Math.max(p[i], PROBABILITY_FLOOR) / n;
            }
            return Host.array(g, prediction);
        }
        double[] logP = hostLogProbabilities(prediction);
        for (int row = 0; row < n; row++) {
            double targetSum = 0;
            for (int c = row * classes; c < (row + 1) * classes; c++) {
                targetSum += t[c];
            }
            for (int c = row * classes; c < (row + 1) * classes; c++) {
                g[c] = (Math.exp(logP[c]) * targetSum - t[c]) / n;
            }
        }
        return Host.array(g, prediction);
    }

    /** Above this size the Java loop's exponentials cost more than the ops' overhead (measured). */
    private static boolean asOps(INDArray prediction) {
        return LossOps.preferred() || prediction.length() >= AS_OPS_FROM;
    }

    private boolean hasOptions() {
        return weight != null || ignoreIndex != null || labelSmoothing > 0;
    }

    /**
     * With options (always as ND4J ops): the {@code [N, C]} array A with {@code L = −Σ A ⊙ log p}, so that
     * dL/dlog p = −A. Class indices: {@code A = ((1 − ε)·w[c]·onehot + (ε/C)·keep[n]·w[c]) / Σ w[y]}, the sum over
     * the samples kept (PyTorch 1.13's label smoothing); rows shaped like the prediction:
     * {@code A = w[c]·((1 − ε)·t + ε/C) / N}.
     */
    private INDArray scaledTargets(INDArray target, INDArray prediction) {
        INDArray t = Targets.weighted(name(), target, prediction, null, ignoreIndex).targets();
        long n = prediction.size(0);
        long classes = prediction.size(1);
        INDArray w = null;
        if (weight != null) {
            if (weight.length() != classes) {
                throw new IllegalArgumentException(name() + ": expected a weight per class, [" + classes + "] for prediction "
                        + Checks.shape(prediction) + ", found " + Checks.shape(weight));
            }
            w = weight.castTo(prediction.dataType());
        }
        double epsilon = labelSmoothing;
        if (Arrays.equals(target.shape(), prediction.shape())) {
            if (epsilon > 0) {
                t.muli(1 - epsilon).addi(epsilon / classes);
            }
            return (w == null ? t : t.muli(w.reshape(1, classes))).divi(n);
        }
        INDArray keep = t.sum(1).reshape(n, 1);
        INDArray weighted = w == null ? t : t.mul(w.reshape(1, classes));
        double weightSum = weighted.sumNumber().doubleValue();
        INDArray a = weighted.muli((1 - epsilon) / weightSum);
        if (epsilon > 0) {
            INDArray smooth = Nd4j.ones(prediction.dataType(), n, classes).muli(keep);
            if (w != null) {
                smooth.muli(w.reshape(1, classes));
            }
            a.addi(smooth.muli(epsilon / classes / weightSum));
        }
        return a;
    }

    /**
     * The {@code [N, C]} array A with {@code L_n = −Σ_c A[n, c]·log p[n, c]} per sample, before the mean: class indices
     * {@code A = (1 − ε)·w[c]·onehot + (ε/C)·keep[n]·w[c]}, rows shaped like the prediction {@code A = w[c]·((1 − ε)·t + ε/C)}.
     */
    private INDArray unnormalisedTargets(INDArray target, INDArray prediction) {
        INDArray t = Targets.weighted(name(), target, prediction, null, ignoreIndex).targets();
        long n = prediction.size(0);
        long classes = prediction.size(1);
        INDArray w = null;
        if (weight != null) {
            if (weight.length() != classes) {
                throw new IllegalArgumentException(name() + ": expected a weight per class, [" + classes + "] for prediction "
                        + Checks.shape(prediction) + ", found " + Checks.shape(weight));
            }
            w = weight.castTo(prediction.dataType());
        }
        double epsilon = labelSmoothing;
        if (Arrays.equals(target.shape(), prediction.shape())) {
            if (epsilon > 0) {
                t.muli(1 - epsilon).addi(epsilon / classes);
            }
            return w == null ? t : t.muli(w.reshape(1, classes));
        }
        INDArray keep = t.sum(1).reshape(n, 1);
        INDArray a = (w == null ? t : t.mul(w.reshape(1, classes))).muli(1 - epsilon);
        if (epsilon > 0) {
            INDArray smooth = Nd4j.ones(prediction.dataType(), n, classes).muli(keep);
            if (w != null) {
                smooth.muli(w.reshape(1, classes));
            }
            a.addi(smooth.muli(epsilon / classes));
        }
        return a;
    }

    /**
     * log p as ND4J ops, a new array: on logits the stable log-softmax (±1000 give −2000, not −∞), on
     * probabilities log p clamped at −100.
     */
    private INDArray logProbabilities(INDArray prediction) {
        return onProbabilities ? LossOps.floorInPlace(Transforms.log(prediction, true), LOG_FLOOR)
                : SoftmaxKernel.logSoftmax(prediction);
    }

    /**
     * log p on the host, c order: on logits x − max − log Σ exp(x − max) per row, stable for any finite
     * logits (±1000 give −2000, not −∞); on probabilities log p clamped at −100.
     */
    private double[] hostLogProbabilities(INDArray prediction) {
        int n = (int) prediction.size(0);
        int classes = (int) prediction.size(1);
        double[] logP = Host.values(prediction);
        for (int row = 0; row < n; row++) {
            int from = row * classes;
            int to = from + classes;
            if (onProbabilities) {
                for (int c = from; c < to; c++) {
                    logP[c] = Math.max(Math.log(logP[c]), LOG_FLOOR);
                }
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = from; c < to; c++) {
                max = Math.max(max, logP[c]);
            }
            double sumExp = 0;
            for (int c = from; c < to; c++) {
                logP[c] -= max;
                sumExp += Math.exp(logP[c]);
            }
            double logSumExp = Math.log(sumExp);
            for (int c = from; c < to; c++) {
                logP[c] -= logSumExp;
            }
        }
        return logP;
    }

    /** True on logits, false {@link #onProbabilities()}. */
    @Override
    public boolean takesLogits() {
        return !onProbabilities;
    }

    private String name() {
        return onProbabilities ? "CrossEntropyLoss(onProbabilities)" : "CrossEntropyLoss";
    }

    @Override
    public String toString() {
        String base = onProbabilities ? "CrossEntropyLoss.onProbabilities()" : hasOptions() ? "new CrossEntropyLoss()" : "CrossEntropyLoss()";
        return base + (weight == null ? "" : ".weight(" + Arrays.toString(weight.toDoubleVector()) + ")")
                + (ignoreIndex == null ? "" : ".ignoreIndex(" + ignoreIndex + ")")
                + (labelSmoothing == 0 ? "" : ".labelSmoothing(" + labelSmoothing + ")");
    }
}
