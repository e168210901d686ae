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
 * 2-D convolution (cross-correlation, as PyTorch's {@code Conv2d}):
 * {@code output[n, o] = bias[o] + Σ_c weight[o, c] ⋆ input[n, c]}.
 *
 * <p>input {@code [N, in, H, W]}, output {@code [N, out, oH, oW]} with
 * {@code oH = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1} (likewise oW), or {@code oH = H} with
 * padding "same"; weight {@code [out, in / groups, kH, kW]}, bias {@code [out]} (PyTorch's shapes).
 * Initialised as PyTorch does: weight and bias uniform in ±1/√(in / groups·kH·kW).
 *
 * <p>{@link #groups(int)} splits the input and output channels into that many consecutive blocks,
 * output block {@code g} seeing input block {@code g} only ({@code groups = in}: a depthwise convolution);
 * {@link #dilation(int, int)} spaces the kernel's taps (PyTorch's {@code dilation}, 1 by default).
 *
 * <pre>{@code new Conv2D(1, 32, 3)                       // 3×3, stride 1, no padding
 * new Conv2D(32, 64, 3, 2, 1)                  // stride 2, padding 1
 * new Conv2D(3, 8, 5, 1, "same")
 * new Conv2D(3, 8, 3).kernel(3, 2).bias(false).stride(2, 1).padding(1, 0).reset(42)   // 3×2 kernel, no bias, seed 42
 * new Conv2D(16, 16, 3, 1, 1).groups(16)       // depthwise 3×3
 * new Conv2D(4, 6, 3).groups(2).dilation(2).padding(2)}</pre>
 *
 * <p>The constructors take PyTorch's positional order (in, out, kernel, stride, padding); every
 * other setting is a named setter that returns {@code this}. {@link #kernel(int, int)},
 * {@link #groups(int)} and {@link #bias(boolean)} replace the parameters, so call them before training or before handing
 * the parameters to an optimizer; the new parameters are initialised with the module's seed, and
 * {@link #reset(long)} sets another one.
 */
public class Conv2D extends Module {

    private static final String LAYOUT = "[N, C, H, W]";

    private final int in;
    private final int out;
    private Parameter weight;
    private Parameter bias; // null without bias
    private ConvGeometry geometry;
    private int groups = 1;
    private long seed;

    /**
     * Square kernel, stride 1, no padding, with bias; seeded from {@link Seeds}.
     *
     * @param in     input channels
     * @param out    output channels
     * @param kernel kernel height and width
     */
    public Conv2D(int in, int out, int kernel) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Conv2D: in and out channels must be at least 1, found in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.geometry = ConvGeometry.of2d("Conv2D", kernel, kernel, 1, 1, 0, 0);
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, out, in, kernel, kernel));
        this.bias = new Parameter("bias", Nd4j.zeros(DataType.FLOAT, out));
        reset(Seeds.next());
    }

    /**
     * Square kernel, square stride and zero padding, with bias; seeded from {@link Seeds}.
     *
     * @param in      input channels, &ge; 1
     * @param out     output channels, &ge; 1
     * @param kernel  kernel height and width, &ge; 1
     * @param stride  vertical and horizontal stride, &ge; 1
     * @param padding zeros added on every side, &ge; 0
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     or the padding below 0
     */
    public Conv2D(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel);
        stride(stride).padding(padding);
    }

    /**
     * Square kernel; {@code padding} is "same" (stride 1 only) or "valid" (none), as in PyTorch.
     * With bias; seeded from {@link Seeds}.
     *
     * @param in      input channels, &ge; 1
     * @param out     output channels, &ge; 1
     * @param kernel  kernel height and width, &ge; 1
     * @param stride  vertical and horizontal stride, &ge; 1 (1 with "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     {@code padding} is another string, or "same" comes with a stride other than 1
     */
    public Conv2D(int in, int out, int kernel, int stride, String padding) {
        this(in, out, kernel);
        stride(stride).padding(padding);
    }

    /**
     * A {@code kernelH × kernelW} kernel instead of the square one; stride and padding stay.
     * Replaces the weight by a new one, initialised with this module's seed.
     *
     * @param kernelH kernel height (rows)
     * @param kernelW kernel width (columns)
     * @return {@code this}
     */
    public Conv2D kernel(int kernelH, int kernelW) {
        geometry = geometry.withKernel(kernelH, kernelW);
        weight = new Parameter("weight", Nd4j.zeros(weight.value().dataType(), out, in / groups, kernelH, kernelW));
        return reset(seed);
    }

    /**
     * Splits the channels into {@code groups} blocks (1 by default): output channels
     * {@code [g·out/groups, (g+1)·out/groups)} see input channels {@code [g·in/groups, (g+1)·in/groups)} only;
     * {@code groups = in} is a depthwise convolution. The weight becomes {@code [out, in / groups, kH, kW]},
     * replaced by a new one initialised with this module's seed (the bias too).
     *
     * @param groups the number of blocks, dividing both {@code in} and {@code out}
     * @return {@code this}
     * @throws IllegalArgumentException when {@code groups} is below 1 or does not divide {@code in} and {@code out}
     */
    public Conv2D groups(int groups) {
        checkGroups("Conv2D", in, out, groups);
        this.groups = groups;
        int[] k = geometry.kernel();
        weight = new Parameter("weight", Nd4j.zeros(weight.value().dataType(), out, in / groups, k[0], k[1]));
        return reset(seed);
    }

    /**
     * Throws unless {@code groups} divides both channel counts.
     *
     * @param module the module's name, for the message
     * @param in     input channels
     * @param out    output channels
     * @param groups the number of groups
     * @throws IllegalArgumentException naming the module and the numbers
     */
    static void checkGroups(String module, int in, int out, int groups) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(module + ": groups must be at least 1 and divide in and out channels, found groups="
                    + groups + ", in=" + in + ", out=" + out);
        }
    }

    /**
     * The same spacing between kernel taps in both directions (1 by default: adjacent taps).
     *
     * @param dilation &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code dilation} is below 1
     */
    public Conv2D dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    /**
     * The spacing between kernel taps per direction (PyTorch's {@code dilation}; 1 by default): a
     * kernel {@code kH} spans {@code dilationH·(kH − 1) + 1} rows.
     *
     * @param dilationH vertical spacing, &ge; 1
     * @param dilationW horizontal spacing, &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when a dilation is below 1
     */
    public Conv2D dilation(int dilationH, int dilationW) {
        geometry = geometry.withDilation(dilationH, dilationW);
        return this;
    }

    /**
     * With or without a bias (with one by default). Re-initialises the parameters with this
     * module's seed.
     *
     * @param withBias whether {@code output} adds a learned bias per output channel
     * @return {@code this}
     */
    public Conv2D bias(boolean withBias) {
        if (withBias && bias == null) {
            bias = new Parameter("bias", Nd4j.zeros(weight.value().dataType(), out));
        } else if (!withBias) {
            bias = null;
        }
        return reset(seed);
    }

    /**
     * Sets a square stride (1 by default).
     *
     * @param stride vertical and horizontal stride, &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code stride} is below 1, or is not 1 with padding "same"
     */
    public Conv2D stride(int stride) {
        return stride(stride, stride);
    }

    /**
     * Sets the stride per direction (1 by default).
     *
     * @param strideH vertical stride (between rows), &ge; 1
     * @param strideW horizontal stride (between columns), &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when a stride is below 1, or is not 1 with padding "same"
     */
    public Conv2D stride(int strideH, int strideW) {
        geometry = geometry.withStride(strideH, strideW);
        return this;
    }

    /**
     * Zero padding on every side (0 by default).
     *
     * @param padding zeros added on each side, &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code padding} is negative
     */
    public Conv2D padding(int padding) {
        return padding(padding, padding);
    }

    /**
     * {@code paddingH} rows on top and bottom, {@code paddingW} columns left and right.
     *
     * @param paddingH zero rows added above and below, &ge; 0
     * @param paddingW zero columns added left and right, &ge; 0
     * @return {@code this}
     * @throws IllegalArgumentException when a padding is negative
     */
    public Conv2D padding(int paddingH, int paddingW) {
        geometry = geometry.withPadding(paddingH, paddingW);
        return this;
    }

    /**
     * "same" (output as large as the input; stride 1 only; an even kernel's extra row/column of zeros goes bottom/right) or "valid".
     *
     * @param mode {@code "same"} or {@code "valid"} (no padding)
     * @return {@code this}
     * @throws IllegalArgumentException when {@code mode} is another string, or is "same" with a stride other than 1
     */
    public Conv2D padding(String mode) {
        geometry = switch (mode) {
            case "same" -> geometry.withSamePadding();
            case "valid" -> geometry.withPadding(0, 0);
            default -> throw new IllegalArgumentException("Conv2D: padding must be \"same\" or \"valid\", found \"" + mode + "\"");
        };
        return this;
    }

    /**
     * PyTorch's default: U(±1/√fan_in) for weight and bias, fan_in = in / groups·kH·kW.
     *
     * @param seed the seed of the draw, kept as this module's seed
     * @return {@code this}
     */
    public Conv2D reset(long seed) {
        this.seed = seed;
        Initialisers.pytorchDefault(weight, bias, (long) in / groups * geometry.kernelVolume(), seed);
        return this;
    }

    /**
     * @param input {@code [N, in, H, W]}, not modified
     * @return {@code [N, out, oH, oW]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return Convolution.conv2d(input, weight.value(), bias == null ? null : bias.value(), geometry);
    }

    /** dL/dinput: the transposed convolution of delta with the weight. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return Convolution.conv2dInputGradient(input, weight.value(), delta, geometry);
    }

    /** gradWeight += Σ delta ⋆ input; gradBias += delta summed over N, oH, oW. Inputs not modified. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        INDArray[] g = gradients(input, delta, false);
        accumulate(g[1], g[2]);
    }

    /**
     * Without {@code needInputDelta} (a first layer) only the parameter gradients are computed,
     * where the geometry allows (see {@link Convolution#conv2dBackward}).
     */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        INDArray[] g = gradients(input, delta, needInputDelta);
        accumulate(g[1], g[2]);
        return needInputDelta ? g[0] : null;
    }

    private INDArray[] gradients(INDArray input, INDArray delta, boolean needInputDelta) {
        checkBackward(input, delta);
        return Convolution.conv2dBackward(input, weight.value(), bias == null ? null : bias.value(), delta, geometry,
                needInputDelta);
    }

    private void accumulate(INDArray gradWeight, INDArray gradBias) {
        weight.grad().addi(gradWeight);
        if (bias != null) {
            bias.grad().addi(gradBias);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /**
     * The weight.
     *
     * @return the weight parameter, of shape {@code [out, in / groups, kH, kW]}
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

    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("Conv2D", geometry.outputShape(input, out), input, delta);
    }

    private void check(INDArray input) {
        geometry.requireInput(LAYOUT, in, input);
        Checks.requireDataType("Conv2D", input, weight.value().dataType());
    }

    /**
     * {@return the kernel, stride, padding and dilation (the padding "same" or explicit)}
     */
    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public String toString() {
        return "Conv2D(in=" + in + ", out=" + out + ", " + geometry.describe() + (groups == 1 ? "" : ", groups=" + groups)
                + (bias == null ? ", bias=false" : "") + ")";
    }
}
