package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Removes one axis of size 1 (PyTorch's {@code x.squeeze(dim)}, Lua's {@code nn.Squeeze(dim)}): input
 * {@code [N, …, 1, …]} of rank r, output of rank r − 1. The batch axis 0 stays; a negative dim counts from the end
 * ({@code dim + r}). Unlike PyTorch, which silently returns the input unchanged when the axis is not of size 1, an
 * axis of another size is an error, so that a wrong shape is caught where it happens. dL/dinput is delta reshaped back.
 */
public class Squeeze extends Module {

    private final int dim;

    /**
     * Removes axis {@code dim}.
     *
     * @param dim the axis to remove, from 1 (or from -1 counting from the end)
     * @throws IllegalArgumentException when {@code dim} is 0, the batch axis
     */
    public Squeeze(int dim) {
        Axes.requireNotBatch("Squeeze", dim);
        this.dim = dim;
    }

    /**
     * @param input {@code [N, …]} of rank at least 2 whose axis {@code dim} has size 1; not modified
     * @return the input without that axis, a new c-ordered array
     * @throws IllegalArgumentException when {@code dim} is out of range or its axis is not of size 1
     */
    @Override
    public INDArray forward(INDArray input) {
        return input.dup('c').reshape('c', outputShape(input));
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return delta reshaped to the input's shape, a new c-ordered array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Squeeze", outputShape(input), input, delta);
        return delta.dup('c').reshape('c', input.shape());
    }

    /** @return the dim as given (negative ones count from the end) */
    public int dim() {
        return dim;
    }

    private long[] outputShape(INDArray input) {
        Axes.requireRank("Squeeze", input, 2);
        int axis = Axes.sampleAxis("Squeeze", dim, input.rank(), input);
        if (input.size(axis) != 1) {
            throw new IllegalArgumentException("Squeeze: axis " + axis + " of input " + Checks.shape(input) + " has size "
                    + input.size(axis) + ", not 1");
        }
        long[] out = new long[input.rank() - 1];
        for (int d = 0, o = 0; d < input.rank(); d++) {
            if (d != axis) {
                out[o++] = input.size(d);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Squeeze(dim=" + dim + ")";
    }
}
