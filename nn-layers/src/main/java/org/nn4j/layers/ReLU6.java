package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = min(max(input, 0), 6)}; element-wise, any shape; NaN stays NaN (PyTorch's {@code ReLU6}, which is
 * {@code Hardtanh(0, 6)}).
 */
public class ReLU6 extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("ReLU6", input);
        return Elementwise.HARDTANH.forward(input, 0, 6);
    }

    /**
     * dL/dinput = delta where {@code 0 < input < 6}, else 0; at 0 and at 6 the derivative is 0, as in PyTorch.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("ReLU6", input.shape(), input, delta);
        return Elementwise.HARDTANH.backward(input, delta, 0, 6);
    }
}
