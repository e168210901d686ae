package org.nn4j.kernels;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;

/**
 * Kernel, stride, padding and dilation of a 1-D or 2-D sliding window (convolution or pooling), the
 * output-size formula and the input checks every such module shares.
 *
 * <p>{@code dilation} is PyTorch's: the spacing between kernel taps, 1 for adjacent ones, so a kernel
 * {@code k} spans {@code dilation·(k − 1) + 1} input positions.
 *
 * <p>{@code same} is PyTorch's {@code padding="same"} (stride 1 only): the output keeps the
 * input's size; for an even kernel the extra row/column of zeros goes at the bottom/right.
 * ND4J's SAME mode pads the same way, so no explicit padding is stored then.
 *
 * @param module  the module's name, used in error messages (e.g. {@code "Conv2D"})
 * @param kernel  the window's size per spatial dimension: {@code {kH, kW}} or {@code {k}}
 * @param stride  the step between windows per spatial dimension, each at least 1
 * @param padding the zeros added at both ends per spatial dimension, each at least 0 (unused when {@code same})
 * @param dilation the spacing between kernel taps per spatial dimension, each at least 1 (1: adjacent taps)
 * @param same    PyTorch's {@code padding="same"}: the output keeps the input's size (stride 1 only)
 */
public record ConvGeometry(String module, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean same) {

    /**
     * Checks the window.
     *
     * @param module  the module's name
     * @param kernel  the window's size per spatial dimension
     * @param stride  the step per spatial dimension
     * @param padding the zeros per side and spatial dimension
     * @param dilation the spacing between kernel taps per spatial dimension
     * @param same    PyTorch's {@code padding="same"}
     * @throws IllegalArgumentException when kernel, stride, padding and dilation differ in length, a kernel,
     *         stride or dilation is below 1, a padding below 0, or {@code same} is asked with a stride other than 1
     */
    public ConvGeometry {
        if (kernel.length != stride.length || kernel.length != padding.length || kernel.length != dilation.length) {
            throw new IllegalArgumentException(module + ": kernel, stride, padding and dilation need as many dimensions: kernel "
                    + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                    + ", dilation " + Arrays.toString(dilation));
        }
        for (int d = 0; d < kernel.length; d++) {
            if (dilation[d] < 1) {
                throw new IllegalArgumentException(module + ": dilation must be at least 1, found " + dims(dilation));
            }
            if (kernel[d] < 1 || stride[d] < 1 || padding[d] < 0) {
                throw new IllegalArgumentException(module + ": kernel and stride must be at least 1 and padding at least 0, found kernel "
                        + dims(kernel) + ", stride " + dims(stride) + ", padding " + dims(padding));
            }
            if (same && stride[d] != 1) {
                throw new IllegalArgumentException(module + ": padding \"same\" needs stride 1 (as in PyTorch), found stride " + dims(stride));
            }
        }
    }

    /**
     * A window without dilation (adjacent kernel taps).
     *
     * @param module  the module's name
     * @param kernel  the window's size per spatial dimension
     * @param stride  the step per spatial dimension
     * @param padding the zeros per side and spatial dimension
     * @param same    PyTorch's {@code padding="same"}
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvGeometry(String module, int[] kernel, int[] stride, int[] padding, boolean same) {
        this(module, kernel, stride, padding, ones(kernel.length), same);
    }

    private static int[] ones(int n) {
        int[] v = new int[n];
        Arrays.fill(v, 1);
        return v;
    }

    /**
     * A 2-D window with explicit padding.
     *
     * @param module the module's name, used in error messages
     * @param kH     kernel height
     * @param kW     kernel width
     * @param sH     vertical stride
     * @param sW     horizontal stride
     * @param pH     zeros added above and below
     * @param pW     zeros added left and right
     * @return the geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ConvGeometry of2d(String module, int kH, int kW, int sH, int sW, int pH, int pW) {
        return new ConvGeometry(module, new int[] {kH, kW}, new int[] {sH, sW}, new int[] {pH, pW}, false);
    }

    /**
     * A 1-D window with explicit padding.
     *
     * @param module the module's name, used in error messages
     * @param k      kernel length
     * @param s      stride
     * @param p      zeros added at each end
     * @return the geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ConvGeometry of1d(String module, int k, int s, int p) {
        return new ConvGeometry(module, new int[] {k}, new int[] {s}, new int[] {p}, false);
    }

    /**
     * {@return this 1-D window as the 2-D window of height 1 that runs it on {@code [N, C, 1, L]}; a 2-D one as it is}
     */
    public ConvGeometry as2d() {
        return kernel.length == 2 ? this : new ConvGeometry(module, new int[] {1, kernel[0]}, new int[] {1, stride[0]},
                new int[] {0, padding[0]}, new int[] {1, dilation[0]}, same);
    }

    /** {@return the same window with "same" padding (the explicit padding is then unused)} */
    public ConvGeometry withSamePadding() {
        return new ConvGeometry(module, kernel, stride, new int[kernel.length], dilation, true);
    }

    /**
     * The same window with another kernel.
     *
     * @param newKernel one size per spatial dimension
     * @return a new geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvGeometry withKernel(int... newKernel) {
        return new ConvGeometry(module, newKernel, stride, padding, dilation, same);
    }

    /**
     * The same window with another dilation.
     *
     * @param newDilation the spacing between kernel taps, one per spatial dimension
     * @return a new geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvGeometry withDilation(int... newDilation) {
        return new ConvGeometry(module, kernel, stride, padding, newDilation, same);
    }

    /** {@return whether every dilation is 1 (adjacent kernel taps)} */
    public boolean undilated() {
        return Arrays.stream(dilation).allMatch(d -> d == 1);
    }

    /**
     * {@return the input positions the kernel spans per spatial dimension: {@code dilation·(kernel − 1) + 1}}
     */
    public int[] span() {
        int[] s = new int[kernel.length];
        for (int d = 0; d < kernel.length; d++) {
            s[d] = dilation[d] * (kernel[d] - 1) + 1;
        }
        return s;
    }

    /**
     * The same window with another stride; "same" padding needs it to be 1.
     *
     * @param newStride one stride per spatial dimension
     * @return a new geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvGeometry withStride(int... newStride) {
        return new ConvGeometry(module, kernel, newStride, padding, dilation, same);
    }

    /**
     * The same window with explicit zero padding.
     *
     * @param newPadding the zeros per side, one per spatial dimension
     * @return a new geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvGeometry withPadding(int... newPadding) {
        return new ConvGeometry(module, kernel, stride, newPadding, dilation, false);
    }

    /**
     * Window positions along each spatial axis: {@code ⌊(in + 2·pad − span) / stride⌋ + 1} with
     * {@code span = dilation·(kernel − 1) + 1}, or {@code in} when "same".
     *
     * @param spatial the input's spatial sizes, e.g. {@code {H, W}}; not modified
     * @return the output's spatial sizes, a new array
     */
    public long[] outputSize(long[] spatial) {
        long[] out = new long[spatial.length];
        int[] span = span();
        for (int d = 0; d < spatial.length; d++) {
            out[d] = same ? spatial[d] : (spatial[d] + 2L * padding[d] - span[d]) / stride[d] + 1;
        }
        return out;
    }

    /**
     * The output shape for {@code input} ({@code [N, C, spatial...]}) with {@code channels} output channels.
     *
     * @param input not modified
     * @param channels the number of output channels
     * @return {@code [N, channels, spatial output sizes...]}
     */
    public long[] outputShape(INDArray input, long channels) {
        long[] spatial = Arrays.copyOfRange(input.shape(), 2, input.rank());
        long[] size = outputSize(spatial);
        long[] shape = new long[input.rank()];
        shape[0] = input.size(0);
        shape[1] = channels;
        System.arraycopy(size, 0, shape, 2, size.length);
        return shape;
    }

    /**
     * Throws unless {@code input} is {@code [N, C, spatial...]} of the right rank, has
     * {@code channels} channels (any when negative), and every spatial axis, padded, holds
     * the kernel. An empty batch ({@code N = 0}) is valid: its output is empty, as in PyTorch.
     *
     * @param layout e.g. "[N, C, H, W]"
     * @param input  not modified
     * @param channels the expected number of input channels, or negative for any
     * @throws IllegalArgumentException naming the module, the layout and the shape when the input does not fit
     */
    public void requireInput(String layout, long channels, INDArray input) {
        int rank = 2 + kernel.length;
        String expected = "expected input " + layout + (channels >= 0 ? " with C = " + channels : "");
        if (input.rank() != rank) {
            throw new IllegalArgumentException(module + ": " + expected + ", found rank " + input.rank()
                    + " with shape " + Checks.shape(input));
        }
        if (channels >= 0 && input.size(1) != channels) {
            throw new IllegalArgumentException(module + ": " + expected + ", found C = " + input.size(1)
                    + " (input shape " + Checks.shape(input) + ")");
        }
        if (same) {
            return;
        }
        int[] span = span();
        for (int d = 0; d < kernel.length; d++) {
            if (input.size(2 + d) + 2L * padding[d] < span[d]) {
                long[] padded = IntStream.range(0, kernel.length).mapToLong(i -> input.size(2 + i) + 2L * padding[i]).toArray();
                boolean padless = Arrays.stream(padding).allMatch(p -> p == 0);
                throw new IllegalArgumentException(module + ": kernel " + dims(kernel)
                        + (undilated() ? "" : " with dilation " + dims(dilation) + " (spanning " + dims(span) + ")") + " is larger than the "
                        + (padless ? "input " : "padded input ") + dims(padded) + " (input shape " + Checks.shape(input)
                        + (padless ? ")" : ", padding " + dims(padding) + ")"));
            }
        }
    }

    /**
     * {@return ND4J's integer arguments of conv2d/conv2d_bp: NCHW data, weight {@code [out, in, kH, kW]} (PyTorch's)}
     */
    public int[] conv2dArgs() {
        return new int[] {kH(), kW(), sH(), sW(), pH(), pW(), dH(), dW(), same ? 1 : 0, 0, 1};
    }

    /**
     * The zero padding {@code {top, left}}, equal to bottom/right, of a stride-1 window: what
     * {@link org.nn4j.kernels.nd4j.Nd4jConvGradients} needs to write the backward pass as forward convolutions; null for a
     * stride above 1, a dilation above 1, "same" with an even kernel (whose extra zero row/column is bottom/right only)
     * or a padding as wide as the kernel (dL/dinput would need a negative padding, k − 1 − p).
     *
     * @return {@code {top, left}}, or null
     */
    public int[] symmetricStrideOnePadding() {
        if (!undilated() || sH() != 1 || sW() != 1 || same && (kH() % 2 == 0 || kW() % 2 == 0) || pH() >= kH() || pW() >= kW()) {
            return null;
        }
        return same ? new int[] {(kH() - 1) / 2, (kW() - 1) / 2} : new int[] {pH(), pW()};
    }

    /**
     * The 2-D window as oneDNN takes it: {@code {{strideH, strideW}, {top, left}, {bottom, right}}}
     * padding ("same" puts an even span's extra row/column bottom/right, as ND4J and PyTorch do).
     *
     * @return {@code {{strideH, strideW}, {top, left}, {bottom, right}}}
     */
    public long[][] oneDnnWindow() {
        long spanH = (long) dH() * (kH() - 1) + 1;
        long spanW = (long) dW() * (kW() - 1) + 1;
        long[] before = same ? new long[] {(spanH - 1) / 2, (spanW - 1) / 2} : new long[] {pH(), pW()};
        long[] after = same ? new long[] {spanH - 1 - before[0], spanW - 1 - before[1]} : before.clone();
        return new long[][] {{sH(), sW()}, before, after};
    }

    /** {@return the 2-D dilation as oneDNN takes it: {@code {dH − 1, dW − 1}} (0 for adjacent taps)} */
    public long[] oneDnnDilation() {
        return new long[] {dH() - 1, dW() - 1};
    }

    /** {@return the kernel {@code {kH, kW}} of the 2-D form (1-D: {@code {1, k}})} */
    public int[] kernel2d() {
        return new int[] {kH(), kW()};
    }

    /** {@return ND4J's integer arguments of maxpool2d/maxpool2d_bp: NCHW data} */
    public int[] pool2dArgs() {
        return new int[] {kH(), kW(), sH(), sW(), pH(), pW(), 1, 1, same ? 1 : 0, 0, 0};
    }

    // The ND4J kernels are 2-D: a 1-D window is one of height 1 (see as2d).
    private int kH() {
        return kernel.length == 1 ? 1 : kernel[0];
    }

    private int kW() {
        return kernel[kernel.length - 1];
    }

    private int sH() {
        return stride.length == 1 ? 1 : stride[0];
    }

    private int sW() {
        return stride[stride.length - 1];
    }

    private int pH() {
        return padding.length == 1 ? 0 : padding[0];
    }

    private int pW() {
        return padding[padding.length - 1];
    }

    private int dH() {
        return dilation.length == 1 ? 1 : dilation[0];
    }

    private int dW() {
        return dilation[dilation.length - 1];
    }

    /** {@return the number of weights per output channel and input channel: kH·kW (or k)} */
    public int kernelVolume() {
        return Arrays.stream(kernel).reduce(1, (a, b) -> a * b);
    }

    /**
     * Sizes as error messages print them: "3" for 1-D, "3×2" for 2-D.
     *
     * @param v the sizes; not modified
     * @return the sizes joined by "×"
     */
    public static String dims(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining("×"));
    }

    /**
     * @param v the sizes; not modified
     * @return the sizes joined by "×", e.g. "28×28"
     */
    public static String dims(long[] v) {
        return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining("×"));
    }

    /** {@return the window as text, e.g. "kernel=3×3, stride=2×2, padding=1×1", "..., padding=same" or "..., dilation=2×2"} */
    public String describe() {
        return "kernel=" + dims(kernel) + ", stride=" + dims(stride) + ", padding=" + (same ? "same" : dims(padding))
                + (undilated() ? "" : ", dilation=" + dims(dilation));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvGeometry g && module.equals(g.module) && Arrays.equals(kernel, g.kernel) && Arrays.equals(stride, g.stride)
                && Arrays.equals(padding, g.padding) && Arrays.equals(dilation, g.dilation) && same == g.same;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernel) * 31 + Arrays.hashCode(stride) * 7 + Arrays.hashCode(padding) * 3 + Arrays.hashCode(dilation)
                + (same ? 1 : 0);
    }

    @Override
    public String toString() {
        return describe();
    }
}
