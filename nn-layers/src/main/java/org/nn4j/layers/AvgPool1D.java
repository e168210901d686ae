package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.kernels.Pooling;

/**
 * Average pooling over windows of {@code kernel} positions, per channel (PyTorch's {@code AvgPool1d}): input
 * {@code [N, C, L]}, output {@code [N, C, oL]} with {@code oL = ⌊(L + 2·padding − kernel) / stride⌋ + 1}, or in ceil
 * mode {@code ⌈…⌉ + 1}, less one when the last window would start in the right padding (see {@link PoolWindow}). The
 * stride defaults to the kernel, the padding (zeros, at most half the kernel, as in PyTorch) to 0.
 *
 * <p>Each output is its window's sum divided by the window's positions inside the padded input
 * ({@code countIncludePad}, the default, as in PyTorch: {@code kernel}, or less for a ceil-mode window reaching past
 * the padding) or inside the input only ({@code countIncludePad(false)}). A NaN or infinity in the input reaches every
 * output whose window holds it.
 */
public class AvgPool1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private PoolWindow window;
    private boolean countIncludePad = true;

    /**
     * Windows of {@code kernel}, stride = kernel.
     *
     * @param kernel the window length and stride, at least 1
     * @throws IllegalArgumentException when {@code kernel} is below 1
     */
    public AvgPool1D(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Windows of {@code kernel} elements moved by {@code stride}, no padding.
     *
     * @param kernel the window length, at least 1
     * @param stride the step between windows, at least 1
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1
     */
    public AvgPool1D(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /**
     * Windows of {@code kernel} elements moved by {@code stride}, {@code padding} zeros at each end.
     *
     * @param kernel  the window length, at least 1
     * @param stride  the step between windows, at least 1
     * @param padding the padding at each end, from 0 to {@code kernel / 2}
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1, or the padding is negative or
     *         more than half the kernel
     */
    public AvgPool1D(int kernel, int stride, int padding) {
        this.window = new PoolWindow(ConvGeometry.of1d("AvgPool1D", kernel, stride, padding), false);
    }

    /**
     * Sets ceil mode (PyTorch's {@code ceil_mode}): a partial window at the end gives one more output, as long as it
     * starts inside the input or the left padding.
     *
     * @param ceilMode true for ceil mode, false (the default) for floor mode
     * @return this module
     */
    public AvgPool1D ceilMode(boolean ceilMode) {
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
    public AvgPool1D countIncludePad(boolean countIncludePad) {
        this.countIncludePad = countIncludePad;
        return this;
    }

    /**
     * @param input {@code [N, C, L]}, not modified
     * @return {@code [N, C, oL]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        window.requireInput(LAYOUT, input);
        Checks.requireFloatingPoint("AvgPool1D", input);
        return Pooling.avgPool(input, window, countIncludePad);
    }

    /**
     * dL/dinput: each output's delta, divided by its window's divisor, added to every input element of the window.
     * Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        window.requireInput(LAYOUT, input);
        Checks.requireDelta("AvgPool1D", window.outputShape(input), input, delta);
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
        return "AvgPool1D(" + window.describe() + (countIncludePad ? "" : ", padding not counted") + ")";
    }
}
