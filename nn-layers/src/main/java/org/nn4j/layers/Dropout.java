package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Seeds;
import org.nn4j.core.Workspaces;

/**
 * Inverted dropout, like PyTorch's {@code Dropout(p)}: in training mode each element is zeroed with
 * probability {@code p} and the kept ones are scaled by {@code 1/(1 − p)}, so that {@link #eval()}
 * mode is simply the identity. Any input shape.
 *
 * <p><b>The mask.</b> The k-th training-mode {@code forward} (k = 0, 1, …) draws its mask as a
 * deterministic function of (seed, k, input shape), so two Dropouts with the same seed drop the same
 * units. Backward uses the mask of the last {@code forward}, whichever of the two backward calls comes
 * first. {@link #freezeMask()} stops k from advancing: every later forward reuses the current mask,
 * which is what a gradient check (many forwards on one input) needs; {@link #unfreezeMask()} resumes.
 */
public class Dropout extends Module {

    private final double p;
    private final long seed;
    private final Random random;
    private boolean frozen;
    private long next;            // k of the next mask to draw
    private INDArray mask;        // 0 or 1/(1 − p), shaped like the last training input; null until drawn.
                                  // Outside any step's workspace, redrawn in place while the shape stays the same.
    private boolean lastWasTraining = true; // so that backward before any forward finds no mask and says so

    /**
     * Dropout with probability {@code p} and a seed drawn from {@link Seeds#next()}.
     *
     * @param p the probability of zeroing an element, in [0, 1]
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    public Dropout(double p) {
        this(p, Seeds.next());
    }

    /**
     * Dropout with probability {@code p}; the masks are a deterministic function of {@code seed}, the
     * number of training-mode forwards so far and the input shape.
     *
     * @param p    the probability of zeroing an element, in [0, 1]
     * @param seed the seed of the masks
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], found " + p);
        }
        this.p = p;
        this.seed = seed;
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /**
     * Every later training-mode forward reuses the current mask (drawing it first if none was).
     *
     * @return {@code this}
     */
    public Dropout freezeMask() {
        frozen = true;
        return this;
    }

    /**
     * Later forwards draw fresh masks again.
     *
     * @return {@code this}
     */
    public Dropout unfreezeMask() {
        frozen = false;
        return this;
    }

    /**
     * {@code input ⊙ mask} in training mode, a copy of {@code input} in eval mode.
     *
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Dropout", input);
        lastWasTraining = isTraining();
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape()); // nothing to drop, and no mask drawn
        }
        if (!lastWasTraining) {
            return input.dup();
        }
        boolean reuse = frozen && mask != null && Arrays.equals(mask.shape(), input.shape());
        if (!reuse) {
            mask = drawMask(frozen && next > 0 ? next - 1 : next++, input);
        } else if (mask.dataType() != input.dataType()) {
            mask = Workspaces.outside(() -> mask.castTo(input.dataType()));
        }
        return input.mul(mask);
    }

    /**
     * dL/dinput = delta ⊙ mask of the last forward (a copy of delta if that forward was in eval mode).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Dropout", input.shape(), input, delta);
        if (!lastWasTraining || delta.isEmpty()) {
            return delta.dup();
        }
        if (mask == null || !Arrays.equals(mask.shape(), delta.shape())) {
            throw new IllegalArgumentException("Dropout: backward needs the mask of the last training-mode forward,"
                    + " which is shaped " + (mask == null ? "(none: forward was never called)" : Checks.shape(mask))
                    + ", but delta is " + Checks.shape(delta));
        }
        return delta.mul(mask.dataType() == delta.dataType() ? mask : mask.castTo(delta.dataType()));
    }

    /**
     * {@return the mask of the last training-mode forward (0 or 1/(1 − p) per element), or null; not a copy: the next forward redraws it in place}
     */
    public INDArray mask() {
        return mask;
    }

    /** @return the probability of zeroing an element in training mode */
    public double p() {
        return p;
    }

    /** Bernoulli(1 − p) scaled by 1/(1 − p); p = 1 gives zeros (PyTorch's convention, no 0·∞). */
    private INDArray drawMask(long k, INDArray like) {
        random.setSeed(seed * 0x9E3779B97F4A7C15L + k);
        boolean reuse = mask != null && Arrays.equals(mask.shape(), like.shape()) && mask.dataType() == like.dataType();
        // c-ordered whatever the input's layout: the generator fills memory in order, and the mask must depend on the shape only
        INDArray m = reuse ? mask : Workspaces.outside(() -> Nd4j.createUninitialized(like.dataType(), like.shape(), 'c'));
        Nd4j.getExecutioner().exec(new BernoulliDistribution(m, 1 - p), random);
        return m.muli(p == 1 ? 0 : 1 / (1 - p));
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + (frozen ? ", frozen mask" : "") + ")";
    }
}
