package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/** {@code output = max(0, input)}, element-wise, any shape. */
public class ReLU extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("ReLU", input);
        return Elementwise.RELU.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ [input &gt; 0]; the gradient at 0 is 0, as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("ReLU", input.shape(), input, delta);
        return Elementwise.RELU.backward(input, delta);
    }
}
