package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;

/**
 * What {@link ZeroPad2D}, {@link ReflectionPad2D} and {@link ReplicationPad2D} share: padding {@code [N, C, H, W]}
 * one spatial axis at a time, each output position copying the input position its mode maps it to (or zero), and the
 * backward pass summing dL/doutput back onto those positions.
 */
final class Padding {

    /** How a position outside {@code [0, size)} maps to one inside, or to none (a zero). */
    enum Mode {
        /** Zeros outside. */
        ZERO,
        /** The input mirrored about its first and last positions, which are not repeated. */
        REFLECT,
        /** The first and last positions repeated. */
        REPLICATE;

        /** {@return the input position output position {@code i} (relative to the input, so possibly outside it) copies, or -1} */
        long source(long i, long size) {
            if (i >= 0 && i < size) {
                return i;
            }
            return switch (this) {
                case ZERO -> -1;
                case REFLECT -> i < 0 ? -i : 2 * (size - 1) - i;
                case REPLICATE -> i < 0 ? 0 : size - 1;
            };
        }
    }

    private Padding() {
    }

    /**
     * Throws unless the padding fits the input.
     *
     * @param module  the module's name
     * @param mode    the padding mode
     * @param pad     {left, right, top, bottom}
     * @param input   {@code [N, C, H, W]}, not modified
     */
    static void check(String module, Mode mode, int[] pad, INDArray input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(module + ": expected input [N, C, H, W], found rank " + input.rank()
                    + " with shape " + Checks.shape(input));
        }
        Checks.requireFloatingPoint(module, input);
        long h = input.size(2);
        long w = input.size(3);
        if (mode == Mode.REFLECT && (pad[0] >= w || pad[1] >= w || pad[2] >= h || pad[3] >= h)) {
            throw new IllegalArgumentException(module + ": padding must be smaller than the input's size along its axis, found padding "
                    + describe(pad) + " for input H×W " + h + "×" + w + " (input shape " + Checks.shape(input) + ")");
        }
        if (mode == Mode.REPLICATE && (w == 0 && pad[0] + pad[1] > 0 || h == 0 && pad[2] + pad[3] > 0)) {
            throw new IllegalArgumentException(module + ": an empty axis has nothing to replicate, found padding " + describe(pad)
                    + " for input H×W " + h + "×" + w + " (input shape " + Checks.shape(input) + ")");
        }
    }

    /**
     * Checks the padding amounts.
     *
     * @param module the module's name
     * @param pad    {left, right, top, bottom}
     * @return {@code pad}
     */
    static int[] amounts(String module, int... pad) {
        for (int p : pad) {
            if (p < 0) {
                throw new IllegalArgumentException(module + ": padding must be at least 0, found " + describe(pad));
            }
        }
        return pad;
    }

    /** {@return the output shape {@code [N, C, H + top + bottom, W + left + right]}} */
    static long[] outputShape(INDArray input, int[] pad) {
        return new long[] {input.size(0), input.size(1), input.size(2) + pad[2] + pad[3], input.size(3) + pad[0] + pad[1]};
    }

    /**
     * The padded input.
     *
     * @param mode  the padding mode
     * @param pad   {left, right, top, bottom}
     * @param input {@code [N, C, H, W]}, not modified
     * @return {@code [N, C, H + top + bottom, W + left + right]}, a new array
     */
    static INDArray forward(Mode mode, int[] pad, INDArray input) {
        return padAxis(mode, padAxis(mode, dense(input), 3, pad[0], pad[1]), 2, pad[2], pad[3]);
    }

    /**
     * dL/dinput: delta summed back onto the input positions the output copied.
     *
     * @param mode  the padding mode
     * @param pad   {left, right, top, bottom}
     * @param input {@code [N, C, H, W]}; only its shape is read
     * @param delta dL/doutput, not modified
     * @return dL/dinput, a new array
     */
    static INDArray backward(Mode mode, int[] pad, INDArray input, INDArray delta) {
        Checks.requireDelta(moduleName(mode), outputShape(input, pad), input, delta);
        return unpadAxis(mode, unpadAxis(mode, dense(delta), 2, pad[2], pad[3], input.size(2)), 3, pad[0], pad[1], input.size(3));
    }

    private static INDArray padAxis(Mode mode, INDArray x, int axis, int before, int after) {
        long size = x.size(axis);
        long[] shape = x.shape().clone();
        shape[axis] = size + before + after;
        INDArray out = mode == Mode.ZERO ? Nd4j.zeros(x.dataType(), shape) : Nd4j.createUninitialized(x.dataType(), shape);
        if (out.isEmpty()) {
            return out;
        }
        out.get(along(axis, NDArrayIndex.interval(before, before + size))).assign(x);
        if (mode != Mode.ZERO) {
            for (long i = 0; i < shape[axis]; i++) {
                long source = mode.source(i - before, size);
                if (i < before || i >= before + size) {
                    out.get(along(axis, NDArrayIndex.point(i))).assign(x.get(along(axis, NDArrayIndex.point(source))));
                }
            }
        }
        return out;
    }

    private static INDArray unpadAxis(Mode mode, INDArray delta, int axis, int before, int after, long size) {
        INDArray grad = delta.get(along(axis, NDArrayIndex.interval(before, before + size))).dup('c');
        if (mode != Mode.ZERO && !grad.isEmpty()) {
            for (long i = 0; i < delta.size(axis); i++) {
                if (i < before || i >= before + size) {
                    grad.get(along(axis, NDArrayIndex.point(mode.source(i - before, size))))
                            .addi(delta.get(along(axis, NDArrayIndex.point(i))));
                }
            }
        }
        return grad;
    }

    /** {@return x itself when it is a dense c-ordered array, else a c-ordered copy (ND4J's indexing of some views fails)} */
    private static INDArray dense(INDArray x) {
        return !x.isView() && x.ordering() == 'c' ? x : x.dup('c');
    }

    private static INDArrayIndex[] along(int axis, INDArrayIndex index) {
        INDArrayIndex[] all = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        all[axis] = index;
        return all;
    }

    private static String moduleName(Mode mode) {
        return switch (mode) {
            case ZERO -> "ZeroPad2D";
            case REFLECT -> "ReflectionPad2D";
            case REPLICATE -> "ReplicationPad2D";
        };
    }

    /** {@return e.g. "left=1, right=2, top=0, bottom=3"} */
    static String describe(int[] pad) {
        return "left=" + pad[0] + ", right=" + pad[1] + ", top=" + pad[2] + ", bottom=" + pad[3];
    }
}
