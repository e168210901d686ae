package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Workspaces;

/**
 * The masks of {@link Dropout} and {@link Dropout2D}: Bernoulli(1 − p) scaled by 1/(1 − p), the k-th one (k = 0, 1, …)
 * a deterministic function of (seed, k, mask shape). While frozen, every draw returns the current mask. The mask lives
 * outside every step's workspace and is redrawn in place while its shape and dtype stay the same.
 */
final class DropoutMasks {

    private final String module;
    private final double p;
    private final long seed;
    private final Random random;
    private boolean frozen;
    private long next;            // k of the next mask to draw
    private INDArray mask;        // null until drawn

    /**
     * @param module names the module in messages
     * @param p      the probability of zeroing, in [0, 1]
     * @param seed   the seed of the masks
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    DropoutMasks(String module, double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(module + ": p must be in [0, 1], found " + p);
        }
        this.module = module;
        this.p = p;
        this.seed = seed;
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    double p() {
        return p;
    }

    boolean frozen() {
        return frozen;
    }

    void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** {@return the last mask drawn, or null; redrawn in place by the next draw} */
    INDArray current() {
        return mask;
    }

    /**
     * The mask of a training-mode forward: a new one, or the current one while frozen (drawn first if there is none of
     * this shape).
     *
     * @param shape the mask's shape
     * @param type  the mask's dtype
     * @return the mask, kept for the backward pass
     */
    INDArray draw(long[] shape, DataType type) {
        boolean reuse = frozen && mask != null && Arrays.equals(mask.shape(), shape);
        if (!reuse) {
            mask = draw(frozen && next > 0 ? next - 1 : next++, shape, type);
        } else if (mask.dataType() != type) {
            mask = Workspaces.outside(() -> mask.castTo(type));
        }
        return mask;
    }

    /**
     * The mask of the last training-mode forward, for a backward pass.
     *
     * @param shape what the mask must be shaped for {@code delta}
     * @param delta names its shape in the message; not modified
     * @param what  describes the mask in the message (empty, or e.g. " (one per sample and channel)")
     * @return the mask in {@code delta}'s dtype
     * @throws IllegalArgumentException when there is no mask of that shape
     */
    INDArray forBackward(long[] shape, INDArray delta, String what) {
        if (mask == null || !Arrays.equals(mask.shape(), shape)) {
            throw new IllegalArgumentException(module + ": backward needs the mask of the last training-mode forward,"
                    + " which is shaped " + (mask == null ? "(none: forward was never called)" : Checks.shape(mask) + what)
                    + ", but delta is " + Checks.shape(delta));
        }
        return mask.dataType() == delta.dataType() ? mask : mask.castTo(delta.dataType());
    }

    /** p = 1 gives zeros (PyTorch's convention, no 0·∞). */
    private INDArray draw(long k, long[] shape, DataType type) {
        random.setSeed(seed * 0x9E3779B97F4A7C15L + k);
        boolean reuse = mask != null && Arrays.equals(mask.shape(), shape) && mask.dataType() == type;
        // c-ordered whatever the input's layout: the generator fills memory in order, and the mask must depend on the shape only
        INDArray m = reuse ? mask : Workspaces.outside(() -> Nd4j.createUninitialized(type, shape, 'c'));
        Nd4j.getExecutioner().exec(new BernoulliDistribution(m, 1 - p), random);
        return m.muli(p == 1 ? 0 : 1 / (1 - p));
    }
}
