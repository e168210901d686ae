package org.nn4j.core.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Parameter;

/**
 * Gradient clipping over a list of parameters, in place, as PyTorch 1.13's
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Frozen parameters are
 * skipped: they count in no norm and their gradients are left as they are (PyTorch skips
 * parameters without a gradient the same way). Call it between the backward pass and the
 * optimizer step, or let {@link org.nn4j.core.Optim#clipGradNorm} and
 * {@link org.nn4j.core.train.Trainer#clipGradNorm} do it every step.
 *
 * <pre>{@code
 * net.backward(x, loss.backward(y, prediction), false);
 * double norm = GradientClipping.clipGradNorm(net.parameters(), 1.0); // the norm before clipping
 * optimizer.step(net.parameters());
 * }</pre>
 *
 * <p>A non-finite norm is treated as PyTorch's {@code error_if_nonfinite=False} does: the
 * gradients are still multiplied by {@code maxNorm / (norm + 1e-6)}, which is NaN for a NaN norm
 * and 0 for an infinite one, so every gradient becomes NaN (or 0 where it was finite, NaN where
 * it was infinite) and the returned norm says so. Nothing is thrown; check the returned norm (or
 * the loss of the next step) to notice.
 */
public final class GradientClipping {

    /** PyTorch's guard against dividing by a zero norm. */
    public static final double EPS = 1e-6;

    private GradientClipping() {
    }

    /**
     * {@link #clipGradNorm(List, double, double)} with the 2-norm.
     *
     * @param parameters their gradients are scaled in place; frozen ones are skipped
     * @param maxNorm the largest total norm let through, &gt; 0 ({@code +∞} only measures it)
     * @return the total 2-norm of the gradients before clipping (0 when no parameter is trained)
     * @throws IllegalArgumentException when {@code maxNorm} is not &gt; 0
     */
    public static double clipGradNorm(List<Parameter> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2);
    }

    /**
     * Scales every trained gradient by {@code min(1, maxNorm / (norm + 1e-6))}, where norm is the
     * {@code normType}-norm of all their elements together, as if the gradients were one vector.
     *
     * @param parameters their gradients are scaled in place; frozen ones are skipped
     * @param maxNorm the largest total norm let through, &gt; 0 ({@code +∞} only measures it)
     * @param normType p of the p-norm, &gt; 0, or {@code Double.POSITIVE_INFINITY} for the largest |element|
     * @return the total norm of the gradients before clipping (0 when no parameter is trained)
     * @throws IllegalArgumentException when {@code maxNorm} or {@code normType} is not &gt; 0
     */
    public static double clipGradNorm(List<Parameter> parameters, double maxNorm, double normType) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("GradientClipping: maxNorm must be > 0, found " + maxNorm);
        }
        double norm = gradNorm(parameters, normType);
        double coefficient = Math.min(maxNorm / (norm + EPS), 1.0); // NaN for a NaN norm, as torch.clamp gives
        if (coefficient != 1.0) {
            for (Parameter p : parameters) {
                if (!p.isFrozen()) {
                    // muli(double) multiplies by 1e-5 where the factor is NaN; an array operand gives NaN
                    INDArray g = p.grad();
                    if (Double.isNaN(coefficient)) {
                        g.muli(Nd4j.scalar(g.dataType(), coefficient));
                    } else {
                        g.muli(coefficient);
                    }
                }
            }
        }
        return norm;
    }

    /**
     * The {@code normType}-norm of the gradients of the trained parameters, taken together as one
     * vector: {@code (Σ |g|ᵖ)^(1/p)}, or {@code max |g|} for p = ∞. Nothing is modified.
     *
     * @param parameters frozen ones are skipped
     * @param normType p, &gt; 0, or {@code Double.POSITIVE_INFINITY}
     * @return the norm; 0 when no parameter is trained, NaN when a gradient holds NaN
     * @throws IllegalArgumentException when {@code normType} is not &gt; 0
     */
    public static double gradNorm(List<Parameter> parameters, double normType) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("GradientClipping: normType must be > 0 or infinity, found " + normType);
        }
        double total = 0;
        boolean nan = false;
        for (Parameter p : parameters) {
            if (p.isFrozen()) {
                continue;
            }
            INDArray g = p.grad();
            // ND4J's norms may pass over a NaN (its 2-norm of [1, NaN, 2] is finite); PyTorch's give NaN
            nan |= BooleanIndexing.or(g, Conditions.isNan());
            if (normType == Double.POSITIVE_INFINITY) {
                total = Math.max(total, g.normmaxNumber().doubleValue());
            } else if (normType == 2) {
                double n = g.norm2Number().doubleValue();
                total += n * n;
            } else if (normType == 1) {
                total += g.norm1Number().doubleValue();
            } else {
                total += Transforms.pow(Transforms.abs(g, true), normType, false).sumNumber().doubleValue();
            }
        }
        if (nan || Double.isNaN(total)) {
            return Double.NaN;
        }
        return normType == Double.POSITIVE_INFINITY || normType == 1 ? total
                : normType == 2 ? Math.sqrt(total) : Math.pow(total, 1 / normType);
    }

    /**
     * Clamps every element of every trained gradient to {@code [−clipValue, clipValue]}, in
     * place, as {@code torch.nn.utils.clip_grad_value_}; NaN elements stay NaN.
     *
     * @param parameters their gradients are clamped in place; frozen ones are skipped
     * @param clipValue the largest |element| let through, &gt; 0
     * @throws IllegalArgumentException when {@code clipValue} is not &gt; 0
     */
    public static void clipGradValue(List<Parameter> parameters, double clipValue) {
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("GradientClipping: clipValue must be > 0, found " + clipValue);
        }
        for (Parameter p : parameters) {
            if (!p.isFrozen()) {
                INDArray g = p.grad();
                ClipByValue clamp = new ClipByValue(g, -clipValue, clipValue); // keeps NaN, as Transforms.max does not
                clamp.addOutputArgument(g);
                Nd4j.exec(clamp);
            }
        }
    }
}
