package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/** {@code output = tanh(input)}, element-wise, any shape. */
public class TanH extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("TanH", input);
        return Elementwise.TANH.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ (1 − tanh²(input)).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("TanH", input.shape(), input, delta);
        return Elementwise.TANH.backward(input, delta);
    }
}
