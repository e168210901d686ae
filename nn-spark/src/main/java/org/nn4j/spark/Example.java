package org.nn4j.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training sample as a Spark record: its input and its target, flattened. The trainer gathers a
 * partition's examples into {@code [n, sampleShape...]} inputs and {@code [n, target.length]}
 * targets, in the network's dtype.
 *
 * <p>Spark ships examples with Java serialisation; the form is the two arrays, not a published format.
 *
 * @serial exclude
 * @param input  the input, flattened in C order (an MNIST image: 784 values for {@code [1, 28, 28]})
 * @param target the target row (a one-hot label, or regression targets); not modified
 */
public record Example(float[] input, float[] target) implements Serializable {

    /** The version of the serialised form. */
    private static final long serialVersionUID = 1L;

    /**
     * Checks both arrays are present.
     *
     * @param input  the flattened input
     * @param target the target row
     * @throws IllegalArgumentException when either is null
     */
    public Example {
        if (input == null || target == null) {
            throw new IllegalArgumentException("Example: input and target must not be null, found input "
                    + (input == null ? "null" : input.length + " values") + ", target "
                    + (target == null ? "null" : target.length + " values"));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(input, e.input) && Arrays.equals(target, e.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(input) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "Example(" + input.length + " input values, " + target.length + " target values)";
    }
}
