package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Keeps {@code length} consecutive positions of one axis, from {@code start} (PyTorch's
 * {@code x.narrow(dim, start, length)}, Lua's {@code nn.Narrow}): output axis {@code dim} has size {@code length}
 * and holds input positions {@code start} to {@code start + length − 1}. The batch axis 0 is never narrowed; a
 * negative dim counts from the end ({@code dim + rank}) and a negative start from the end of its axis
 * ({@code start + size}). dL/dinput is zero outside the kept positions and delta inside them.
 */
public class Narrow extends Module {

    private final int dim;
    private final long start;
    private final long length;

    /**
     * Keeps positions {@code start} to {@code start + length − 1} of axis {@code dim}.
     *
     * @param dim    the axis, from 1 (or from -1 counting from the end)
     * @param start  the first position kept (or, negative, counting from the end of the axis)
     * @param length how many positions are kept, at least 0
     * @throws IllegalArgumentException when {@code dim} is 0, the batch axis, or {@code length} is negative
     */
    public Narrow(int dim, long start, long length) {
        Axes.requireNotBatch("Narrow", dim);
        if (length < 0) {
            throw new IllegalArgumentException("Narrow: length must be at least 0, found " + length);
        }
        this.dim = dim;
        this.start = start;
        this.length = length;
    }

    /**
     * @param input {@code [N, …]} of rank at least 2 whose axis {@code dim} holds the positions kept; not modified
     * @return the kept positions, a new c-ordered array
     * @throws IllegalArgumentException when {@code dim} is out of range, or the positions are not all inside the axis
     */
    @Override
    public INDArray forward(INDArray input) {
        INDArrayIndex[] kept = kept(input);
        if (input.isEmpty() || length == 0) {
            return Nd4j.create(input.dataType(), outputShape(input));
        }
        // ND4J's interval indexing of some strided views (a [1, 2, 4] view with its first two axes swapped in memory, cut
        // to [1, 1, 4]) returns an empty float32 array, so such views are cut from a dense copy
        INDArray whole = Shape.hasDefaultStridesForShape(input) ? input : input.dup('c');
        return whole.get(kept).dup('c');
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return a new c-ordered array shaped like the input: delta at the kept positions, zero elsewhere
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        INDArrayIndex[] kept = kept(input);
        Checks.requireDelta("Narrow", outputShape(input), input, delta);
        INDArray gradInput = Nd4j.create(input.dataType(), input.shape()); // zeros, c-ordered
        if (!delta.isEmpty()) {
            gradInput.get(kept).assign(delta);
        }
        return gradInput;
    }

    /** @return the dim as given (negative ones count from the end) */
    public int dim() {
        return dim;
    }

    /** @return the start as given (negative ones count from the end of the axis) */
    public long start() {
        return start;
    }

    /** @return how many positions are kept */
    public long length() {
        return length;
    }

    /** The kept positions as indices of {@code input}: every position but along {@code dim}. Checks the input. */
    private INDArrayIndex[] kept(INDArray input) {
        Axes.requireRank("Narrow", input, 2);
        int axis = Axes.sampleAxis("Narrow", dim, input.rank(), input);
        long size = input.size(axis);
        long first = start < 0 ? start + size : start;
        if (first < 0 || first > size) {
            throw new IllegalArgumentException("Narrow: start " + start + " is out of range for axis " + axis + " of size " + size
                    + " of input " + Checks.shape(input) + " (expected -" + size + " to " + size + ")");
        }
        if (first + length > size) {
            throw new IllegalArgumentException("Narrow: start " + start + " + length " + length + " exceeds the size " + size
                    + " of axis " + axis + " of input " + Checks.shape(input));
        }
        INDArrayIndex[] kept = new INDArrayIndex[input.rank()];
        for (int d = 0; d < kept.length; d++) {
            kept[d] = d == axis ? NDArrayIndex.interval(first, first + length) : NDArrayIndex.all();
        }
        return kept;
    }

    private long[] outputShape(INDArray input) {
        long[] out = input.shape().clone();
        out[Axes.sampleAxis("Narrow", dim, input.rank(), input)] = length;
        return out;
    }

    @Override
    public String toString() {
        return "Narrow(dim=" + dim + ", start=" + start + ", length=" + length + ")";
    }
}
