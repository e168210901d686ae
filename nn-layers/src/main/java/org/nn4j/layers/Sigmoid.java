package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/** {@code output = 1 / (1 + exp(−input))}, element-wise, any shape. */
public class Sigmoid extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Sigmoid", input);
        return Elementwise.SIGMOID.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ σ(input) ⊙ (1 − σ(input)).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Sigmoid", input.shape(), input, delta);
        return Elementwise.SIGMOID.backward(input, delta);
    }
}
