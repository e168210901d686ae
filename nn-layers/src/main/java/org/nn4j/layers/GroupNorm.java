package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * Group normalisation of {@code [N, C, …]}, like PyTorch's {@code GroupNorm(num_groups, num_channels, eps, affine)}:
 * the C channels are split into numGroups groups of C / numGroups consecutive channels, and each group of each sample
 * is normalised over all its values, {@code output = (input − mean) / √(var + eps) · weight + bias}, with the biased
 * variance and weight and bias per channel. The statistics are each sample's own: training and eval mode compute the
 * same.
 *
 * <p>With affine: weight {@code [C]} (init 1) and bias {@code [C]} (init 0), PyTorch's names.
 */
public class GroupNorm extends Module {

    private final int numGroups;
    private final int numChannels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * eps 1e-5 and a learned weight and bias, as PyTorch.
     *
     * @param numGroups   the number of groups, dividing numChannels
     * @param numChannels the number of channels C (axis 1)
     */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    /**
     * @param numGroups   the number of groups, ≥ 1, dividing numChannels
     * @param numChannels the number of channels C (axis 1), ≥ 1
     * @param eps         added to the variance before its square root, {@code > 0}
     * @param affine      whether to learn a weight and a bias per channel
     * @throws IllegalArgumentException when numGroups does not divide numChannels, either is below 1, or eps is not
     *                                  positive
     */
    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0 || !(eps > 0)) {
            throw new IllegalArgumentException("GroupNorm: expected numGroups >= 1 dividing numChannels >= 1 and eps > 0, found"
                    + " numGroups=" + numGroups + ", numChannels=" + numChannels + ", eps=" + eps);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? new Parameter("weight", Nd4j.ones(DataType.FLOAT, numChannels)) : null;
        this.bias = affine ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, numChannels)) : null;
    }

    /**
     * Sets weight 1 and bias 0, as PyTorch (nothing random).
     *
     * @return {@code this}
     */
    public GroupNorm reset() {
        if (weight != null) {
            weight.value().assign(1);
            bias.value().assign(0);
        }
        return this;
    }

    /**
     * Normalises each group of channels of each sample.
     *
     * @param input {@code [N, C, …]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        INDArray xHat = RowNormalisation.forward(groups(input), eps).xHat().reshape(channelsShape(input)); // [N, C, S]
        if (weight != null) {
            xHat.muli(perChannel(weight)).addi(perChannel(bias));
        }
        return xHat.reshape(input.shape());
    }

    /**
     * With g = delta · weight (per channel), per group: {@code dL/dx = (1/σ)·(g − mean(g) − x̂·mean(g ⊙ x̂))},
     * σ = √(var + eps), the means over the group's values (mean and var depend on x too).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return backward(input, delta, false, true);
    }

    /**
     * {@code grad weight += Σ delta ⊙ x̂}, {@code grad bias += Σ delta}, the sums over every axis but 1.
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
        Checks.requireDelta("GroupNorm", input.shape(), input, delta);
        check(input);
        updateGradient &= weight != null;
        if (input.isEmpty() || !updateGradient && !needInputDelta) {
            return needInputDelta ? Nd4j.create(input.dataType(), input.shape()) : null;
        }
        RowNormalisation.Normalised n = RowNormalisation.forward(groups(input), eps); // x̂ [N·G, K], 1/σ [N·G, 1]
        INDArray d = channels(delta);                                                  // [N, C, S]
        if (updateGradient) {
            weight.grad().addi(n.xHat().reshape(channelsShape(input)).mul(d).sum(0, 2));
            bias.grad().addi(d.sum(0, 2));
        }
        if (!needInputDelta) {
            return null;
        }
        INDArray g = weight == null ? groups(delta) : d.mul(perChannel(weight)).reshape(n.xHat().shape()); // dL/dx̂
        return RowNormalisation.backward(g, n).reshape(input.shape());
    }

    /** {@code [N, C, …]} as {@code [N·numGroups, (C / numGroups)·S]}, one row per group of a sample; never written to. */
    private INDArray groups(INDArray x) {
        long n = x.size(0);
        return x.reshape('c', n * numGroups, x.length() / (n * numGroups));
    }

    /** {@code [N, C, …]} as {@code [N, C, S]}; never written to. */
    private INDArray channels(INDArray x) {
        return x.reshape('c', channelsShape(x));
    }

    /** {@code [N, C, S]}, S the product of the dimensions after C. */
    private long[] channelsShape(INDArray x) {
        long n = x.size(0);
        return new long[] {n, numChannels, x.length() / (n * numChannels)};
    }

    /** {@code [C]} as {@code [1, C, 1]}. */
    private static INDArray perChannel(Parameter p) {
        return p.value().reshape(1, p.value().length(), 1);
    }

    private void check(INDArray input) {
        if (weight != null) {
            Checks.requireDataType("GroupNorm", input, weight.value().dataType());
        }
        Checks.requireFeatureAxis("GroupNorm", input);
        Checks.requireSize("GroupNorm", input, 1, numChannels, "channels", "[N, C, ...]");
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    /** {@return the number of groups the channels are split into} */
    public int numGroups() {
        return numGroups;
    }

    /** {@return the number of channels C, the size of axis 1} */
    public int numChannels() {
        return numChannels;
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
        return "GroupNorm(" + numGroups + ", " + numChannels + (eps != 1e-5 ? ", eps=" + eps : "")
                + (weight == null ? ", affine=false" : "") + ")";
    }
}
