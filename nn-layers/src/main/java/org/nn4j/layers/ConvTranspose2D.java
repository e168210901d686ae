package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.Convolution;
import org.nn4j.layers.init.Initialisers;

/**
 * Transposed 2-D convolution (PyTorch's {@code ConvTranspose2d}): the gradient of a
 * {@link Conv2D} from {@code out} to {@code in} channels with respect to its input, used as a
 * layer. Each input pixel scatters {@code weight[c]} times its value into a {@code k × k}
 * block of the output, blocks {@code stride} apart.
 *
 * <p>input {@code [N, in, H, W]}, output {@code [N, out, oH, oW]} with
 * {@code oH = (H − 1)·strideH − 2·paddingH + kH + outputPaddingH} (likewise oW);
 * weight {@code [in, out, kH, kW]}, bias {@code [out]} (PyTorch's shapes). Initialised as PyTorch
 * does: U(±1/√(out·kH·kW)) for weight and bias (PyTorch's fan_in of this weight).
 *
 * <pre>{@code new ConvTranspose2D(16, 8, 3, 2, 1, 1)
 * new ConvTranspose2D(2, 3, 3).kernel(3, 2).stride(2, 1).padding(1, 0).outputPadding(1, 0)}</pre>
 *
 * <p>The constructors take PyTorch's positional order; the setters return {@code this}.
 * {@link #kernel(int, int)} replaces the weight (initialised with this module's seed), so call it before
 * training or before handing the parameters to an optimizer. An output padding must be below the
 * stride along its axis: the constructors check it at once, after the setters {@link #forward} does.
 *
 * <p>Computed with the convolution kernels it is the transpose of: forward is conv2d's
 * dL/dinput, dL/dinput is a conv2d, and dL/dweight is conv2d's dL/dweight with the roles of
 * input and delta exchanged.
 */
public class ConvTranspose2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private final int in;
    private final int out;
    private int[] outputPadding; // {rows, columns}
    /** The window of the Conv2D (out → in channels) whose transpose this is. */
    private ConvGeometry geometry;
    private Parameter weight;
    private final Parameter bias; // null without bias
    private long seed;

    /**
     * Stride 1, no padding, no output padding, with bias, seeded from {@link Seeds}.
     *
     * @param in     input channels, &ge; 1
     * @param out    output channels, &ge; 1
     * @param kernel kernel height and width, &ge; 1
     * @throws IllegalArgumentException when a channel count or the kernel is below 1
     */
    public ConvTranspose2D(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0, 0);
    }

    /**
     * With bias, seeded from {@link Seeds}.
     *
     * @param in            input channels, &ge; 1
     * @param out           output channels, &ge; 1
     * @param kernel        kernel height and width, &ge; 1
     * @param stride        distance between the blocks input pixels scatter into, &ge; 1
     * @param padding       rows and columns removed from each side of the output, &ge; 0
     * @param outputPadding rows and columns added at the bottom and right of the output, in [0, stride)
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     the padding below 0, or {@code outputPadding} outside [0, stride)
     */
    public ConvTranspose2D(int in, int out, int kernel, int stride, int padding, int outputPadding) {
        this(in, out, kernel, stride, padding, outputPadding, true, Seeds.next());
    }

    /**
     * A transposed 2-D convolution with float32 parameters initialised from {@code seed}.
     *
     * @param in            input channels, &ge; 1
     * @param out           output channels, &ge; 1
     * @param kernel        kernel height and width, &ge; 1
     * @param stride        distance between the blocks input pixels scatter into, &ge; 1
     * @param padding       rows and columns removed from each side of the output, &ge; 0
     * @param outputPadding rows and columns added at the bottom and right of the output, in [0, stride)
     * @param withBias      whether the layer has a bias
     * @param seed          the same seed gives the same initial parameters
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     the padding below 0, or {@code outputPadding} outside [0, stride)
     */
    public ConvTranspose2D(int in, int out, int kernel, int stride, int padding, int outputPadding, boolean withBias,
                           long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("ConvTranspose2D: in and out channels must be at least 1, found in=" + in
                    + ", out=" + out);
        }
        this.geometry = ConvGeometry.of2d("ConvTranspose2D", kernel, kernel, stride, stride, padding, padding);
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("ConvTranspose2D: outputPadding must be in [0, stride), as in PyTorch; found "
                    + "outputPadding=" + outputPadding + ", stride=" + stride);
        }
        this.in = in;
        this.out = out;
        this.outputPadding = new int[] {outputPadding, outputPadding};
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, in, out, kernel, kernel));
        this.bias = withBias ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, out)) : null;
        reset(seed);
    }

    /**
     * Re-initialises the parameters in place with PyTorch's default: U(±1/√fan_in) for weight and
     * bias, fan_in = out·k·k.
     *
     * @param seed the same seed gives the same values
     * @return this layer
     */
    public ConvTranspose2D reset(long seed) {
        this.seed = seed;
        Initialisers.pytorchDefault(weight, bias, (long) out * geometry.kernelVolume(), seed);
        return this;
    }

    /**
     * A {@code kernelH × kernelW} kernel; stride and padding stay. Replaces the weight by a new one
     * {@code [in, out, kernelH, kernelW]}, initialised with this module's seed (the bias too).
     *
     * @param kernelH kernel height, &ge; 1
     * @param kernelW kernel width, &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when a kernel size is below 1
     */
    public ConvTranspose2D kernel(int kernelH, int kernelW) {
        geometry = geometry.withKernel(kernelH, kernelW);
        weight = new Parameter("weight", Nd4j.zeros(weight.value().dataType(), in, out, kernelH, kernelW));
        return reset(seed);
    }

    /**
     * The distance between the blocks input pixels scatter into, per direction.
     *
     * @param strideH vertical stride, &ge; 1
     * @param strideW horizontal stride, &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when a stride is below 1
     */
    public ConvTranspose2D stride(int strideH, int strideW) {
        geometry = geometry.withStride(strideH, strideW);
        return this;
    }

    /**
     * The rows removed from the top and bottom and the columns removed from the left and right of the output.
     *
     * @param paddingH rows per side, &ge; 0
     * @param paddingW columns per side, &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when a padding is negative
     */
    public ConvTranspose2D padding(int paddingH, int paddingW) {
        geometry = geometry.withPadding(paddingH, paddingW);
        return this;
    }

    /**
     * The rows added at the bottom and the columns added at the right of the output; each must be below the
     * stride along its axis by the time {@link #forward} runs.
     *
     * @param outputPaddingH rows, &ge; 0
     * @param outputPaddingW columns, &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when an output padding is negative
     */
    public ConvTranspose2D outputPadding(int outputPaddingH, int outputPaddingW) {
        if (outputPaddingH < 0 || outputPaddingW < 0) {
            throw new IllegalArgumentException("ConvTranspose2D: outputPadding must be at least 0, found " + outputPaddingH + "×"
                    + outputPaddingW);
        }
        outputPadding = new int[] {outputPaddingH, outputPaddingW};
        return this;
    }

    /**
     * @param input {@code [N, in, H, W]}, not modified
     * @return {@code [N, out, oH, oW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        // dL/dinput of a conv of an [N, out, oH, oW] image with delta = input
        return Convolution.transposedConv2d(input, weight.value(), bias == null ? null : bias.value(), outputShape(input),
                geometry);
    }

    /** dL/dinput = conv2d(delta, weight): each input pixel gathers back what it scattered. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return Convolution.conv2d(delta, weight.value(), null, geometry);
    }

    /** gradWeight += Σ input ⊗ delta over every block; gradBias += delta summed over N, oH, oW. Inputs not modified. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        // In conv terms: the image is delta and dL/doutput is input.
        weight.grad().addi(Convolution.conv2dWeightGradient(delta, weight.value(), input, geometry));
        if (bias != null) {
            bias.grad().addi(Convolution.biasGradient(delta));
        }
    }

    private long[] outputShape(INDArray input) {
        long[] shape = new long[4];
        shape[0] = input.size(0);
        shape[1] = out;
        for (int d = 0; d < 2; d++) {
            shape[2 + d] = (input.size(2 + d) - 1) * geometry.stride()[d] - 2L * geometry.padding()[d]
                    + geometry.kernel()[d] + outputPadding[d];
        }
        return shape;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /**
     * The weight.
     *
     * @return the weight parameter, of shape {@code [in, out, kH, kW]}
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The bias, or null when built without one.
     *
     * @return the bias parameter, of shape {@code [out]}, or null
     */
    public Parameter bias() {
        return bias;
    }

    private void check(INDArray input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("ConvTranspose2D: expected input " + LAYOUT + " with C = " + in
                    + ", found rank " + input.rank() + " with shape " + Checks.shape(input));
        }
        if (input.size(1) != in) {
            throw new IllegalArgumentException("ConvTranspose2D: expected input " + LAYOUT + " with C = " + in
                    + ", found C = " + input.size(1) + " (input shape " + Checks.shape(input) + ")");
        }
        Checks.requireDataType("ConvTranspose2D", input, weight.value().dataType());
        int[] stride = geometry.stride();
        if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1]) {
            throw new IllegalArgumentException("ConvTranspose2D: outputPadding must be below the stride, as in PyTorch; found outputPadding "
                    + ConvGeometry.dims(outputPadding) + ", stride " + ConvGeometry.dims(stride));
        }
        long[] shape = outputShape(input);
        if (shape[2] < 1 || shape[3] < 1) {
            throw new IllegalArgumentException("ConvTranspose2D: padding " + ConvGeometry.dims(geometry.padding()) + " leaves no output for input "
                    + Checks.shape(input) + " (output would be " + shape[2] + "×" + shape[3] + ")");
        }
    }

    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("ConvTranspose2D", outputShape(input), input, delta);
    }

    private String outputPaddingText() {
        return outputPadding[0] == outputPadding[1] ? String.valueOf(outputPadding[0]) : ConvGeometry.dims(outputPadding);
    }

    /**
     * {@return the kernel, stride, padding and dilation (the padding "same" or explicit)}
     */
    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public String toString() {
        return "ConvTranspose2D(in=" + in + ", out=" + out + ", " + geometry.describe()
                + (outputPadding[0] > 0 || outputPadding[1] > 0 ? ", outputPadding=" + outputPaddingText() : "") + (bias == null ? ", bias=false" : "") + ")";
    }
}
