package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * Instance normalisation of {@code [N, C, H, W]}, like PyTorch's {@code InstanceNorm2d(num_features, eps,
 * affine=False, track_running_stats=False)}: each channel of each sample is normalised over its H·W values,
 * {@code output = (input − mean) / √(var + eps)} (biased variance), then, with affine, {@code · weight + bias} per
 * channel. No running statistics are kept (PyTorch's default), so training and eval mode compute the same; as in
 * PyTorch, H·W must be more than 1.
 *
 * <p>With affine: weight {@code [C]} (init 1) and bias {@code [C]} (init 0), PyTorch's names.
 */
public class InstanceNorm2D extends Module {

    private final int numFeatures;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * eps 1e-5, no weight or bias, as PyTorch.
     *
     * @param numFeatures the number of channels C (axis 1)
     */
    public InstanceNorm2D(int numFeatures) {
        this(numFeatures, 1e-5, false);
    }

    /**
     * @param numFeatures the number of channels C (axis 1), ≥ 1
     * @param eps         added to the variance before its square root, {@code > 0}
     * @param affine      whether to learn a weight and a bias per channel
     * @throws IllegalArgumentException when numFeatures is below 1 or eps is not positive
     */
    public InstanceNorm2D(int numFeatures, double eps, boolean affine) {
        if (numFeatures < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("InstanceNorm2D: expected numFeatures >= 1 and eps > 0, found numFeatures="
                    + numFeatures + ", eps=" + eps);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.weight = affine ? new Parameter("weight", Nd4j.ones(DataType.FLOAT, numFeatures)) : null;
        this.bias = affine ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, numFeatures)) : null;
    }

    /**
     * Sets weight 1 and bias 0, as PyTorch (nothing random).
     *
     * @return {@code this}
     */
    public InstanceNorm2D reset() {
        if (weight != null) {
            weight.value().assign(1);
            bias.value().assign(0);
        }
        return this;
    }

    /**
     * Normalises each channel of each sample over H and W.
     *
     * @param input {@code [N, C, H, W]} with H·W &gt; 1; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        INDArray xHat = RowNormalisation.forward(planes(input), eps).xHat(); // [N·C, H·W]
        if (weight != null) {
            xHat = xHat.reshape(input.size(0), numFeatures, -1).muli(perChannel(weight)).addi(perChannel(bias));
        }
        return xHat.reshape(input.shape());
    }

    /**
     * With g = delta · weight (per channel), per channel of a sample:
     * {@code dL/dx = (1/σ)·(g − mean(g) − x̂·mean(g ⊙ x̂))}, σ = √(var + eps), the means over H and W (mean and var
     * depend on x too).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return backward(input, delta, false, true);
    }

    /**
     * {@code grad weight += Σ delta ⊙ x̂}, {@code grad bias += Σ delta}, the sums over N, H and W.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        backward(input, delta, true, false);
    }

    /** Both halves share x̂ and σ. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        return backward(input, delta, true, needInputDelta);
    }

    private INDArray backward(INDArray input, INDArray delta, boolean updateGradient, boolean needInputDelta) {
        Checks.requireDelta("InstanceNorm2D", input.shape(), input, delta);
        check(input);
        updateGradient &= weight != null;
        if (input.isEmpty() || !updateGradient && !needInputDelta) {
            return needInputDelta ? Nd4j.create(input.dataType(), input.shape()) : null;
        }
        long[] channels = {input.size(0), numFeatures, input.size(2) * input.size(3)};
        RowNormalisation.Normalised n = RowNormalisation.forward(planes(input), eps); // x̂ [N·C, H·W], 1/σ [N·C, 1]
        INDArray d = planes(delta).reshape(channels);                                  // [N, C, H·W]
        if (updateGradient) {
            weight.grad().addi(n.xHat().reshape(channels).mul(d).sum(0, 2));
            bias.grad().addi(d.sum(0, 2));
        }
        if (!needInputDelta) {
            return null;
        }
        INDArray g = weight == null ? planes(delta) : d.mul(perChannel(weight)).reshape(n.xHat().shape()); // dL/dx̂
        return RowNormalisation.backward(g, n).reshape(input.shape());
    }

    /** {@code [N, C, H, W]} as {@code [N·C, H·W]}; never written to. */
    private static INDArray planes(INDArray x) {
        return x.reshape('c', x.size(0) * x.size(1), x.size(2) * x.size(3));
    }

    /** {@code [C]} as {@code [1, C, 1]}. */
    private static INDArray perChannel(Parameter p) {
        return p.value().reshape(1, p.value().length(), 1);
    }

    private void check(INDArray input) {
        if (weight != null) {
            Checks.requireDataType("InstanceNorm2D", input, weight.value().dataType());
        } else {
            Checks.requireFloatingPoint("InstanceNorm2D", input);
        }
        Checks.requireRank("InstanceNorm2D", input, 4, "[N, C, H, W]");
        Checks.requireSize("InstanceNorm2D", input, 1, numFeatures, "channels", "[N, C, H, W]");
        if (input.size(2) * input.size(3) < 2) {
            throw new IllegalArgumentException("InstanceNorm2D: expected more than 1 value per channel (H·W > 1), found input"
                    + " shape " + Checks.shape(input));
        }
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    /** {@return the number of channels C, the size of axis 1} */
    public int numFeatures() {
        return numFeatures;
    }

    /** {@return the per-channel scale {@code [C]} (PyTorch's {@code weight}, γ), or null without affine} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the per-channel shift {@code [C]} (PyTorch's {@code bias}, β), or null without affine} */
    public Parameter bias() {
        return bias;
    }

    /** {@return what is added to the variance before its square root} */
    public double eps() {
        return eps;
    }

    @Override
    public String toString() {
        return "InstanceNorm2D(" + numFeatures + (eps != 1e-5 ? ", eps=" + eps : "") + (weight != null ? ", affine=true" : "") + ")";
    }
}
