package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.Pooling;

/**
 * Max pooling over {@code kH × kW} windows, per channel (PyTorch's {@code MaxPool2d}, no padding,
 * floor mode): input {@code [N, C, H, W]}, output {@code [N, C, ⌊(H − kH) / sH⌋ + 1, ⌊(W − kW) / sW⌋ + 1]}.
 * The stride defaults to the kernel. dL/dinput routes each window's delta to its maximum.
 * NaN propagates as in PyTorch: a window holding a NaN gives NaN, and its delta goes to the window's last NaN.
 */
public class MaxPool2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private final ConvGeometry geometry;
    private final Pooling.NaNCheck nan = new Pooling.NaNCheck();

    /**
     * Square {@code kernel × kernel} windows, stride = kernel.
     *
     * @param kernel the window's height, width and stride, at least 1
     * @throws IllegalArgumentException when {@code kernel} is below 1
     */
    public MaxPool2D(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Square {@code kernel × kernel} windows moved by {@code stride} in both directions, no padding.
     *
     * @param kernel the window's height and width, at least 1
     * @param stride the step between windows, at least 1
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1
     */
    public MaxPool2D(int kernel, int stride) {
        this(kernel, kernel, stride, stride);
    }

    /**
     * {@code kernelH × kernelW} windows, no padding.
     *
     * @param kernelH the window's height, at least 1
     * @param kernelW the window's width, at least 1
     * @param strideH the vertical step between windows, at least 1
     * @param strideW the horizontal step between windows, at least 1
     * @throws IllegalArgumentException when a kernel size or stride is below 1
     */
    public MaxPool2D(int kernelH, int kernelW, int strideH, int strideW) {
        this.geometry = ConvGeometry.of2d("MaxPool2D", kernelH, kernelW, strideH, strideW, 0, 0);
    }

    /**
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, oH, oW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        geometry.requireInput(LAYOUT, -1, input);
        Checks.requireFloatingPoint("MaxPool2D", input);
        return Pooling.maxPool2d(input, geometry, nan);
    }

    /** dL/dinput: zero except at each window's maximum, which receives the window's delta. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        geometry.requireInput(LAYOUT, -1, input);
        Checks.requireDelta("MaxPool2D", geometry.outputShape(input, input.size(1)), input, delta);
        return Pooling.maxPool2dBackward(input, delta, geometry, nan);
    }

    @Override
    public String toString() {
        return "MaxPool2D(kernel=" + ConvGeometry.dims(geometry.kernel()) + ", stride=" + ConvGeometry.dims(geometry.stride()) + ")";
    }
}
