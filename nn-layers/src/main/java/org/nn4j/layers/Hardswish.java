package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.Elementwise;

/**
 * {@code output = input · min(max(input + 3, 0), 6) / 6}: 0 up to −3, {@code input} from 3 on, a parabola between;
 * element-wise, any shape (PyTorch's {@code Hardswish}).
 */
public class Hardswish extends Module {

    /**
     * @param input any shape; not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.requireFloatingPoint("Hardswish", input);
        return Elementwise.HARDSWISH.forward(input);
    }

    /**
     * dL/dinput = 0 below −3, {@code delta · (input / 3 + 1/2)} from −3 up to 3, {@code delta} from 3 on. At the
     * kinks the derivative is PyTorch 1.13's: −1/2 at −3 and 1 at 3.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Checks.requireDelta("Hardswish", input.shape(), input, delta);
        return Elementwise.HARDSWISH.backward(input, delta);
    }
}
