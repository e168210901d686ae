package org.nn4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks whose messages name the module, what it expected and what it found,
 * e.g. {@code "Linear: expected 3 input features, found 5 (input shape [4, 5], layout [N, F])"}.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * The shape of {@code a} as error messages print it, e.g. "[4, 5]".
     *
     * @param a not modified
     * @return the shape in brackets
     */
    public static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }

    /**
     * Throws unless {@code x} has rank {@code rank}; {@code layout} is e.g. "[N, C, H, W]".
     *
     * @param module names the caller in the message
     * @param x      not modified
     * @param rank   the expected rank
     * @param layout the expected layout, named in the message
     * @throws IllegalArgumentException when the rank differs, naming both
     */
    public static void requireRank(String module, INDArray x, int rank, String layout) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(module + ": expected input of rank " + rank + " " + layout
                    + ", found rank " + x.rank() + " with shape " + shape(x));
        }
    }

    /**
     * Throws unless {@code x.size(axis) == expected}; {@code what} names the axis, e.g. "input features".
     *
     * @param module   names the caller in the message
     * @param x        not modified
     * @param axis     the axis to check
     * @param expected the expected size along {@code axis}
     * @param what     what the axis holds, named in the message
     * @param layout   the expected layout, named in the message
     * @throws IllegalArgumentException when the size differs, naming both
     */
    public static void requireSize(String module, INDArray x, int axis, long expected, String what, String layout) {
        if (x.size(axis) != expected) {
            throw new IllegalArgumentException(module + ": expected " + expected + " " + what + ", found "
                    + x.size(axis) + " (input shape " + shape(x) + ", layout " + layout + ")");
        }
    }

    /**
     * Throws unless {@code x} has the module's dtype: modules never change dtypes silently.
     *
     * @param module   names the caller in the message
     * @param x        not modified
     * @param expected the module's dtype
     * @throws IllegalArgumentException when the dtypes differ, naming both
     */
    public static void requireDataType(String module, INDArray x, DataType expected) {
        if (x.dataType() != expected) {
            throw new IllegalArgumentException(module + ": expected " + expected + " input (the dtype of its"
                    + " parameters), found " + x.dataType() + "; convert the module with to(DataType) or cast the input");
        }
    }

    /**
     * Throws unless both arrays have the same shape; used by every loss.
     *
     * @param loss       names the caller in the message
     * @param target     not modified
     * @param prediction not modified
     * @throws IllegalArgumentException when the shapes differ, naming both
     */
    public static void requireSameShape(String loss, INDArray target, INDArray prediction) {
        if (!Arrays.equals(target.shape(), prediction.shape())) {
            throw new IllegalArgumentException(loss + ": target and prediction shapes differ: target "
                    + shape(target) + ", prediction " + shape(prediction));
        }
    }

    /**
     * Throws unless {@code delta} has the shape of the module's output for {@code input} and the input's
     * dtype: every module's backward pass checks it before any native code reads it.
     *
     * @param outputShape what the module's forward pass returns for {@code input}
     * @param module names the caller in the message
     * @param input  the forward pass's input; not modified
     * @param delta  dL/doutput; not modified
     * @throws IllegalArgumentException when {@code input} is not floating-point, or {@code delta}'s shape is not
     *         {@code outputShape} or its dtype not {@code input}'s, naming both
     */
    public static void requireDelta(String module, long[] outputShape, INDArray input, INDArray delta) {
        requireFloatingPoint(module, input);
        if (!Arrays.equals(outputShape, delta.shape())) {
            throw new IllegalArgumentException(module + ": delta must be shaped like the output " + Arrays.toString(outputShape)
                    + " of input " + shape(input) + ", found " + shape(delta));
        }
        if (delta.dataType() != input.dataType()) {
            throw new IllegalArgumentException(module + ": delta is " + delta.dataType() + " but input is " + input.dataType()
                    + "; backward takes dL/doutput in the dtype of the input (cast it with castTo(DataType."
                    + input.dataType() + "))");
        }
    }

    /**
     * {@link #requireDelta(String, long[], INDArray, INDArray)} for a {@link TableModule} with one output array: throws
     * unless {@code delta} has the shape of the output and the dtype of the input's arrays.
     *
     * @param module      names the caller in the message
     * @param outputShape what the module's forward pass returns for {@code input}
     * @param input       the forward pass's input, at least one array; not modified
     * @param delta       dL/doutput; not modified
     * @throws IllegalArgumentException when an input array is not floating-point, or {@code delta}'s shape is not
     *         {@code outputShape} or its dtype not the input's, naming both
     */
    public static void requireDelta(String module, long[] outputShape, Table input, INDArray delta) {
        input.list().forEach(a -> requireFloatingPoint(module, a));
        if (!Arrays.equals(outputShape, delta.shape())) {
            throw new IllegalArgumentException(module + ": delta must be shaped like the output " + Arrays.toString(outputShape)
                    + " of input " + input + ", found " + shape(delta));
        }
        DataType type = input.get(0).dataType();
        if (delta.dataType() != type) {
            throw new IllegalArgumentException(module + ": delta is " + delta.dataType() + " but input is " + type
                    + "; backward takes dL/doutput in the dtype of the input (cast it with castTo(DataType." + type + "))");
        }
    }

    /**
     * Throws unless {@code input} is floating-point (float32 or float64): every module computes in the dtype
     * of its input, and none computes in integers.
     *
     * @param module names the caller in the message
     * @param input  not modified
     * @throws IllegalArgumentException when the dtype is not floating-point, naming it
     */
    public static void requireFloatingPoint(String module, INDArray input) {
        if (!input.dataType().isFPType()) {
            throw new IllegalArgumentException(module + ": expected a floating-point input, found " + input.dataType());
        }
    }

    /**
     * Throws when {@code prediction} has no elements: a loss is a mean over the batch, which an empty batch does
     * not have (PyTorch returns NaN, which a training step would then reject anyway).
     *
     * @param loss       names the caller in the message
     * @param prediction not modified
     * @throws IllegalArgumentException when {@code prediction} is empty, naming its shape
     */
    public static void requireNonEmptyBatch(String loss, INDArray prediction) {
        if (prediction.isEmpty()) {
            throw new IllegalArgumentException(loss + ": empty batch: prediction " + shape(prediction)
                    + " has no elements to average over; skip empty batches");
        }
    }

    /**
     * Throws unless {@code input} has rank 2 or more and a floating-point dtype: for modules that work over axis 1.
     *
     * @param module names the caller in the message
     * @param input  not modified
     * @throws IllegalArgumentException when the rank is below 2 or the dtype is not floating-point
     */
    public static void requireFeatureAxis(String module, INDArray input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException(module + ": expected input of rank at least 2 [N, C, ...] (it works over"
                    + " axis 1), found rank " + input.rank() + " with shape " + shape(input));
        }
        requireFloatingPoint(module, input);
    }
}
