package org.nn4j.kernels;

import java.lang.ref.WeakReference;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.nd4j.Nd4jPooling;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnPooling;
import org.nn4j.kernels.onednn.OneDnnReduction;

/**
 * Pooling, per channel, NCHW (or NCL): the maximum or the average of every window, and adaptive max pooling, with
 * their backward passes. The maximum's backward pass routes each window's delta to the position of its maximum (found
 * again from the input, so nothing is kept between calls). Float32 2-D pooling of dense arrays on the CPU runs on
 * oneDNN ({@link OneDnnPooling}) where oneDNN computes what PyTorch does; everything else on ND4J ({@link Nd4jPooling}),
 * the reference. Arguments are not modified; results are new arrays, empty for an empty input (as in PyTorch). Results
 * that would not fit in the native-memory limits throw {@link OutOfMemoryError} before anything is allocated
 * ({@link NativeMemory}).
 *
 * <p>NaN propagates as in PyTorch: a window holding a NaN gives NaN, and the maximum's delta goes to the window's last
 * NaN (row-major). oneDNN's and ND4J's max pooling skip NaN (and may give the lowest finite value for a window of
 * {@code −∞}), so an input that may hold either (its sum is NaN or {@code −∞}, one read of the input) takes
 * {@link Nd4jPooling#maxPoolWithNaN} instead. A module passes its {@link NaNCheck}, so that the
 * backward pass of the input its forward pass has just read does not read it again. Averages need no check: a sum
 * keeps every NaN.
 */
public final class Pooling {

    private Pooling() {
    }

    /**
     * The maximum of every window; implicit {@code −∞} padding (the padding never wins).
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}
     * @param window a window of the input's spatial rank
     * @param nan    the module's check; remembers its verdict for the backward pass
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPool(INDArray input, PoolWindow window, NaNCheck nan) {
        INDArray empty = outputOrEmpty(input, window);
        if (empty != null) {
            return empty;
        }
        if (nan.forward(input)) {
            return Nd4jPooling.maxPoolWithNaN(input, window);
        }
        if (input.rank() == 4 && oneDnnRunsMax(window, input) && OneDnn.canRun(input) && OneDnn.isDense(input)) {
            return OneDnnPooling.maxForward(input, window);
        }
        if (input.rank() == 4 && nd4jRunsMax(window)) {
            return Nd4jPooling.maxPool2d(input, window.geometry());
        }
        return Nd4jPooling.maxPool(input, window);
    }

    /**
     * dL/dinput of {@link #maxPool}: each window's delta goes to its maximum; on ties the first maximum (row-major)
     * takes it all (as PyTorch).
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}
     * @param delta  dL/doutput, shaped like the output
     * @param window the forward pass's window
     * @param nan    the module's check; reuses the forward pass's verdict on the same input
     * @return dL/dinput, shaped like the input
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPoolBackward(INDArray input, INDArray delta, PoolWindow window, NaNCheck nan) {
        INDArray empty = inputGradientOrEmpty(input, window.module());
        if (empty != null) {
            return empty;
        }
        if (nan.backward(input)) {
            return Nd4jPooling.maxPoolWithNaNBackward(input, delta, window);
        }
        if (input.rank() == 4 && oneDnnRunsMax(window, input) && OneDnn.canRun(input, delta) && OneDnn.isDense(input)
                && OneDnn.isDense(delta)) {
            return OneDnnPooling.maxBackward(input, delta, window);
        }
        if (input.rank() == 4 && nd4jRunsMax(window)) {
            return Nd4jPooling.maxPool2dBackward(input, delta, window.geometry());
        }
        return Nd4jPooling.maxPoolBackward(input, delta, window);
    }

    /**
     * The average of every window: zero padding, counted in the divisor when {@code countIncludePad} (see
     * {@link PoolWindow}).
     *
     * @param input           {@code [N, C, L]} or {@code [N, C, H, W]}
     * @param window          an undilated window of the input's spatial rank
     * @param countIncludePad whether the padding counts in the divisor (PyTorch's {@code count_include_pad})
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray avgPool(INDArray input, PoolWindow window, boolean countIncludePad) {
        INDArray empty = outputOrEmpty(input, window);
        if (empty != null) {
            return empty;
        }
        if (input.rank() == 4 && oneDnnRunsAverage(window, input, countIncludePad) && OneDnn.canRun(input) && OneDnn.isDense(input)) {
            return OneDnnPooling.avgForward(input, window, countIncludePad);
        }
        return Nd4jPooling.avgPool(input, window, countIncludePad);
    }

    /**
     * dL/dinput of {@link #avgPool}.
     *
     * @param input           {@code [N, C, L]} or {@code [N, C, H, W]} (only its shape is read)
     * @param delta           dL/doutput, shaped like the output
     * @param window          the forward pass's window
     * @param countIncludePad whether the padding counts in the divisor
     * @return dL/dinput, shaped like the input
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray avgPoolBackward(INDArray input, INDArray delta, PoolWindow window, boolean countIncludePad) {
        INDArray empty = inputGradientOrEmpty(input, window.module());
        if (empty != null) {
            return empty;
        }
        if (input.rank() == 4 && oneDnnRunsAverage(window, input, countIncludePad) && OneDnn.canRun(input, delta) && OneDnn.isDense(delta)) {
            return OneDnnPooling.avgBackward(input, delta, window, countIncludePad);
        }
        return Nd4jPooling.avgPoolBackward(input, delta, window, countIncludePad);
    }

    /**
     * Adaptive max pooling (PyTorch's {@code AdaptiveMaxPool2d}): output row {@code i} is the maximum over input rows
     * {@code ⌊i·H / outH⌋} to {@code ⌈(i + 1)·H / outH⌉ − 1}, likewise columns.
     *
     * @param module the module's name, used in error messages
     * @param input  {@code [N, C, H, W]}, {@code H, W ≥ 1}
     * @param outH   the output's height
     * @param outW   the output's width
     * @return {@code [N, C, outH, outW]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray adaptiveMaxPool2d(String module, INDArray input, int outH, int outW) {
        long[] shape = {input.size(0), input.size(1), outH, outW};
        NativeMemory.require(module, "output", input.dataType(), shape);
        return input.isEmpty() ? Nd4j.create(input.dataType(), shape) : Nd4jPooling.adaptiveMaxPool2d(input, outH, outW);
    }

    /**
     * dL/dinput of {@link #adaptiveMaxPool2d}: each window's delta goes to its last NaN, else its first maximum
     * (row-major, as PyTorch).
     *
     * @param module the module's name, used in error messages
     * @param input  {@code [N, C, H, W]}
     * @param delta  dL/doutput {@code [N, C, outH, outW]}
     * @param outH   the output's height
     * @param outW   the output's width
     * @return dL/dinput {@code [N, C, H, W]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray adaptiveMaxPool2dBackward(String module, INDArray input, INDArray delta, int outH, int outW) {
        INDArray empty = inputGradientOrEmpty(input, module);
        return empty != null ? empty : Nd4jPooling.adaptiveMaxPool2dBackward(input, delta, outH, outW);
    }

    /**
     * oneDNN's max pooling is PyTorch's for every 2-D window except one that reads no input element (a dilated window
     * in ceil mode on a small input), whose maximum is {@code −∞} in PyTorch.
     */
    private static boolean oneDnnRunsMax(PoolWindow window, INDArray input) {
        return window.everyWindowReadsTheInput(new long[] {input.size(2), input.size(3)});
    }

    /** ND4J's maxpool2d: no ceil mode, no dilation. */
    private static boolean nd4jRunsMax(PoolWindow window) {
        return !window.ceilMode() && window.geometry().undilated();
    }

    /**
     * oneDNN's average counting the padding divides by the kernel's size; PyTorch's divides by less for a ceil-mode
     * window that reaches past the padding (see {@link OneDnnPooling}).
     */
    private static boolean oneDnnRunsAverage(PoolWindow window, INDArray input, boolean countIncludePad) {
        return !countIncludePad || !window.reachesPastThePadding(new long[] {input.size(2), input.size(3)});
    }

    /** Checks the output's size; the (empty) output for an empty input, else null. */
    private static INDArray outputOrEmpty(INDArray input, PoolWindow window) {
        long[] outputShape = window.outputShape(input);
        NativeMemory.require(window.module(), "output", input.dataType(), outputShape);
        return input.isEmpty() ? Nd4j.create(input.dataType(), outputShape) : null;
    }

    /** Checks dL/dinput's size; the (empty) dL/dinput for an empty input, else null. */
    private static INDArray inputGradientOrEmpty(INDArray input, String module) {
        NativeMemory.require(module, "dL/dinput", input.dataType(), input.shape());
        return input.isEmpty() ? Nd4j.create(input.dataType(), input.shape()) : null;
    }

    /**
     * False when {@code x} surely holds no NaN and no {@code −∞}. Its sum is NaN when it holds a NaN (and also when it
     * holds both infinities), {@code −∞} when it holds {@code −∞} (or its sum overflows), and the NaN path handles every
     * such input correctly: one read of {@code x}, by oneDNN's reduction for dense
     * float32 (a small fraction of the pooling's time; ND4J's float32 sum would cost more than the pooling itself).
     */
    static boolean mayHoldNaN(INDArray x) {
        if (x.isEmpty()) {
            return false;
        }
        double sum = OneDnn.canRun(x) && OneDnn.isDense(x) ? OneDnnReduction.sum(x) : x.sumNumber().doubleValue();
        return Double.isNaN(sum) || sum == Double.NEGATIVE_INFINITY;
    }

    /**
     * A pooling module's NaN check: the forward pass reads its input once to decide ({@link #mayHoldNaN}) and
     * remembers the verdict for that input; the backward pass of the same input (the same object, as the module
     * contract has it) reuses it instead of reading the input again. Only a weak reference to the input is kept. Safe
     * to share between threads: a backward pass reuses a verdict only for the very input it was made for.
     */
    public static final class NaNCheck {

        private volatile Verdict last;

        private record Verdict(WeakReference<INDArray> input, boolean mayHoldNaN) {
        }

        boolean forward(INDArray input) {
            boolean verdict = mayHoldNaN(input);
            last = new Verdict(new WeakReference<>(input), verdict);
            return verdict;
        }

        boolean backward(INDArray input) {
            Verdict verdict = last;
            return verdict != null && verdict.input().get() == input ? verdict.mayHoldNaN() : mayHoldNaN(input);
        }
    }
}
