package org.nn4j.kernels;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pooling window: kernel, stride, padding and dilation ({@link ConvGeometry}) and PyTorch's ceil mode, with
 * PyTorch's output size and input checks.
 *
 * <p>Per spatial axis, with {@code span = dilation·(kernel − 1) + 1}, the output size is
 * {@code ⌊(in + 2·pad − span) / stride⌋ + 1}; in ceil mode it is {@code ⌈(in + 2·pad − span) / stride⌉ + 1}, less one
 * when the last window would start in the right padding (the last window starts inside the input or the left
 * padding). Ceil mode's last window may then reach past the right padding: the pooling reads only the input there,
 * and an average that counts the padding counts only the padding that lies within {@code in + pad}, as in PyTorch.
 *
 * @param geometry the window's kernel, stride, padding and dilation; its padding is at most half its kernel
 * @param ceilMode PyTorch's {@code ceil_mode}: a partial window at the end of an axis gives one more output
 */
public record PoolWindow(ConvGeometry geometry, boolean ceilMode) {

    /**
     * Checks the window.
     *
     * @param geometry the window's kernel, stride, padding and dilation
     * @param ceilMode PyTorch's {@code ceil_mode}
     * @throws IllegalArgumentException when a padding is more than half its kernel (PyTorch's rule) or the
     *         padding is "same"
     */
    public PoolWindow {
        Objects.requireNonNull(geometry, "geometry");
        int[] k = geometry.kernel();
        int[] p = geometry.padding();
        if (geometry.same()) {
            throw new IllegalArgumentException(geometry.module() + ": pooling takes explicit padding, found padding \"same\"");
        }
        for (int d = 0; d < k.length; d++) {
            if (p[d] > k[d] / 2) {
                throw new IllegalArgumentException(geometry.module() + ": padding must be at most half the kernel (as in PyTorch), found kernel "
                        + ConvGeometry.dims(k) + ", padding " + ConvGeometry.dims(p));
            }
        }
    }

    /** {@return the module's name, used in error messages} */
    public String module() {
        return geometry.module();
    }

    /**
     * The output's spatial sizes (PyTorch's formula, see the class documentation).
     *
     * @param spatial the input's spatial sizes, e.g. {@code {H, W}}; not modified
     * @return the output's spatial sizes, a new array (a size below 1 when the window does not fit)
     */
    public long[] outputSize(long[] spatial) {
        int[] span = geometry.span();
        int[] s = geometry.stride();
        int[] p = geometry.padding();
        long[] out = new long[spatial.length];
        for (int d = 0; d < spatial.length; d++) {
            long o = Math.floorDiv(spatial[d] + 2L * p[d] - span[d] + (ceilMode ? s[d] - 1 : 0), (long) s[d]) + 1;
            if (ceilMode && (o - 1) * s[d] >= spatial[d] + p[d]) {
                o--;
            }
            out[d] = o;
        }
        return out;
    }

    /**
     * The output shape for {@code input}.
     *
     * @param input {@code [N, C, spatial...]}; not modified
     * @return {@code [N, C, output sizes...]}, a new array
     */
    public long[] outputShape(INDArray input) {
        long[] size = outputSize(spatial(input));
        long[] shape = new long[input.rank()];
        shape[0] = input.size(0);
        shape[1] = input.size(1);
        System.arraycopy(size, 0, shape, 2, size.length);
        return shape;
    }

    /**
     * Throws unless {@code input} is {@code [N, C, spatial...]} of the window's rank and every output size is at
     * least 1. An empty batch is valid.
     *
     * @param layout e.g. "[N, C, H, W]"
     * @param input  not modified
     * @throws IllegalArgumentException naming the module, the layout and the shape when the input does not fit
     */
    public void requireInput(String layout, INDArray input) {
        if (ceilMode && input.rank() == 2 + geometry.kernel().length && Arrays.stream(outputSize(spatial(input))).allMatch(o -> o >= 1)) {
            return; // ceil mode: a window may be larger than the padded input, as long as it starts inside it
        }
        geometry.requireInput(layout, -1, input);
    }

    /**
     * The positions after the input, per spatial axis, that the last window reaches: {@code padding} or, in ceil mode,
     * more when the last window reaches past the right padding. oneDNN's right padding.
     *
     * @param spatial the input's spatial sizes; not modified
     * @return the positions after the input, a new array, each at least the padding
     */
    public long[] paddingAfter(long[] spatial) {
        long[] out = outputSize(spatial);
        int[] span = geometry.span();
        int[] s = geometry.stride();
        int[] p = geometry.padding();
        long[] after = new long[spatial.length];
        for (int d = 0; d < spatial.length; d++) {
            after[d] = Math.max(p[d], (out[d] - 1) * s[d] + span[d] - spatial[d] - p[d]);
        }
        return after;
    }

    /**
     * Whether some window reaches past {@code in + padding} (ceil mode only): where an average that counts the
     * padding divides by less than the kernel's size.
     *
     * @param spatial the input's spatial sizes; not modified
     * @return true when {@link #paddingAfter} exceeds the padding along some axis
     */
    public boolean reachesPastThePadding(long[] spatial) {
        long[] after = paddingAfter(spatial);
        int[] p = geometry.padding();
        for (int d = 0; d < spatial.length; d++) {
            if (after[d] > p[d]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every window reads at least one input element. Only a dilated window in ceil mode on a small input can
     * fall between the elements; its maximum is {@code −∞}, as in PyTorch, and it sends no gradient.
     *
     * @param spatial the input's spatial sizes; not modified
     * @return false when some window holds padding only
     */
    public boolean everyWindowReadsTheInput(long[] spatial) {
        long[] out = outputSize(spatial);
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] p = geometry.padding();
        int[] dil = geometry.dilation();
        for (int d = 0; d < spatial.length; d++) {
            for (long o = 0; o < out[d]; o++) {
                long start = o * s[d] - p[d];
                long first = start >= 0 ? 0 : (-start + dil[d] - 1) / dil[d];
                if (first >= k[d] || start + first * dil[d] >= spatial[d]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The divisor of each output of an average, per spatial axis (the divisor of an output is the product over axes):
     * the window's positions within {@code [−pad, in + pad)} when {@code countIncludePad}, else within the input.
     *
     * @param spatial         the input's spatial sizes; not modified
     * @param countIncludePad whether the padding counts (PyTorch's {@code count_include_pad})
     * @return one array per axis, of the output's size along it
     */
    public long[][] divisors(long[] spatial, boolean countIncludePad) {
        long[] out = outputSize(spatial);
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] p = geometry.padding();
        long[][] divisors = new long[spatial.length][];
        for (int d = 0; d < spatial.length; d++) {
            divisors[d] = new long[(int) out[d]];
            for (int o = 0; o < out[d]; o++) {
                long start = (long) o * s[d] - p[d];
                long end = Math.min(start + k[d], spatial[d] + p[d]);
                divisors[d][o] = countIncludePad ? end - start : Math.min(end, spatial[d]) - Math.max(start, 0);
            }
        }
        return divisors;
    }

    /** {@return this window as the 2-D window of height 1 that runs a 1-D one on {@code [N, C, 1, L]}; a 2-D one as it is} */
    public PoolWindow as2d() {
        return geometry.kernel().length == 2 ? this : new PoolWindow(geometry.as2d(), ceilMode);
    }

    /**
     * {@return the window as text: kernel and stride, then padding, dilation and ceil mode where they are not the
     * defaults, e.g. "kernel=2×2, stride=2×2" or "kernel=3, stride=2, padding=1, ceil mode"}
     */
    public String describe() {
        boolean padless = Arrays.stream(geometry.padding()).allMatch(p -> p == 0);
        return "kernel=" + ConvGeometry.dims(geometry.kernel()) + ", stride=" + ConvGeometry.dims(geometry.stride())
                + (padless ? "" : ", padding=" + ConvGeometry.dims(geometry.padding()))
                + (geometry.undilated() ? "" : ", dilation=" + ConvGeometry.dims(geometry.dilation()))
                + (ceilMode ? ", ceil mode" : "");
    }

    private static long[] spatial(INDArray input) {
        return Arrays.copyOfRange(input.shape(), 2, input.rank());
    }

    @Override
    public String toString() {
        return describe();
    }
}
