package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;

/**
 * Max pooling over windows of {@code kernel} positions, per channel (PyTorch's {@code MaxPool1d},
 * no padding, floor mode): input {@code [N, C, L]}, output {@code [N, C, ⌊(L − kernel) / stride⌋ + 1]}.
 * The stride defaults to the kernel. Runs as a {@link MaxPool2D} of height 1 on {@code [N, C, 1, L]}.
 */
public class MaxPool1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private final ConvGeometry geometry;

    /** Windows of {@code kernel}, stride = kernel. */
    public MaxPool1D(int kernel) {
        this(kernel, kernel);
    }

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
        INDArray output = ConvKernels.maxPool2d(as2d(input), geometry.as2d());
        return output.reshape(output.size(0), output.size(1), output.size(3));
    }

    /** dL/dinput: zero except at each window's maximum, which receives the window's delta. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        geometry.requireInput(LAYOUT, -1, input);
        ConvGeometry.requireDelta("MaxPool1D", geometry.outputShape(input, input.size(1)), input, delta);
        return ConvKernels.maxPool2dBackward(as2d(input), as2d(delta), geometry.as2d()).reshape(input.shape());
    }

    /** {@code [N, C, L]} as {@code [N, C, 1, L]}: a view when the array is contiguous. */
    private static INDArray as2d(INDArray x) {
        return x.reshape(x.size(0), x.size(1), 1, x.size(2));
    }

    @Override
    public String toString() {
        return "MaxPool1D(kernel=" + geometry.kernel()[0] + ", stride=" + geometry.stride()[0] + ")";
    }
}
