package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;

/**
 * Max pooling over windows of {@code kernel} positions, per channel (PyTorch's {@code MaxPool1d},
 * no padding, floor mode): input {@code [N, C, L]}, output {@code [N, C, ⌊(L − kernel) / stride⌋ + 1]}.
 * The stride defaults to the kernel.
 *
 * <p>Computed as elementwise maxima of {@code kernel} strided views ("tap j of every window"),
 * not with ND4J's maxpool2d on {@code [N, C, 1, L]}: oneDNN has no fast kernel for a height-1
 * window and took 1.4 ms forward + 2.0 ms backward on model E's {@code [20, 32, 254]}, against
 * 0.08 + 0.43 ms here.
 */
public class MaxPool1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private final ConvGeometry geometry;

    /** Windows of {@code kernel}, stride = kernel. */
    public MaxPool1D(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool1D(int kernel, int stride) {
        this.geometry = ConvGeometry.of1d("MaxPool1D", kernel, stride, 0);
    }

    /**
     * @param input {@code [N, C, L]}, not modified
     * @return {@code [N, C, oL]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        geometry.requireInput(LAYOUT, -1, input);
        return maxima(contiguous(input));
    }

    /**
     * dL/dinput: zero except at each window's maximum, which receives the window's delta; on ties
     * the first maximum takes it all (as PyTorch). Inputs not modified.
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        geometry.requireInput(LAYOUT, -1, input);
        ConvGeometry.requireDelta("MaxPool1D", geometry.outputShape(input, input.size(1)), input, delta);
        input = contiguous(input);
        INDArray output = maxima(input);
        INDArray gradInput = input.like();
        // rest: the delta of windows whose maximum no earlier tap has claimed (zero once claimed)
        INDArray rest = delta;
        for (int j = 0; j < kernel(); j++) {
            INDArray claimed = tap(input, j).eq(output).castTo(delta.dataType()).muli(rest);
            tap(gradInput, j).addi(claimed); // windows overlap when stride < kernel: accumulate
            if (j < kernel() - 1) {
                rest = rest.sub(claimed);
            }
        }
        return gradInput;
    }

    /** The forward pass on a C-contiguous input: the elementwise maximum of the taps. */
    private INDArray maxima(INDArray input) {
        INDArray output = tap(input, 0).dup('c');
        for (int j = 1; j < kernel(); j++) {
            Transforms.max(output, tap(input, j), false);
        }
        return output;
    }

    /**
     * {@code x[n, c, o·stride + j]} for every window o: a strided view {@code [N, C, oL]} of
     * {@code x}, which must be C-contiguous (NDArrayIndex.interval with a step and a nonzero
     * start gives wrong shapes in ND4J 1.0.0-M2.1, so the view is built from the strides).
     */
    private INDArray tap(INDArray x, int j) {
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

    private int kernel() {
        return geometry.kernel()[0];
    }

    @Override
    public String toString() {
        return "MaxPool1D(kernel=" + geometry.kernel()[0] + ", stride=" + geometry.stride()[0] + ")";
    }
}
