package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.kernels.Pooling;

/**
 * Max pooling over windows of {@code kernel} positions, per channel (PyTorch's {@code MaxPool1d}): input
 * {@code [N, C, L]}, output {@code [N, C, oL]} with {@code oL = ⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1},
 * or in ceil mode {@code ⌈…⌉ + 1}, less one when the last window would start in the right padding (see
 * {@link PoolWindow}). The stride defaults to the kernel; the padding (implicit {@code −∞}, at most half the kernel, as
 * in PyTorch) to 0, the dilation to 1 and ceil mode to off. NaN propagates as in PyTorch: a window holding a NaN gives
 * NaN, and its delta goes to the window's last NaN.
 */
public class MaxPool1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private PoolWindow window;
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
        this(kernel, stride, 0);
    }

    /**
     * Windows of {@code kernel} elements moved by {@code stride}, {@code padding} elements of {@code −∞} at each end.
     *
     * @param kernel  the window length, at least 1
     * @param stride  the step between windows, at least 1
     * @param padding the padding at each end, from 0 to {@code kernel / 2}
     * @throws IllegalArgumentException when {@code kernel} or {@code stride} is below 1, or the padding is negative or
     *         more than half the kernel
     */
    public MaxPool1D(int kernel, int stride, int padding) {
        this.window = new PoolWindow(ConvGeometry.of1d("MaxPool1D", kernel, stride, padding), false);
    }

    /**
     * Sets the dilation: the kernel then spans {@code dilation·(kernel − 1) + 1} input positions.
     *
     * @param dilation the spacing between the window's taps, at least 1 (1: adjacent)
     * @return this module
     * @throws IllegalArgumentException when {@code dilation} is below 1
     */
    public MaxPool1D dilation(int dilation) {
        window = new PoolWindow(window.geometry().withDilation(dilation), window.ceilMode());
        return this;
    }

    /**
     * Sets ceil mode (PyTorch's {@code ceil_mode}): a partial window at the end gives one more output, as long as it
     * starts inside the input or the left padding.
     *
     * @param ceilMode true for ceil mode, false (the default) for floor mode
     * @return this module
     */
    public MaxPool1D ceilMode(boolean ceilMode) {
        window = new PoolWindow(window.geometry(), ceilMode);
        return this;
    }

    /**
     * @param input {@code [N, C, L]}, not modified
     * @return {@code [N, C, oL]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        window.requireInput(LAYOUT, input);
        Checks.requireFloatingPoint("MaxPool1D", input);
        return Pooling.maxPool(input, window, nan);
    }

    /**
     * dL/dinput: zero except at each window's maximum, which receives the window's delta; on ties
     * the first maximum takes it all (as PyTorch). Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        window.requireInput(LAYOUT, input);
        Checks.requireDelta("MaxPool1D", window.outputShape(input), input, delta);
        return Pooling.maxPoolBackward(input, delta, window, nan);
    }

    /** {@return the window: kernel, stride, padding, dilation and ceil mode} */
    public PoolWindow window() {
        return window;
    }

    @Override
    public String toString() {
        return "MaxPool1D(" + window.describe() + ")";
    }
}
