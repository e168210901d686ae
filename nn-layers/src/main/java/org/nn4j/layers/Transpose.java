package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Swaps two axes (PyTorch's {@code x.transpose(dim0, dim1)}, Lua's {@code nn.Transpose({dim0, dim1})}), neither of
 * them the batch axis 0; a negative dim counts from the end ({@code dim + rank}). dL/dinput is delta with the same
 * two axes swapped back.
 */
public class Transpose extends Module {

    private final int dim0;
    private final int dim1;

    /**
     * Swaps axes {@code dim0} and {@code dim1} (the identity when they name the same axis).
     *
     * @param dim0 one axis, from 1 (or from -1 counting from the end)
     * @param dim1 the other axis, from 1 (or from -1 counting from the end)
     * @throws IllegalArgumentException when either is 0, the batch axis
     */
    public Transpose(int dim0, int dim1) {
        Axes.requireNotBatch("Transpose", dim0, dim1);
        this.dim0 = dim0;
        this.dim1 = dim1;
    }

    /**
     * @param input {@code [N, …]} of rank at least 2; not modified
     * @return the input with the two axes swapped, a new c-ordered array
     * @throws IllegalArgumentException when a dim is out of range for the input's rank
     */
    @Override
    public INDArray forward(INDArray input) {
        return Axes.permuted(input, swap(input));
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return delta with the two axes swapped back, a new c-ordered array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        int[] swap = swap(input);
        long[] out = new long[swap.length];
        for (int d = 0; d < swap.length; d++) {
            out[d] = input.size(swap[d]);
        }
        Checks.requireDelta("Transpose", out, input, delta);
        return Axes.permuted(delta, swap);
    }

    /** @return the first dim as given (negative ones count from the end) */
    public int dim0() {
        return dim0;
    }

    /** @return the second dim as given (negative ones count from the end) */
    public int dim1() {
        return dim1;
    }

    /** The permutation that swaps the two axes: its own inverse. */
    private int[] swap(INDArray input) {
        Axes.requireRank("Transpose", input, 2);
        int a = Axes.sampleAxis("Transpose", dim0, input.rank(), input);
        int b = Axes.sampleAxis("Transpose", dim1, input.rank(), input);
        int[] swap = new int[input.rank()];
        for (int d = 0; d < swap.length; d++) {
            swap[d] = d == a ? b : d == b ? a : d;
        }
        return swap;
    }

    @Override
    public String toString() {
        return "Transpose(" + dim0 + ", " + dim1 + ")";
    }
}
