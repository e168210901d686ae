package org.nn4j.kernels.nd4j;

import static org.nn4j.kernels.nd4j.Nd4jCalls.chunks;
import static org.nn4j.kernels.nd4j.Nd4jCalls.exec;
import static org.nn4j.kernels.nd4j.Nd4jCalls.rows;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;

/** Max, average and adaptive max pooling by ND4J's ops: the reference, every dtype and backend. Same contracts as {@link org.nn4j.kernels.Pooling}. */
public final class Nd4jPooling {

    private Nd4jPooling() {
    }

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool} of a 2-D window without ceil mode or dilation, on an input without NaN:
     * ND4J's maxpool2d.
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
     * {@link org.nn4j.kernels.Pooling#maxPoolBackward} of what {@link #maxPool2d} takes: ND4J's maxpool2d_bp, which
     * finds the maxima again.
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
     * Every other window, 1-D or 2-D: padding, dilation, ceil mode. "Tap t of every window" (row-major over the
     * window) is a strided view of the input padded with −∞ (maxima) or 0 (sums) wherever a window reaches past it; the
     * pooling is element-wise maxima or sums of the taps. 1-D pooling always runs here: oneDNN has no fast kernel for a
     * height-1 window, and ND4J's maxpool2d has no ceil mode.
     */

    /**
     * {@link org.nn4j.kernels.Pooling#maxPool} of an input without NaN: the element-wise maximum of the taps.
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}; not modified
     * @param window the window, of the input's spatial rank
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray maxPool(INDArray input, PoolWindow window) {
        Taps taps = new Taps(input, window);
        return maxima(taps, taps.pad(input, Double.NEGATIVE_INFINITY));
    }

    /**
     * {@link org.nn4j.kernels.Pooling#maxPoolBackward} of an input without NaN: each window's delta goes to its first
     * maximum (row-major, as PyTorch), never to the padding.
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}, the forward input; not modified
     * @param delta  dL/doutput, shaped like the output; not modified
     * @param window the forward pass's window
     * @return dL/dinput, shaped like the input, a new array
     */
    public static INDArray maxPoolBackward(INDArray input, INDArray delta, PoolWindow window) {
        Taps taps = new Taps(input, window);
        INDArray x = taps.pad(input, Double.NEGATIVE_INFINITY);
        INDArray output = maxima(taps, x);
        INDArray real = taps.realMask(delta.dataType());
        INDArray gradInput = taps.zeros(input.dataType());
        // rest: the delta of windows whose maximum no earlier tap has claimed (zero once claimed)
        INDArray rest = delta;
        for (int t = 0; t < taps.count; t++) {
            INDArray claimed = taps.tap(x, t).eq(output).castTo(delta.dataType()).muli(rest);
            if (real != null) {
                claimed.muli(taps.tap(real, t)); // an all −∞ window: its first input element, not the padding
            }
            taps.tap(gradInput, t).addi(claimed); // windows overlap when stride < kernel: accumulate
            if (t < taps.count - 1) {
                rest = rest.sub(claimed);
            }
        }
        return taps.interior(gradInput);
    }

    /*
     * Inputs holding NaN. ND4J's maxpool2d, oneDNN's pooling and element-wise maxima all skip a NaN (or keep it by
     * operand order), so such inputs take this slower path, which follows PyTorch's rule: the windows' input elements
     * are visited in row-major order and one wins when it is the first, is greater than the best so far, or is NaN. A
     * window holding a NaN gives NaN and sends its delta to its last NaN; otherwise the first maximum takes it all.
     */

    /**
     * Max pooling, 1-D or 2-D, of an input that may hold NaN: a window holding a NaN gives NaN (as PyTorch).
     * Correct for every input, but several times slower than {@link #maxPool2d}; {@link org.nn4j.kernels.Pooling}
     * sends only inputs that may hold NaN here.
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}; not modified
     * @param window the window, of the input's spatial rank
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray maxPoolWithNaN(INDArray input, PoolWindow window) {
        Taps taps = new Taps(input, window);
        return winners(taps, taps.pad(input, Double.NEGATIVE_INFINITY))[0];
    }

    /**
     * dL/dinput of {@link #maxPoolWithNaN}: each window's delta goes to its last NaN, or to its first maximum when it
     * holds no NaN (as PyTorch).
     *
     * @param input  {@code [N, C, L]} or {@code [N, C, H, W]}, the forward input; not modified
     * @param delta  dL/doutput, shaped like the output; not modified
     * @param window the forward pass's window
     * @return dL/dinput, shaped like the input, a new array
     */
    public static INDArray maxPoolWithNaNBackward(INDArray input, INDArray delta, PoolWindow window) {
        Taps taps = new Taps(input, window);
        INDArray winner = winners(taps, taps.pad(input, Double.NEGATIVE_INFINITY))[1];
        INDArray gradInput = taps.zeros(input.dataType());
        INDArray zero = Nd4j.zeros(delta.dataType(), delta.shape());
        for (int t = 0; t < taps.count; t++) {
            INDArray mine = select(winner.eq(t), delta, zero);
            taps.tap(gradInput, t).addi(mine); // windows overlap when stride < kernel: accumulate
        }
        return taps.interior(gradInput);
    }

    /**
     * {@code {maximum, index of the winning tap}} of every window, by PyTorch's rule; a window of padding only keeps
     * {@code −∞} and the index −1.
     */
    private static INDArray[] winners(Taps taps, INDArray x) {
        long[] shape = taps.outputShape();
        INDArray best = Nd4j.valueArrayOf(shape, Double.NEGATIVE_INFINITY, x.dataType());
        INDArray winner = Nd4j.valueArrayOf(shape, -1.0, x.dataType());
        INDArray real = taps.realMask(x.dataType());
        for (int t = 0; t < taps.count; t++) {
            INDArray value = taps.tap(x, t).dup('c');
            INDArray wins = Transforms.or(Transforms.or(value.gt(best), value.isNaN()), winner.lt(0));
            if (real != null) {
                wins = Transforms.and(wins, taps.tap(real, t).gt(0));
            }
            best = select(wins, value, best);
            winner = select(wins, Nd4j.valueArrayOf(shape, t, x.dataType()), winner);
        }
        return new INDArray[] {best, winner};
    }

    /** {@code condition ? ifTrue : otherwise}, element-wise, into a new array. */
    private static INDArray select(INDArray condition, INDArray ifTrue, INDArray otherwise) {
        INDArray out = ifTrue.ulike();
        exec(DynamicCustomOp.builder("select").addInputs(condition, ifTrue, otherwise).addOutputs(out).build());
        return out;
    }

    /** The element-wise maximum of the taps of the padded {@code x}. */
    private static INDArray maxima(Taps taps, INDArray x) {
        INDArray output = taps.tap(x, 0).dup('c');
        for (int t = 1; t < taps.count; t++) {
            Transforms.max(output, taps.tap(x, t), false);
        }
        return output;
    }

    /**
     * {@link org.nn4j.kernels.Pooling#avgPool}: the sum of the taps of the zero-padded input, divided by each window's
     * count ({@link PoolWindow#divisors}).
     *
     * @param input           {@code [N, C, L]} or {@code [N, C, H, W]}; not modified
     * @param window          the window, of the input's spatial rank, undilated
     * @param countIncludePad whether the padding counts in the divisor (PyTorch's {@code count_include_pad})
     * @return {@code [N, C, oL]} or {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray avgPool(INDArray input, PoolWindow window, boolean countIncludePad) {
        Taps taps = new Taps(input, window);
        INDArray x = taps.pad(input, 0);
        INDArray sum = taps.tap(x, 0).dup('c');
        for (int t = 1; t < taps.count; t++) {
            sum.addi(taps.tap(x, t));
        }
        return sum.divi(taps.divisors(countIncludePad, input.dataType())); // broadcasting custom op
    }

    /**
     * dL/dinput of {@link #avgPool}: each output's delta, divided by its window's count, added to every input element
     * of its window.
     *
     * @param input           {@code [N, C, L]} or {@code [N, C, H, W]}, the forward input (only its shape is read); not modified
     * @param delta           dL/doutput, shaped like the output; not modified
     * @param window          the forward pass's window
     * @param countIncludePad whether the padding counts in the divisor
     * @return dL/dinput, shaped like the input, a new array
     */
    public static INDArray avgPoolBackward(INDArray input, INDArray delta, PoolWindow window, boolean countIncludePad) {
        Taps taps = new Taps(input, window);
        INDArray share = delta.dup('c').divi(taps.divisors(countIncludePad, delta.dataType()));
        INDArray gradInput = taps.zeros(input.dataType());
        for (int t = 0; t < taps.count; t++) {
            taps.tap(gradInput, t).addi(share); // windows overlap when stride < kernel: accumulate
        }
        return taps.interior(gradInput);
    }

    /**
     * The taps of a window over one input shape. A 1-D input {@code [N, C, L]} lies in memory as {@code [N, C, 1, L]},
     * so both run as 2-D; views keep the input's rank.
     */
    private static final class Taps {

        private final boolean oneD;
        private final long n;
        private final long c;
        private final long h;
        private final long w;
        private final long[] out;
        private final long top;
        private final long left;
        private final long paddedH;
        private final long paddedW;
        private final int[] kernel;
        private final int[] stride;
        private final int[] dilation;
        private final PoolWindow window;
        final int count;

        Taps(INDArray input, PoolWindow window) {
            this.oneD = input.rank() == 3;
            this.window = window.as2d();
            ConvGeometry g = this.window.geometry();
            n = input.size(0);
            c = input.size(1);
            h = oneD ? 1 : input.size(2);
            w = input.size(input.rank() - 1);
            out = this.window.outputSize(new long[] {h, w});
            kernel = g.kernel();
            stride = g.stride();
            dilation = g.dilation();
            top = g.padding()[0];
            left = g.padding()[1];
            // the windows may leave the input's last rows or columns unread: then nothing is added after it
            paddedH = top + h + Math.max(0, (out[0] - 1) * stride[0] + (long) dilation[0] * (kernel[0] - 1) + 1 - top - h);
            paddedW = left + w + Math.max(0, (out[1] - 1) * stride[1] + (long) dilation[1] * (kernel[1] - 1) + 1 - left - w);
            count = kernel[0] * kernel[1];
        }

        boolean padded() {
            return paddedH != h || paddedW != w;
        }

        long[] outputShape() {
            return oneD ? new long[] {n, c, out[1]} : new long[] {n, c, out[0], out[1]};
        }

        private long[] shape(long rows, long cols) {
            return oneD ? new long[] {n, c, cols} : new long[] {n, c, rows, cols};
        }

        /** {@code x} in a C-contiguous array of the padded size, {@code fill} around it; {@code x} itself when no window reaches past it. */
        INDArray pad(INDArray x, double fill) {
            if (!padded()) {
                return contiguous(x);
            }
            INDArray p = Nd4j.valueArrayOf(shape(paddedH, paddedW), fill, x.dataType());
            interiorView(p).assign(x);
            return p;
        }

        /** Zeros of the padded size. */
        INDArray zeros(DataType type) {
            return Nd4j.zeros(type, shape(paddedH, paddedW));
        }

        /** 1 on the input's elements and 0 on the padding, of the padded size; null when there is no padding. */
        INDArray realMask(DataType type) {
            if (!padded()) {
                return null;
            }
            INDArray mask = zeros(type);
            interiorView(mask).assign(1);
            return mask;
        }

        /** The input's part of a padded array, as a new C-ordered array ({@code p} itself when unpadded). */
        INDArray interior(INDArray p) {
            return padded() ? interiorView(p).dup('c') : p;
        }

        private INDArray interiorView(INDArray p) {
            long[] strides = oneD ? new long[] {c * paddedW, paddedW, 1} : new long[] {c * paddedH * paddedW, paddedH * paddedW, paddedW, 1};
            return Nd4j.create(p.data(), shape(h, w), strides, p.offset() + top * paddedW + left, 'c');
        }

        /** Tap {@code t} (row-major over the window) of every window of the C-contiguous padded {@code p}: a strided view shaped like the output. */
        INDArray tap(INDArray p, int t) {
            long offset = (long) (t / kernel[1]) * dilation[0] * paddedW + (long) (t % kernel[1]) * dilation[1];
            long[] strides = oneD ? new long[] {c * paddedW, paddedW, stride[1]}
                    : new long[] {c * paddedH * paddedW, paddedH * paddedW, stride[0] * paddedW, stride[1]};
            return Nd4j.create(p.data(), outputShape(), strides, p.offset() + offset, 'c');
        }

        /** Each output's divisor, shaped {@code [1, 1, oH, oW]} (or {@code [1, 1, oL]}) to broadcast over the batch and channels. */
        INDArray divisors(boolean countIncludePad, DataType type) {
            long[][] d = window.divisors(new long[] {h, w}, countIncludePad);
            double[] v = new double[(int) (out[0] * out[1])];
            for (int i = 0; i < out[0]; i++) {
                for (int j = 0; j < out[1]; j++) {
                    v[(int) (i * out[1] + j)] = d[0][i] * d[1][j];
                }
            }
            long[] shape = oneD ? new long[] {1, 1, out[1]} : new long[] {1, 1, out[0], out[1]};
            return Nd4j.createFromArray(v).reshape('c', shape).castTo(type);
        }
    }

    /*
     * Adaptive max pooling: output row i takes input rows ⌊i·H/oH⌋ to ⌈(i + 1)·H/oH⌉ − 1 (likewise columns), windows of
     * different sizes, so each window is cut from the input on its own. Within a window, PyTorch's winner is its last
     * NaN, else its first maximum (row-major): the element of the highest score, 2L + 1 + l for a NaN at position l of
     * L, L − l for a maximum, 0 otherwise, a unique score per window.
     */

    /**
     * {@link org.nn4j.kernels.Pooling#adaptiveMaxPool2d}.
     *
     * @param input {@code [N, C, H, W]}, {@code H, W ≥ 1}; not modified
     * @param outH  the output's height
     * @param outW  the output's width
     * @return {@code [N, C, outH, outW]}, a new array
     */
    public static INDArray adaptiveMaxPool2d(INDArray input, int outH, int outW) {
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        INDArray output = Nd4j.create(input.dataType(), n, c, outH, outW);
        INDArray x = dense(input);
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                INDArray v = x.get(adaptiveWindow(i, j, h, w, outH, outW)).dup('c').reshape('c', n * c, -1);
                INDArray picked = select(winnerOf(v).gt(0), v, Nd4j.zeros(v.dataType(), v.shape())).sum(1);
                output.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .assign(picked.reshape('c', n, c));
            }
        }
        return output;
    }

    /**
     * dL/dinput of {@link #adaptiveMaxPool2d}: each window's delta goes to its winner (its last NaN, else its first
     * maximum, as PyTorch); windows overlap, so an element may receive the deltas of several.
     *
     * @param input {@code [N, C, H, W]}, the forward input; not modified
     * @param delta dL/doutput {@code [N, C, outH, outW]}; not modified
     * @param outH  the output's height
     * @param outW  the output's width
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray adaptiveMaxPool2dBackward(INDArray input, INDArray delta, int outH, int outW) {
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        INDArray gradInput = Nd4j.zeros(input.dataType(), n, c, h, w);
        INDArray x = dense(input);
        INDArray d = dense(delta);
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                INDArrayIndex[] window = adaptiveWindow(i, j, h, w, outH, outW);
                INDArray target = gradInput.get(window);
                INDArray v = x.get(window).dup('c').reshape('c', n * c, -1);
                INDArray share = d.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .dup('c').reshape('c', n * c, 1);
                INDArray mine = winnerOf(v).gt(0).castTo(delta.dataType()).muli(share); // broadcasting custom op
                target.addi(mine.reshape('c', target.shape()));
            }
        }
        return gradInput;
    }

    /** The rows {@code [N·C, L]} of windows, flattened row-major: 1 at each row's winner, 0 elsewhere. */
    private static INDArray winnerOf(INDArray v) {
        long rows = v.size(0), length = v.size(1);
        DataType type = v.dataType();
        double[] late = new double[(int) length];
        double[] early = new double[(int) length];
        for (int l = 0; l < length; l++) {
            late[l] = 2 * length + 1 + l;
            early[l] = length - l;
        }
        INDArray ones = Nd4j.ones(type, rows, length);
        INDArray max = ones.mul(v.max(1).reshape('c', rows, 1)); // every row's maximum, repeated (broadcasting custom op)
        INDArray score = v.eq(max).castTo(type).muli(Nd4j.createFromArray(early).castTo(type).reshape(1, length))
                .addi(v.isNaN().castTo(type).muli(Nd4j.createFromArray(late).castTo(type).reshape(1, length)));
        INDArray best = ones.muli(score.max(1).reshape('c', rows, 1));
        return score.eq(best).castTo(type);
    }

    /** Rows {@code ⌊i·H/outH⌋ .. ⌈(i+1)·H/outH⌉} (exclusive end) and the same for columns, as PyTorch. */
    private static INDArrayIndex[] adaptiveWindow(int i, int j, long h, long w, int outH, int outW) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.interval(i * h / outH, ((i + 1) * h + outH - 1) / outH),
            NDArrayIndex.interval(j * w / outW, ((j + 1) * w + outW - 1) / outW)};
    }

    /**
     * {@code a} itself when it is a c-ordered array of its own, else a c-ordered copy: ND4J's indexing of some strided
     * views (size-1 axes, sub-arrays at an offset) returns empty arrays, so windows are cut from dense arrays only.
     */
    private static INDArray dense(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /** {@code x}, or a C-contiguous copy of it when it is a strided view. */
    private static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
    }
}
