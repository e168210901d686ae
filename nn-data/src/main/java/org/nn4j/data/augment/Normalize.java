package org.nn4j.data.augment;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.nn4j.core.Sample;
import org.nn4j.core.SampleTransform;

/**
 * Per-channel standardisation of an image {@code [C, H, W]}: {@code (x − mean[c]) / std[c]}, PyTorch's
 * {@code transforms.Normalize(mean, std)}. Deterministic (draws nothing).
 */
public final class Normalize implements SampleTransform {

    private final double[] mean;
    private final double[] std;

    /**
     * @param mean one mean per channel; copied
     * @param std  one standard deviation per channel, each positive; copied
     * @throws IllegalArgumentException when the lengths differ or are 0, or a standard deviation is not positive
     */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: expected one mean and one std per channel, found "
                    + mean.length + " mean(s) and " + std.length + " std(s)");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalize: expected positive standard deviations, found "
                        + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Standardises one image.
     *
     * @param sample an image {@code [C, H, W]} with as many channels as means; modified in place
     * @param rng    not used
     * @return {@code sample}
     * @throws IllegalArgumentException when the sample is not {@code [C, H, W]} or its channels are not as many as
     *                                  the means
     */
    @Override
    public Sample apply(Sample sample, RandomGenerator rng) {
        Images.requireChw("Normalize", sample);
        if (sample.size(0) != mean.length) {
            throw new IllegalArgumentException("Normalize: expected " + mean.length + " channel(s), found an image of "
                    + "shape " + Arrays.toString(sample.shape()));
        }
        double[] v = sample.values();
        int plane = v.length / mean.length;
        for (int c = 0; c < mean.length; c++) {
            double m = mean[c];
            double s = std[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                v[i] = (v[i] - m) / s;
            }
        }
        return sample;
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
