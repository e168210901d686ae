package org.nn4j.data.augment;

import java.util.random.RandomGenerator;
import org.nn4j.core.Sample;
import org.nn4j.core.SampleTransform;

/**
 * Mirrors an image {@code [C, H, W]} left to right with probability {@code p}: PyTorch's
 * {@code transforms.RandomHorizontalFlip(p)}.
 */
public final class RandomHorizontalFlip implements SampleTransform {

    private final double p;

    /** Flips with probability 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /**
     * Flips with probability {@code p}.
     *
     * @param p the probability of a flip, in [0, 1]
     * @throws IllegalArgumentException when {@code p} is not in [0, 1]
     */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: expected a probability in [0, 1], found " + p);
        }
        this.p = p;
    }

    /**
     * Flips one image, or not.
     *
     * @param sample an image {@code [C, H, W]}; flipped in place
     * @param rng    draws whether to flip (one draw per image, flipped or not)
     * @return {@code sample}
     * @throws IllegalArgumentException when the sample is not {@code [C, H, W]}
     */
    @Override
    public Sample apply(Sample sample, RandomGenerator rng) {
        Images.requireChw("RandomHorizontalFlip", sample);
        if (rng.nextDouble() >= p) {
            return sample;
        }
        int w = Math.toIntExact(sample.size(2));
        double[] v = sample.values();
        for (int row = 0; row < v.length; row += w) {
            for (int i = row, j = row + w - 1; i < j; i++, j--) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
        }
        return sample;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
