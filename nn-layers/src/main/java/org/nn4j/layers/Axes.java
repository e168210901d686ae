package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * The axis arguments of the shape modules ({@link Transpose}, {@link Squeeze}, {@link Unsqueeze}, {@link Narrow}):
 * a negative dim counts from the end, as in PyTorch, and axis 0, the batch, is never moved or merged.
 */
final class Axes {

    private Axes() {
    }

    /**
     * Throws when {@code dim} is 0, which names the batch axis whatever the rank.
     *
     * @param module names the caller in the message
     * @param dims   every dim argument, as given
     */
    static void requireNotBatch(String module, int... dims) {
        for (int dim : dims) {
            if (dim == 0) {
                throw new IllegalArgumentException(module + ": dim 0 is the batch axis, which stays in place; expected "
                        + (dims.length == 1 ? "a dim" : "dims") + " from 1, or counting from the end from -1, found "
                        + join(dims));
            }
        }
    }

    /**
     * Throws unless {@code input} is floating-point and has rank {@code min} or more.
     *
     * @param module names the caller in the message
     * @param input  not modified
     * @param min    the smallest rank accepted
     */
    static void requireRank(String module, INDArray input, int min) {
        if (input.rank() < min) {
            throw new IllegalArgumentException(module + ": expected input [N, ...] of rank at least " + min + ", found rank "
                    + input.rank() + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint(module, input);
    }

    /**
     * {@code dim} as an axis in {@code [1, axes)}: {@code dim + axes} when negative.
     *
     * @param module names the caller in the message
     * @param dim    as given, possibly negative
     * @param axes   how many axes {@code dim} indexes: the input's rank, or one more for a new axis
     * @param input  names the input in the message; not modified
     * @return the axis, never 0
     * @throws IllegalArgumentException when {@code dim} is out of range or names the batch axis
     */
    static int sampleAxis(String module, int dim, int axes, INDArray input) {
        int axis = dim < 0 ? dim + axes : dim;
        String range = "; expected a dim from 1 to " + (axes - 1) + ", or from -" + (axes - 1) + " to -1 counting from the end";
        if (axis < 0 || axis >= axes) {
            throw new IllegalArgumentException(module + ": dim " + dim + " is out of range for input " + Checks.shape(input) + range);
        }
        if (axis == 0) {
            throw new IllegalArgumentException(module + ": dim " + dim + " is the batch axis 0 of input " + Checks.shape(input)
                    + ", which stays in place" + range);
        }
        return axis;
    }

    /**
     * {@code a} with its axes in the order {@code perm}, as a new c-ordered array (also when {@code a} is empty).
     *
     * @param a    not modified
     * @param perm output axis i is axis {@code perm[i]} of {@code a}
     * @return a new array
     */
    static INDArray permuted(INDArray a, int[] perm) {
        if (a.isEmpty()) {
            long[] shape = new long[perm.length];
            for (int i = 0; i < perm.length; i++) {
                shape[i] = a.size(perm[i]);
            }
            return Nd4j.create(a.dataType(), shape);
        }
        return a.permute(perm).dup('c');
    }

    /** {@code "(1, 0)"}, or {@code "0"} for one dim. */
    static String join(int... dims) {
        if (dims.length == 1) {
            return String.valueOf(dims[0]);
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(')').toString();
    }
}
