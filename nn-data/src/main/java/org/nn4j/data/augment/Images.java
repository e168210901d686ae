package org.nn4j.data.augment;

import org.nn4j.core.Sample;

/** The checks every image transform makes of its sample. */
final class Images {

    private Images() {
    }

    /**
     * Requires a sample {@code [C, H, W]}.
     *
     * @param transform the transform's name, for the message
     * @param sample    the sample
     * @throws IllegalArgumentException when the sample is not of rank 3
     */
    static void requireChw(String transform, Sample sample) {
        if (sample.rank() != 3) {
            throw new IllegalArgumentException(transform + ": expected an image [C, H, W], found a sample of shape "
                    + java.util.Arrays.toString(sample.shape()));
        }
    }
}
