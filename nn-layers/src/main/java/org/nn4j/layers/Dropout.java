package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Seeds;

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

    private final DropoutMasks masks; // shaped like the last training input
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
        this.masks = new DropoutMasks("Dropout", p, seed);
    }

    /**
     * Every later training-mode forward reuses the current mask (drawing it first if none was).
     *
     * @return {@code this}
     */
    public Dropout freezeMask() {
        masks.setFrozen(true);
        return this;
    }

    /**
     * Later forwards draw fresh masks again.
     *
     * @return {@code this}
     */
    public Dropout unfreezeMask() {
        masks.setFrozen(false);
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
        return input.mul(masks.draw(input.shape(), input.dataType()));
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
        return delta.mul(masks.forBackward(delta.shape(), delta, ""));
    }

    /**
     * {@return the mask of the last training-mode forward (0 or 1/(1 − p) per element), or null; not a copy: the next forward redraws it in place}
     */
    public INDArray mask() {
        return masks.current();
    }

    /** @return the probability of zeroing an element in training mode */
    public double p() {
        return masks.p();
    }

    @Override
    public String toString() {
        return "Dropout(p=" + masks.p() + (masks.frozen() ? ", frozen mask" : "") + ")";
    }
}
