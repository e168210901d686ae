package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Reorders the axes (PyTorch's {@code x.permute(dims)}): output axis i is input axis {@code dims[i]}, e.g.
 * {@code new Permute(0, 2, 3, 1)} takes {@code [N, C, H, W]} to {@code [N, H, W, C]}. {@code dims} names every axis
 * once, and {@code dims[0]} is 0: the batch axis stays first. A negative dim counts from the end
 * ({@code dim + dims.length}). dL/dinput is delta permuted back.
 */
public class Permute extends Module {

    private final int[] given;
    private final int[] dims;
    private final int[] inverse;

    /**
     * Output axis i is input axis {@code dims[i]}; the input's rank must be {@code dims.length}.
     *
     * @param dims a permutation of the axes 0 to {@code dims.length − 1} starting with 0; not modified
     * @throws IllegalArgumentException when {@code dims} is empty, holds a dim out of range or an axis twice, or does
     *                                  not start with the batch axis 0
     */
    public Permute(int... dims) {
        int rank = dims.length;
        if (rank == 0) {
            throw new IllegalArgumentException("Permute: expected one dim per axis, starting with the batch axis 0, found none");
        }
        this.given = dims.clone();
        this.dims = new int[rank];
        this.inverse = new int[rank];
        Arrays.fill(inverse, -1);
        for (int i = 0; i < rank; i++) {
            int axis = dims[i] < 0 ? dims[i] + rank : dims[i];
            if (axis < 0 || axis >= rank) {
                throw new IllegalArgumentException("Permute: dim " + dims[i] + " of " + Arrays.toString(dims)
                        + " is out of range for " + rank + " axes (expected -" + rank + " to " + (rank - 1) + ")");
            }
            if (inverse[axis] >= 0) {
                throw new IllegalArgumentException("Permute: " + Arrays.toString(dims) + " names axis " + axis
                        + " twice; expected each axis from 0 to " + (rank - 1) + " once");
            }
            this.dims[i] = axis;
            inverse[axis] = i;
        }
        if (this.dims[0] != 0) {
            throw new IllegalArgumentException("Permute: " + Arrays.toString(dims) + " moves the batch axis 0; the first dim"
                    + " must be 0, so that the batch stays first");
        }
    }

    /**
     * @param input of rank {@code dims.length}; not modified
     * @return the input's axes in the order {@code dims}, a new c-ordered array
     * @throws IllegalArgumentException when the input's rank is not {@code dims.length}
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return Axes.permuted(input, dims);
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return delta permuted back to the input's axes, a new c-ordered array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        check(input);
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = input.size(dims[i]);
        }
        Checks.requireDelta("Permute", out, input, delta);
        return Axes.permuted(delta, inverse);
    }

    /** @return output axis i is input axis {@code dims()[i]}, each in [0, rank) (negative dims resolved); a copy */
    public int[] dims() {
        return dims.clone();
    }

    private void check(INDArray input) {
        if (input.rank() != dims.length) {
            throw new IllegalArgumentException("Permute: dims " + Arrays.toString(given) + " need input of rank " + dims.length
                    + ", found rank " + input.rank() + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint("Permute", input);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Permute(");
        for (int i = 0; i < given.length; i++) {
            s.append(i == 0 ? "" : ", ").append(given[i]);
        }
        return s.append(')').toString();
    }
}
