package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code output = input}, any shape (PyTorch's {@code nn.Identity()}, Lua Torch's {@code nn.Identity}): a
 * placeholder where a network needs a module that does nothing, such as the shortcut of a {@link Residual}
 * block that keeps its input's shape. dL/dinput = delta.
 */
public class Identity extends Module {

    /**
     * @param input any shape, floating-point; not modified
     * @return a copy of {@code input} (the caller may modify it)
     * @throws IllegalArgumentException when {@code input} is not floating-point
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Identity", input);
        return input.dup();
    }

    /**
     * @param input the input given to forward; not modified
     * @param delta shaped like {@code input}; not modified
     * @return a copy of {@code delta}
     * @throws IllegalArgumentException when {@code delta}'s shape or dtype is not {@code input}'s
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Identity", input.shape(), input, delta);
        return delta.dup();
    }
}
