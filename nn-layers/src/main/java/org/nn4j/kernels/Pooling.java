package org.nn4j.kernels;

import java.lang.ref.WeakReference;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.nd4j.Nd4jPooling;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnPooling;
import org.nn4j.kernels.onednn.OneDnnReduction;

/**
 * Max pooling, per channel, NCHW: the maximum of every window, and its backward pass, which routes
 * each window's delta to the position of its maximum (found again from the input, so nothing is kept
 * between calls). Float32 2-D pooling of dense arrays on the CPU runs on oneDNN ({@link OneDnnPooling});
 * everything else on ND4J ({@link Nd4jPooling}), the reference. Arguments are not modified; results
 * are new arrays, empty for an empty input (as in PyTorch). Results that would not fit in the native-memory
 * limits throw {@link OutOfMemoryError} before anything is allocated ({@link NativeMemory}).
 *
 * <p>NaN propagates as in PyTorch: a window holding a NaN gives NaN, and its delta goes to the window's last NaN
 * (row-major). oneDNN's and ND4J's pooling skip NaN, so an input that may hold one (its sum is NaN, one read of
 * the input) takes {@link Nd4jPooling#maxPoolWithNaN} instead. A module passes its {@link NaNCheck}, so that the
 * backward pass of the input its forward pass has just read does not read it again.
 */
public final class Pooling {

    private Pooling() {
    }

    /**
     * @param input    {@code [N, C, H, W]}
     * @param geometry a 2-D window
     * @param nan      the module's check; remembers its verdict for the backward pass
     * @return {@code [N, C, oH, oW]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPool2d(INDArray input, ConvGeometry geometry, NaNCheck nan) {
        INDArray empty = outputOrEmpty(input, geometry);
        if (empty != null) {
            return empty;
        }
        if (nan.forward(input)) {
            return Nd4jPooling.maxPoolWithNaN(input, geometry);
        }
        if (OneDnn.canRun(input) && OneDnn.isDense(input)) {
            return OneDnnPooling.forward(input, geometry);
        }
        return Nd4jPooling.maxPool2d(input, geometry);
    }

    /**
     * @param input {@code [N, C, H, W]}
     * @param delta {@code [N, C, oH, oW]}
     * @param geometry a 2-D window
     * @param nan      the module's check; reuses the forward pass's verdict on the same input
     * @return dL/dinput {@code [N, C, H, W]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPool2dBackward(INDArray input, INDArray delta, ConvGeometry geometry, NaNCheck nan) {
        INDArray empty = inputGradientOrEmpty(input, geometry);
        if (empty != null) {
            return empty;
        }
        if (nan.backward(input)) {
            return Nd4jPooling.maxPoolWithNaNBackward(input, delta, geometry);
        }
        if (OneDnn.canRun(input, delta) && OneDnn.isDense(input) && OneDnn.isDense(delta)) {
            return OneDnnPooling.backward(input, delta, geometry);
        }
        return Nd4jPooling.maxPool2dBackward(input, delta, geometry);
    }

    /**
     * @param input    {@code [N, C, L]}
     * @param geometry a 1-D window
     * @param nan      the module's check; remembers its verdict for the backward pass
     * @return {@code [N, C, oL]}
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPool1d(INDArray input, ConvGeometry geometry, NaNCheck nan) {
        INDArray empty = outputOrEmpty(input, geometry);
        if (empty != null) {
            return empty;
        }
        if (nan.forward(input)) {
            return Nd4jPooling.maxPoolWithNaN(input, geometry);
        }
        return Nd4jPooling.maxPool1d(input, geometry);
    }

    /**
     * @param input {@code [N, C, L]}
     * @param delta {@code [N, C, oL]}
     * @param geometry a 1-D window
     * @param nan      the module's check; reuses the forward pass's verdict on the same input
     * @return dL/dinput {@code [N, C, L]}; on ties the first maximum takes it all (as PyTorch)
     * @throws OutOfMemoryError when the result does not fit in the native-memory limits
     */
    public static INDArray maxPool1dBackward(INDArray input, INDArray delta, ConvGeometry geometry, NaNCheck nan) {
        INDArray empty = inputGradientOrEmpty(input, geometry);
        if (empty != null) {
            return empty;
        }
        if (nan.backward(input)) {
            return Nd4jPooling.maxPoolWithNaNBackward(input, delta, geometry);
        }
        return Nd4jPooling.maxPool1dBackward(input, delta, geometry);
    }

    /** Checks the output's size; the (empty) output for an empty input, else null. */
    private static INDArray outputOrEmpty(INDArray input, ConvGeometry geometry) {
        long[] outputShape = geometry.outputShape(input, input.size(1));
        NativeMemory.require(geometry.module(), "output", input.dataType(), outputShape);
        return input.isEmpty() ? Nd4j.create(input.dataType(), outputShape) : null;
    }

    /** Checks dL/dinput's size; the (empty) dL/dinput for an empty input, else null. */
    private static INDArray inputGradientOrEmpty(INDArray input, ConvGeometry geometry) {
        NativeMemory.require(geometry.module(), "dL/dinput", input.dataType(), input.shape());
        return input.isEmpty() ? Nd4j.create(input.dataType(), input.shape()) : null;
    }

    /**
     * False when {@code x} surely holds no NaN. Its sum is NaN when it holds a NaN (and also when it holds both
     * infinities, which the NaN path handles correctly too): one read of {@code x}, by oneDNN's reduction for dense
     * float32 (a small fraction of the pooling's time; ND4J's float32 sum would cost more than the pooling itself).
     */
    static boolean mayHoldNaN(INDArray x) {
        if (x.isEmpty()) {
            return false;
        }
        double sum = OneDnn.canRun(x) && OneDnn.isDense(x) ? OneDnnReduction.sum(x) : x.sumNumber().doubleValue();
        return Double.isNaN(sum);
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
