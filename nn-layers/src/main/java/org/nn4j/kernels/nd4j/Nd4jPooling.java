package org.nn4j.kernels.nd4j;

import static org.nn4j.kernels.nd4j.Nd4jCalls.chunks;
import static org.nn4j.kernels.nd4j.Nd4jCalls.exec;
import static org.nn4j.kernels.nd4j.Nd4jCalls.rows;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.kernels.ConvGeometry;

/** Max pooling by ND4J's ops: the reference, every dtype and backend. Same contracts as {@link org.nn4j.kernels.Pooling}. */
public final class Nd4jPooling {

    private Nd4jPooling() {
    }

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool2d}: ND4J's maxpool2d.
     *
     * @param input    {@code [N, C, H, W]}; not modified
     * @param geometry a 2-D window
     * @return {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray maxPool2d(INDArray input, ConvGeometry geometry) {
        INDArray output = Nd4j.createUninitialized(input.dataType(), geometry.outputShape(input, input.size(1)));
        for (long[] c : chunks(input, output)) {
            exec(DynamicCustomOp.builder("maxpool2d").addInputs(rows(input, c)).addOutputs(rows(output, c))
                    .addIntegerArguments(geometry.pool2dArgs()).build());
        }
        return output;
    }

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool2dBackward}: ND4J's maxpool2d_bp, which finds the maxima again.
     *
     * @param input    {@code [N, C, H, W]}, the forward input; not modified
     * @param delta    dL/doutput {@code [N, C, oH, oW]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray maxPool2dBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        INDArray gradInput = input.ulike();
        for (long[] c : chunks(input, delta)) {
            exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(rows(input, c), rows(delta, c))
                    .addOutputs(rows(gradInput, c)).addIntegerArguments(geometry.pool2dArgs()).build());
        }
        return gradInput;
    }

    /*
     * 1-D max pooling as element-wise maxima of `kernel` strided views ("tap j of every window"), not
     * ND4J's maxpool2d on [N, C, 1, L]: oneDNN has no fast kernel for a height-1 window.
     */

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool1d}.
     *
     * @param input    {@code [N, C, L]}; not modified
     * @param geometry a 1-D window
     * @return {@code [N, C, oL]}, a new array
     */
    public static INDArray maxPool1d(INDArray input, ConvGeometry geometry) {
        return maxima(contiguous(input), geometry);
    }

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool1dBackward}: on ties the first maximum takes it all (as PyTorch).
     *
     * @param input    {@code [N, C, L]}, the forward input; not modified
     * @param delta    dL/doutput {@code [N, C, oL]}; not modified
     * @param geometry the forward pass's window
     * @return dL/dinput {@code [N, C, L]}, a new array
     */
    public static INDArray maxPool1dBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        INDArray x = contiguous(input);
        INDArray output = maxima(x, geometry);
        INDArray gradInput = x.like();
        int kernel = geometry.kernel()[0];
        // rest: the delta of windows whose maximum no earlier tap has claimed (zero once claimed)
        INDArray rest = delta;
        for (int j = 0; j < kernel; j++) {
            INDArray claimed = tap1d(x, j, geometry).eq(output).castTo(delta.dataType()).muli(rest);
            tap1d(gradInput, j, geometry).addi(claimed); // windows overlap when stride < kernel: accumulate
            if (j < kernel - 1) {
                rest = rest.sub(claimed);
            }
        }
        return gradInput;
    }

    /*
     * Inputs holding NaN. ND4J's maxpool2d, oneDNN's pooling and element-wise maxima all skip a NaN (or keep it by
     * operand order), so such inputs take this slower path, which follows PyTorch's rule: the windows' taps are
     * visited in row-major order and a tap wins when it is greater than the best so far or is NaN. A window
     * holding a NaN gives NaN and sends its delta to its last NaN; otherwise the first maximum takes it all.
     */

    /**
     * Max pooling, 1-D or 2-D, of an input that may hold NaN: a window holding a NaN gives NaN (as PyTorch).
     * Correct for every input, but several times slower than {@link #maxPool2d}; {@link org.nn4j.kernels.Pooling}
     * sends only inputs that may hold NaN here.
     *
     * @param input    {@code [N, C, L]} or {@code [N, C, H, W]}; not modified
     * @param geometry the window, of the input's spatial rank
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray maxPoolWithNaN(INDArray input, ConvGeometry geometry) {
        return winners(contiguous(input), geometry)[0];
    }

    /**
     * dL/dinput of {@link #maxPoolWithNaN}: each window's delta goes to its last NaN, or to its first maximum when it
     * holds no NaN (as PyTorch).
     *
     * @param input    {@code [N, C, L]} or {@code [N, C, H, W]}, the forward input; not modified
     * @param delta    dL/doutput, shaped like the output; not modified
     * @param geometry the forward pass's window
     * @return dL/dinput, shaped like the input, a new array
     */
    public static INDArray maxPoolWithNaNBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        INDArray x = contiguous(input);
        INDArray winner = winners(x, geometry)[1];
        INDArray gradInput = x.like();
        INDArray zero = Nd4j.zeros(delta.dataType(), delta.shape());
        int taps = geometry.kernelVolume();
        for (int t = 0; t < taps; t++) {
            INDArray mine = select(winner.eq(t), delta, zero);
            tap(gradInput, t, geometry).addi(mine); // windows overlap when stride < kernel: accumulate
        }
        return gradInput;
    }

    /** {@code {maximum, index of the winning tap}} of every window, by PyTorch's rule; {@code x} C-contiguous. */
    private static INDArray[] winners(INDArray x, ConvGeometry geometry) {
        INDArray best = tap(x, 0, geometry).dup('c');
        INDArray winner = Nd4j.zeros(x.dataType(), best.shape());
        int taps = geometry.kernelVolume();
        for (int t = 1; t < taps; t++) {
            INDArray value = tap(x, t, geometry).dup('c');
            INDArray wins = Transforms.or(value.gt(best), value.isNaN());
            best = select(wins, value, best);
            winner = select(wins, Nd4j.valueArrayOf(best.shape(), t, x.dataType()), winner);
        }
        return new INDArray[] {best, winner};
    }

    /** {@code condition ? ifTrue : otherwise}, element-wise, into a new array. */
    private static INDArray select(INDArray condition, INDArray ifTrue, INDArray otherwise) {
        INDArray out = ifTrue.ulike();
        exec(DynamicCustomOp.builder("select").addInputs(condition, ifTrue, otherwise).addOutputs(out).build());
        return out;
    }

    /**
     * Tap {@code t} (row-major over the window) of every window of a C-contiguous {@code x}, 1-D or 2-D: the strided
     * view {@code [N, C, oL]} or {@code [N, C, oH, oW]} of {@code x[n, c, o·stride + j]}.
     */
    private static INDArray tap(INDArray x, int t, ConvGeometry geometry) {
        if (x.rank() == 3) {
            return tap1d(x, t, geometry);
        }
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        long h = x.size(2);
        long w = x.size(3);
        long[] out = geometry.outputSize(new long[] {h, w});
        long[] shape = {x.size(0), x.size(1), out[0], out[1]};
        long[] strides = {x.size(1) * h * w, h * w, s[0] * w, s[1]};
        return Nd4j.create(x.data(), shape, strides, x.offset() + (long) (t / k[1]) * w + t % k[1], 'c');
    }

    /** The forward pass on a C-contiguous input: the element-wise maximum of the taps. */
    private static INDArray maxima(INDArray input, ConvGeometry geometry) {
        INDArray output = tap1d(input, 0, geometry).dup('c');
        for (int j = 1; j < geometry.kernel()[0]; j++) {
            Transforms.max(output, tap1d(input, j, geometry), false);
        }
        return output;
    }

    /**
     * {@code x[n, c, o·stride + j]} for every window o: a strided view {@code [N, C, oL]} of
     * {@code x}, which must be C-contiguous (NDArrayIndex.interval with a step and a nonzero
     * start gives wrong shapes in ND4J 1.0.0-M2.1, so the view is built from the strides).
     */
    private static INDArray tap1d(INDArray x, int j, ConvGeometry geometry) {
        long length = x.size(2);
        long windows = geometry.outputSize(new long[] {length})[0];
        long[] shape = {x.size(0), x.size(1), windows};
        long[] strides = {x.size(1) * length, length, geometry.stride()[0]};
        return Nd4j.create(x.data(), shape, strides, x.offset() + j, 'c');
    }

    /** {@code x}, or a C-contiguous copy of it when it is a strided view. */
    private static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
    }
}
