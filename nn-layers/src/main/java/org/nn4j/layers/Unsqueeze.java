package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Inserts an axis of size 1 (PyTorch's {@code x.unsqueeze(dim)}, Lua's {@code nn.Unsqueeze}): input of rank r,
 * output of rank r + 1 whose axis {@code dim} has size 1. {@code dim} is in [1, r] (the batch axis 0 stays first);
 * a negative dim counts from the end of the output ({@code dim + r + 1}), so -1 appends an axis. dL/dinput is delta
 * reshaped back.
 */
public class Unsqueeze extends Module {

    private final int dim;

    /**
     * Inserts an axis of size 1 at {@code dim}.
     *
     * @param dim where the new axis goes in the output, from 1 (or from -1 counting from the end)
     * @throws IllegalArgumentException when {@code dim} is 0, the batch axis
     */
    public Unsqueeze(int dim) {
        Axes.requireNotBatch("Unsqueeze", dim);
        this.dim = dim;
    }

    /**
     * @param input {@code [N, …]} of rank at least 1; not modified
     * @return the input with an axis of size 1 at {@code dim}, a new c-ordered array
     * @throws IllegalArgumentException when {@code dim} is out of range for the input's rank
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
        Checks.requireDelta("Unsqueeze", outputShape(input), input, delta);
        return delta.dup('c').reshape('c', input.shape());
    }

    /** @return the dim as given (negative ones count from the end of the output) */
    public int dim() {
        return dim;
    }

    private long[] outputShape(INDArray input) {
        Axes.requireRank("Unsqueeze", input, 1);
        int axis = Axes.sampleAxis("Unsqueeze", dim, input.rank() + 1, input);
        long[] out = new long[input.rank() + 1];
        for (int d = 0, i = 0; d < out.length; d++) {
            out[d] = d == axis ? 1 : input.size(i++);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Unsqueeze(dim=" + dim + ")";
    }
}
