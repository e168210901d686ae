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
 * 1-D convolution (cross-correlation, as PyTorch's {@code Conv1d}):
 * {@code output[n, o] = bias[o] + Σ_c weight[o, c] ⋆ input[n, c]}.
 *
 * <p>input {@code [N, in, L]}, output {@code [N, out, oL]} with
 * {@code oL = ⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1}; weight {@code [out, in / groups, kernel]},
 * bias {@code [out]} (PyTorch's shapes). Initialised as PyTorch does: U(±1/√(in / groups·kernel)).
 * Runs as a {@link Conv2D} of height 1 on {@code [N, in, 1, L]} (reshapes, no copies).
 *
 * <pre>{@code new Conv1D(8, 8, 3, 1, 2).groups(8).dilation(2)   // depthwise, taps 2 apart, length kept}</pre>
 */
public class Conv1D extends Module {

    private static final String LAYOUT = "[N, C, L]";

    private final int in;
    private final int out;
    private ConvGeometry geometry;
    private Parameter weight;
    private final Parameter bias; // null without bias
    private int groups = 1;
    private long seed;

    /**
     * Stride 1, no padding, with bias, seeded from {@link Seeds}.
     *
     * @param in the number of input channels, &ge; 1
     * @param out the number of output channels, &ge; 1
     * @param kernel the kernel length, &ge; 1
     * @throws IllegalArgumentException when a channel count or the kernel is below 1
     */
    public Conv1D(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    /**
     * With bias, seeded from {@link Seeds}.
     *
     * @param in the number of input channels, &ge; 1
     * @param out the number of output channels, &ge; 1
     * @param kernel the kernel length, &ge; 1
     * @param stride the step between windows, &ge; 1
     * @param padding the zeros added at each end of the input, &ge; 0
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     or the padding below 0
     */
    public Conv1D(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, true, Seeds.next());
    }

    /**
     * A 1-D convolution with float32 parameters initialised from {@code seed}.
     *
     * @param in the number of input channels, &ge; 1
     * @param out the number of output channels, &ge; 1
     * @param kernel the kernel length, &ge; 1
     * @param stride the step between windows, &ge; 1
     * @param padding the zeros added at each end of the input, &ge; 0
     * @param withBias whether the layer has a bias
     * @param seed the same seed gives the same initial parameters
     * @throws IllegalArgumentException when a channel count, the kernel or the stride is below 1,
     *     or the padding below 0
     */
    public Conv1D(int in, int out, int kernel, int stride, int padding, boolean withBias, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Conv1D: in and out channels must be at least 1, found in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.geometry = ConvGeometry.of1d("Conv1D", kernel, stride, padding);
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, out, in, kernel));
        this.bias = withBias ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, out)) : null;
        reset(seed);
    }

    /**
     * Re-initialises the parameters in place with PyTorch's default: U(±1/√fan_in) for weight and
     * bias, fan_in = in·kernel.
     *
     * @param seed the same seed gives the same values
     * @return this layer
     */
    public Conv1D reset(long seed) {
        this.seed = seed;
        Initialisers.pytorchDefault(weight, bias, (long) in / groups * geometry.kernelVolume(), seed);
        return this;
    }

    /**
     * Splits the channels into {@code groups} blocks (1 by default): output channels
     * {@code [g·out/groups, (g+1)·out/groups)} see input channels {@code [g·in/groups, (g+1)·in/groups)} only;
     * {@code groups = in} is a depthwise convolution. The weight becomes {@code [out, in / groups, kernel]},
     * replaced by a new one initialised with this module's seed (the bias too), so call this before
     * training or before handing the parameters to an optimizer.
     *
     * @param groups the number of blocks, dividing both {@code in} and {@code out}
     * @return {@code this}
     * @throws IllegalArgumentException when {@code groups} is below 1 or does not divide {@code in} and {@code out}
     */
    public Conv1D groups(int groups) {
        Conv2D.checkGroups("Conv1D", in, out, groups);
        this.groups = groups;
        weight = new Parameter("weight", Nd4j.zeros(weight.value().dataType(), out, in / groups, geometry.kernel()[0]));
        return reset(seed);
    }

    /**
     * The spacing between kernel taps (PyTorch's {@code dilation}; 1 by default: adjacent taps): a
     * kernel {@code k} spans {@code dilation·(k − 1) + 1} positions.
     *
     * @param dilation &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code dilation} is below 1
     */
    public Conv1D dilation(int dilation) {
        geometry = geometry.withDilation(dilation);
        return this;
    }

    /**
     * @param input {@code [N, in, L]}, not modified
     * @return {@code [N, out, oL]}, a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        INDArray output = Convolution.conv2d(as2d(input), weight2d(), bias == null ? null : bias.value(), geometry.as2d());
        return output.reshape(output.size(0), out, output.size(3));
    }

    /** dL/dinput: the transposed convolution of delta with the weight. Inputs not modified. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return Convolution.conv2dInputGradient(as2d(input), weight2d(), as2d(delta), geometry.as2d()).reshape(input.shape());
    }

    /** gradWeight += Σ delta ⋆ input; gradBias += delta summed over N and oL. Inputs not modified. */
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
        return needInputDelta ? g[0].reshape(input.shape()) : null;
    }

    private INDArray[] gradients(INDArray input, INDArray delta, boolean needInputDelta) {
        checkBackward(input, delta);
        return Convolution.conv2dBackward(as2d(input), weight2d(), bias == null ? null : bias.value(), as2d(delta),
                geometry.as2d(), needInputDelta);
    }

    private void accumulate(INDArray gradWeight, INDArray gradBias) {
        weight.grad().addi(gradWeight.reshape(weight.shape()));
        if (bias != null) {
            bias.grad().addi(gradBias);
        }
    }

    /** {@code [N, C, L]} as {@code [N, C, 1, L]}: a view when the array is contiguous. */
    private static INDArray as2d(INDArray x) {
        return x.reshape(x.size(0), x.size(1), 1, x.size(2));
    }

    private INDArray weight2d() {
        return weight.value().reshape(out, in / groups, 1, weight.value().size(2));
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /**
     * The weight.
     *
     * @return the weight parameter, of shape {@code [out, in / groups, kernel]}
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
        Checks.requireDelta("Conv1D", geometry.outputShape(input, out), input, delta);
    }

    private void check(INDArray input) {
        geometry.requireInput(LAYOUT, in, input);
        Checks.requireDataType("Conv1D", input, weight.value().dataType());
    }

    /**
     * {@return the kernel, stride, padding and dilation (the padding "same" or explicit)}
     */
    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public String toString() {
        return "Conv1D(in=" + in + ", out=" + out + ", " + geometry.describe() + (groups == 1 ? "" : ", groups=" + groups)
                + (bias == null ? ", bias=false" : "") + ")";
    }
}
