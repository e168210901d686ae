package org.nn4j.core;

import java.util.Arrays;

/**
 * One sample's values on the host, for per-sample transforms ({@link SampleTransform}): the values in c-order and the
 * sample's shape without the batch axis ({@code [C, H, W]} for an image). Values are doubles so that float32 and
 * float64 data pass through unchanged.
 *
 * @param values the values, c-order; {@code values.length} is the product of {@code shape}
 * @param shape  the sample's shape, without the batch axis
 */
public record Sample(double[] values, long... shape) {

    /**
     * Checks that the values fill the shape.
     *
     * @param values the values, c-order; kept, not copied
     * @param shape  the sample's shape, without the batch axis; kept, not copied
     * @throws IllegalArgumentException when the number of values is not the product of the shape's sizes
     */
    public Sample {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("Sample: expected sizes of at least 0, found shape "
                        + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("Sample: shape " + Arrays.toString(shape) + " holds " + n
                    + " values, found " + values.length);
        }
    }

    /**
     * The size of one axis.
     *
     * @param axis from 0 (the first axis of the sample, not the batch axis)
     * @return its size
     */
    public long size(int axis) {
        return shape[axis];
    }

    /** {@return the sample's rank (the batch axis not counted)} */
    public int rank() {
        return shape.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Arrays.equals(values, s.values) && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Sample(" + Arrays.toString(shape) + ")";
    }
}
