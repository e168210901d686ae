package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.kernels.Pooling;

/**
 * Max pooling over {@code kH × kW} windows, per channel (PyTorch's {@code MaxPool2d}): input {@code [N, C, H, W]},
 * output {@code [N, C, oH, oW]} with {@code oH = ⌊(H + 2·pH − dH·(kH − 1) − 1) / sH⌋ + 1} (likewise {@code oW}), or in
 * ceil mode {@code ⌈…⌉ + 1}, less one when the last window would start in the bottom padding (see {@link PoolWindow}).
 * The stride defaults to the kernel; the padding (implicit {@code −∞}, at most half the kernel, as in PyTorch) to 0,
 * the dilation to 1 and ceil mode to off. dL/dinput routes each window's delta to its maximum (the first, on ties).
 * NaN propagates as in PyTorch: a window holding a NaN gives NaN, and its delta goes to the window's last NaN.
 */
public class MaxPool2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private PoolWindow window;
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
     * Square {@code kernel × kernel} windows moved by {@code stride}, {@code padding} rows and columns of {@code −∞}
     * on every side.
     *
     * @param kernel  the window's height and width, at least 1
     * @param stride  the step between windows, at least 1
     * @param padding the padding on each side, from 0 to {@code kernel / 2}
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1, or the padding is negative or
     *         more than half the kernel
     */
    public MaxPool2D(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride);
        padding(padding);
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
        this.window = new PoolWindow(ConvGeometry.of2d("MaxPool2D", kernelH, kernelW, strideH, strideW, 0, 0), false);
    }

    /**
     * Sets the same padding on every side.
     *
     * @param padding the rows and columns of {@code −∞} on each side, from 0 to half the kernel
     * @return this module
     * @throws IllegalArgumentException when the padding is negative or more than half the kernel
     */
    public MaxPool2D padding(int padding) {
        return padding(padding, padding);
    }

    /**
     * Sets the padding.
     *
     * @param paddingH the rows of {@code −∞} above and below, from 0 to {@code kernelH / 2}
     * @param paddingW the columns of {@code −∞} left and right, from 0 to {@code kernelW / 2}
     * @return this module
     * @throws IllegalArgumentException when a padding is negative or more than half its kernel size
     */
    public MaxPool2D padding(int paddingH, int paddingW) {
        window = new PoolWindow(window.geometry().withPadding(paddingH, paddingW), window.ceilMode());
        return this;
    }

    /**
     * Sets the same dilation in both directions.
     *
     * @param dilation the spacing between the window's taps, at least 1 (1: adjacent)
     * @return this module
     * @throws IllegalArgumentException when {@code dilation} is below 1
     */
    public MaxPool2D dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    /**
     * Sets the dilation: a kernel {@code k} then spans {@code dilation·(k − 1) + 1} input positions.
     *
     * @param dilationH the vertical spacing between the window's taps, at least 1
     * @param dilationW the horizontal spacing, at least 1
     * @return this module
     * @throws IllegalArgumentException when a dilation is below 1
     */
    public MaxPool2D dilation(int dilationH, int dilationW) {
        window = new PoolWindow(window.geometry().withDilation(dilationH, dilationW), window.ceilMode());
        return this;
    }

    /**
     * Sets ceil mode (PyTorch's {@code ceil_mode}): a partial window at the bottom or right gives one more output, as
     * long as it starts inside the input or the top/left padding.
     *
     * @param ceilMode true for ceil mode, false (the default) for floor mode
     * @return this module
     */
    public MaxPool2D ceilMode(boolean ceilMode) {
        window = new PoolWindow(window.geometry(), ceilMode);
        return this;
    }

    /**
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, oH, oW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        window.requireInput(LAYOUT, input);
        Checks.requireFloatingPoint("MaxPool2D", input);
        return Pooling.maxPool(input, window, nan);
    }

    /** dL/dinput: zero except at each window's maximum, which receives the window's delta. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        window.requireInput(LAYOUT, input);
        Checks.requireDelta("MaxPool2D", window.outputShape(input), input, delta);
        return Pooling.maxPoolBackward(input, delta, window, nan);
    }

    /** {@return the window: kernel, stride, padding, dilation and ceil mode} */
    public PoolWindow window() {
        return window;
    }

    @Override
    public String toString() {
        return "MaxPool2D(" + window.describe() + ")";
    }
}
