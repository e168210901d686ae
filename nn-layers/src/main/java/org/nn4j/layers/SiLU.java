package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/** {@code output = input · σ(input)}, σ the logistic sigmoid; element-wise, any shape (PyTorch's {@code SiLU}, also called swish). */
public class SiLU extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("SiLU", input);
        return Elementwise.SILU.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ σ(input) ⊙ (1 + input ⊙ (1 − σ(input))).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("SiLU", input.shape(), input, delta);
        return Elementwise.SILU.backward(input, delta);
    }
}
