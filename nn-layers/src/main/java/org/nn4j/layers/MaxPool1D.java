package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.Pooling;

/**
 * Max pooling over windows of {@code kernel} positions, per channel (PyTorch's {@code MaxPool1d},
 * no padding, floor mode): input {@code [N, C, L]}, output {@code [N, C, ⌊(L − kernel) / stride⌋ + 1]}.
 * The stride defaults to the kernel. NaN propagates as in PyTorch: a window holding a NaN gives NaN, and its
 * delta goes to the window's last NaN.
 */
public class MaxPool1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private final ConvGeometry geometry;
    private final Pooling.NaNCheck nan = new Pooling.NaNCheck();

    /**
     * Windows of {@code kernel}, stride = kernel.
     *
     * @param kernel the window length and stride, at least 1
     * @throws IllegalArgumentException when {@code kernel} is below 1
     */
    public MaxPool1D(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Windows of {@code kernel} elements moved by {@code stride}, no padding.
     *
     * @param kernel the window length, at least 1
     * @param stride the step between windows, at least 1
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1
     */
    public MaxPool1D(int kernel, int stride) {
        this.geometry = ConvGeometry.of1d("MaxPool1D", kernel, stride, 0);
    }

    /**
     * @param input {@code [N, C, L]}, not modified
     * @return {@code [N, C, oL]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        geometry.requireInput(LAYOUT, -1, input);
        Checks.requireFloatingPoint("MaxPool1D", input);
        return Pooling.maxPool1d(input, geometry, nan);
    }

    /**
     * dL/dinput: zero except at each window's maximum, which receives the window's delta; on ties
     * the first maximum takes it all (as PyTorch). Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        geometry.requireInput(LAYOUT, -1, input);
        Checks.requireDelta("MaxPool1D", geometry.outputShape(input, input.size(1)), input, delta);
        return Pooling.maxPool1dBackward(input, delta, geometry, nan);
    }

    @Override
    public String toString() {
        return "MaxPool1D(kernel=" + geometry.kernel()[0] + ", stride=" + geometry.stride()[0] + ")";
    }
}
