package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Seeds;

/**
 * Channel dropout, like PyTorch's {@code Dropout2d(p)}: in training mode each channel of each sample of
 * {@code [N, C, H, W]} is zeroed as a whole with probability {@code p}, and the kept ones are scaled by
 * {@code 1/(1 − p)}, so that {@link #eval()} mode is simply the identity. {@code [N, C, L]} is taken as channels
 * of sequences, each channel of length L dropped as a whole, as PyTorch 1.13's {@code Dropout2d} (and its
 * {@code Dropout1d}) do.
 *
 * <p><b>The mask</b> is {@code [N, C]}, one value (0 or 1/(1 − p)) per sample and channel, drawn as {@link Dropout}
 * draws its own: the k-th training-mode {@code forward} draws it as a deterministic function of (seed, k, N, C),
 * backward uses the mask of the last {@code forward}, and {@link #freezeMask()} makes every later forward reuse it.
 */
public class Dropout2D extends Module {

    private final DropoutMasks masks; // [N, C] of the last training input
    private boolean lastWasTraining = true; // so that backward before any forward finds no mask and says so

    /**
     * Channel dropout with probability {@code p} and a seed drawn from {@link Seeds#next()}.
     *
     * @param p the probability of zeroing a channel, in [0, 1]
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    public Dropout2D(double p) {
        this(p, Seeds.next());
    }

    /**
     * Channel dropout with probability {@code p}; the masks are a deterministic function of {@code seed}, the number
     * of training-mode forwards so far, and N and C.
     *
     * @param p    the probability of zeroing a channel, in [0, 1]
     * @param seed the seed of the masks
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    public Dropout2D(double p, long seed) {
        this.masks = new DropoutMasks("Dropout2D", p, seed);
    }

    /**
     * Every later training-mode forward reuses the current mask (drawing it first if none was).
     *
     * @return {@code this}
     */
    public Dropout2D freezeMask() {
        masks.setFrozen(true);
        return this;
    }

    /**
     * Later forwards draw fresh masks again.
     *
     * @return {@code this}
     */
    public Dropout2D unfreezeMask() {
        masks.setFrozen(false);
        return this;
    }

    /**
     * {@code input ⊙ mask} with the mask broadcast over each channel in training mode, a copy of {@code input} in eval
     * mode.
     *
     * @param input {@code [N, C, H, W]} or {@code [N, C, L]}; not modified
     * @return a new c-ordered array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        lastWasTraining = isTraining();
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape()); // nothing to drop, and no mask drawn
        }
        if (!lastWasTraining) {
            return input.dup('c');
        }
        INDArray mask = masks.draw(new long[] {input.size(0), input.size(1)}, input.dataType());
        return input.dup('c').muli(mask.reshape(alongChannels(input)));
    }

    /**
     * dL/dinput = delta ⊙ mask of the last forward, broadcast over each channel (a copy of delta if that forward was
     * in eval mode).
     *
     * @param input not modified
     * @param delta shaped like the input; not modified
     * @return a new c-ordered array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("Dropout2D", input.shape(), input, delta);
        if (!lastWasTraining || delta.isEmpty()) {
            return delta.dup('c');
        }
        INDArray mask = masks.forBackward(new long[] {delta.size(0), delta.size(1)}, delta, " (one per sample and channel)");
        return delta.dup('c').muli(mask.reshape(alongChannels(delta)));
    }

    /**
     * {@return the mask {@code [N, C]} of the last training-mode forward (0 or 1/(1 − p) per sample and channel), or null; not a copy: the next forward redraws it in place}
     */
    public INDArray mask() {
        return masks.current();
    }

    /** @return the probability of zeroing a channel in training mode */
    public double p() {
        return masks.p();
    }

    /** {@code [N, C, 1, 1]} or {@code [N, C, 1]}: the mask's shape for broadcasting over {@code x}. */
    private static long[] alongChannels(INDArray x) {
        long[] s = new long[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = x.size(0);
        s[1] = x.size(1);
        return s;
    }

    private static void check(INDArray input) {
        if (input.rank() != 3 && input.rank() != 4) {
            throw new IllegalArgumentException("Dropout2D: expected input [N, C, H, W] or [N, C, L], found rank " + input.rank()
                    + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint("Dropout2D", input);
    }

    @Override
    public String toString() {
        return "Dropout2D(p=" + masks.p() + (masks.frozen() ? ", frozen mask" : "") + ")";
    }
}
