package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = log(1 / (1 + exp(−input))) = min(input, 0) − log(1 + exp(−|input|))}, computed in that stable form;
 * element-wise, any shape (PyTorch's {@code LogSigmoid}).
 */
public class LogSigmoid extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("LogSigmoid", input);
        return Elementwise.LOG_SIGMOID.forward(input);
    }

    /**
     * dL/dinput = delta ⊙ σ(−input) (½ at 0).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("LogSigmoid", input.shape(), input, delta);
        return Elementwise.LOG_SIGMOID.backward(input, delta);
    }
}
