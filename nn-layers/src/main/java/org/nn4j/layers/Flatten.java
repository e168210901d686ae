package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Flattens every axis but the batch, in c order (PyTorch's {@code Flatten()}):
 * input {@code [N, d1, d2, ...]}, output {@code [N, d1·d2·...]}. dL/dinput is delta reshaped
 * back to the input's shape.
 */
public class Flatten extends Module {

    /**
     * @param input {@code [N, ...]} of rank at least 2, not modified
     * @return {@code [N, d1·d2·...]}, a new array (a copy: the caller may modify it)
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return input.dup('c').reshape('c', input.size(0), features(input));
    }

    /**
     * @param input the input given to forward, not modified
     * @param delta {@code [N, d1·d2·...]}, not modified
     * @return delta reshaped to the input's shape, a new array
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("Flatten", new long[] {input.size(0), features(input)}, input, delta);
        return delta.dup('c').reshape('c', input.shape());
    }

    /** C·H·W…: the product of every axis but the batch's (also for an empty batch). */
    private static long features(INDArray input) {
        long f = 1;
        for (int d = 1; d < input.rank(); d++) {
            f *= input.size(d);
        }
        return f;
    }

    private static void check(INDArray input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("Flatten: expected input [N, ...] of rank at least 2, found rank "
                    + input.rank() + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint("Flatten", input);
    }
}
