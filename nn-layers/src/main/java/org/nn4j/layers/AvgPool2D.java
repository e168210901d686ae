package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.kernels.Pooling;

/**
 * Average pooling over {@code kH × kW} windows, per channel (PyTorch's {@code AvgPool2d}): input {@code [N, C, H, W]},
 * output {@code [N, C, oH, oW]} with {@code oH = ⌊(H + 2·pH − kH) / sH⌋ + 1} (likewise {@code oW}), or in ceil mode
 * {@code ⌈…⌉ + 1}, less one when the last window would start in the bottom padding (see {@link PoolWindow}). The
 * stride defaults to the kernel, the padding (zeros, at most half the kernel, as in PyTorch) to 0.
 *
 * <p>Each output is its window's sum divided by the window's positions inside the padded input
 * ({@code countIncludePad}, the default, as in PyTorch: {@code kH·kW}, or less for a ceil-mode window reaching past
 * the padding) or inside the input only ({@code countIncludePad(false)}). A NaN or infinity in the input reaches every
 * output whose window holds it.
 */
public class AvgPool2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private PoolWindow window;
    private boolean countIncludePad = true;

    /**
     * Square {@code kernel × kernel} windows, stride = kernel.
     *
     * @param kernel the window's height, width and stride, at least 1
     * @throws IllegalArgumentException when {@code kernel} is below 1
     */
    public AvgPool2D(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Square {@code kernel × kernel} windows moved by {@code stride} in both directions, no padding.
     *
     * @param kernel the window's height and width, at least 1
     * @param stride the step between windows, at least 1
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1
     */
    public AvgPool2D(int kernel, int stride) {
        this(kernel, kernel, stride, stride);
    }

    /**
     * Square {@code kernel × kernel} windows moved by {@code stride}, {@code padding} rows and columns of zeros on
     * every side.
     *
     * @param kernel  the window's height and width, at least 1
     * @param stride  the step between windows, at least 1
     * @param padding the padding on each side, from 0 to {@code kernel / 2}
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1, or the padding is negative or
     *         more than half the kernel
     */
    public AvgPool2D(int kernel, int stride, int padding) {
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
    public AvgPool2D(int kernelH, int kernelW, int strideH, int strideW) {
        this.window = new PoolWindow(ConvGeometry.of2d("AvgPool2D", kernelH, kernelW, strideH, strideW, 0, 0), false);
    }

    /**
     * Sets the same padding on every side.
     *
     * @param padding the rows and columns of zeros on each side, from 0 to half the kernel
     * @return this module
     * @throws IllegalArgumentException when the padding is negative or more than half the kernel
     */
    public AvgPool2D padding(int padding) {
        return padding(padding, padding);
    }

    /**
     * Sets the padding.
     *
     * @param paddingH the rows of zeros above and below, from 0 to {@code kernelH / 2}
     * @param paddingW the columns of zeros left and right, from 0 to {@code kernelW / 2}
     * @return this module
     * @throws IllegalArgumentException when a padding is negative or more than half its kernel size
     */
    public AvgPool2D padding(int paddingH, int paddingW) {
        window = new PoolWindow(window.geometry().withPadding(paddingH, paddingW), window.ceilMode());
        return this;
    }

    /**
     * Sets ceil mode (PyTorch's {@code ceil_mode}): a partial window at the bottom or right gives one more output, as
     * long as it starts inside the input or the top/left padding.
     *
     * @param ceilMode true for ceil mode, false (the default) for floor mode
     * @return this module
     */
    public AvgPool2D ceilMode(boolean ceilMode) {
        window = new PoolWindow(window.geometry(), ceilMode);
        return this;
    }

    /**
     * Sets whether the padding counts in the divisor (PyTorch's {@code count_include_pad}).
     *
     * @param countIncludePad true (the default) to divide by the window's positions inside the padded input, false
     *                        to divide by its positions inside the input
     * @return this module
     */
    public AvgPool2D countIncludePad(boolean countIncludePad) {
        this.countIncludePad = countIncludePad;
        return this;
    }

    /**
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, oH, oW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        window.requireInput(LAYOUT, input);
        Checks.requireFloatingPoint("AvgPool2D", input);
        return Pooling.avgPool(input, window, countIncludePad);
    }

    /**
     * dL/dinput: each output's delta, divided by its window's divisor, added to every input element of the window.
     * Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        window.requireInput(LAYOUT, input);
        Checks.requireDelta("AvgPool2D", window.outputShape(input), input, delta);
        return Pooling.avgPoolBackward(input, delta, window, countIncludePad);
    }

    /** {@return the window: kernel, stride, padding, dilation and ceil mode} */
    public PoolWindow window() {
        return window;
    }

    /** {@return whether the zero padding counts in each window's divisor (PyTorch's {@code count_include_pad})} */
    public boolean countIncludesPad() {
        return countIncludePad;
    }

    @Override
    public String toString() {
        return "AvgPool2D(" + window.describe() + (countIncludePad ? "" : ", padding not counted") + ")";
    }
}
