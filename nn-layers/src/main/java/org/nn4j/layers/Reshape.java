package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Reshapes each sample, in c order (PyTorch's {@code x.view(N, *sampleShape)}, Lua's {@code nn.View} and
 * {@code nn.Reshape} in batch mode): input {@code [N, d1, d2, …]}, output {@code [N, sampleShape…]}. The batch axis
 * stays as it is, so a batch of any size (0 included) goes through. One entry of {@code sampleShape} may be -1: it is
 * inferred from the number of elements of a sample. dL/dinput is delta reshaped back to the input's shape.
 * {@code new Reshape(-1)} is {@link Flatten}; {@code new Reshape(C, H, W)} undoes it.
 */
public class Reshape extends Module {

    private final long[] sampleShape;

    /**
     * Each sample reshaped to {@code sampleShape}.
     *
     * @param sampleShape the shape of one sample of the output, each size at least 0, or -1 once (inferred); not modified
     * @throws IllegalArgumentException when a size is below -1 or -1 appears more than once
     */
    public Reshape(long... sampleShape) {
        int inferred = 0;
        for (long s : sampleShape) {
            if (s < -1) {
                throw new IllegalArgumentException("Reshape: sizes must be at least 0, or -1 once (inferred), found "
                        + Arrays.toString(sampleShape));
            }
            inferred += s == -1 ? 1 : 0;
        }
        if (inferred > 1) {
            throw new IllegalArgumentException("Reshape: only one size may be -1 (inferred), found " + Arrays.toString(sampleShape));
        }
        this.sampleShape = sampleShape.clone();
    }

    /**
     * @param input {@code [N, d1, …]} of rank at least 1; not modified
     * @return {@code [N, sampleShape…]}, a new c-ordered array
     * @throws IllegalArgumentException when a sample's number of elements does not fit {@code sampleShape}
     */
    @Override
    public INDArray forward(INDArray input) {
        return input.dup('c').reshape('c', outputShape(input));
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta {@code [N, sampleShape…]}; not modified
     * @return delta reshaped to the input's shape, a new c-ordered array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Reshape", outputShape(input), input, delta);
        return delta.dup('c').reshape('c', input.shape());
    }

    /** @return the sample shape as given (with the -1, if any); a copy */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** {@code [N, sampleShape…]} with the -1 resolved from a sample's elements (not the whole batch's, which may be 0). */
    private long[] outputShape(INDArray input) {
        Axes.requireRank("Reshape", input, 1);
        long[] sample = Arrays.copyOfRange(input.shape(), 1, input.rank());
        long elements = 1;
        for (long s : sample) {
            elements *= s;
        }
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < sampleShape.length; i++) {
            if (sampleShape[i] == -1) {
                inferred = i;
            } else {
                known *= sampleShape[i];
            }
        }
        String what = "Reshape: each sample " + Arrays.toString(sample) + " of input " + Checks.shape(input) + " has "
                + elements + " elements, ";
        if (inferred >= 0 && known == 0) {
            throw new IllegalArgumentException(what + "and the -1 of " + Arrays.toString(sampleShape)
                    + " cannot be inferred: the other sizes hold 0 elements");
        }
        if (inferred >= 0 ? elements % known != 0 : elements != known) {
            throw new IllegalArgumentException(what + "which do not fit " + Arrays.toString(sampleShape)
                    + (inferred >= 0 ? " (not a multiple of " + known + ")" : " (" + known + " elements)"));
        }
        long[] out = new long[sampleShape.length + 1];
        out[0] = input.size(0);
        for (int i = 0; i < sampleShape.length; i++) {
            out[i + 1] = i == inferred ? elements / known : sampleShape[i];
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Reshape(");
        for (int i = 0; i < sampleShape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(sampleShape[i]);
        }
        return s.append(')').toString();
    }
}
