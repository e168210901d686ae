package org.nn4j.layers;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.Ones;

/**
 * Layer normalisation over the last dimensions, like PyTorch's {@code LayerNorm(normalized_shape, eps,
 * elementwise_affine)}: for an input {@code [*, d1, …, dk]} with {@code normalizedShape = [d1, …, dk]}, each of the
 * leading positions {@code *} is normalised over its {@code d1·…·dk} values,
 * {@code output = (input − mean) / √(var + eps) ⊙ weight + bias}, with the biased variance. Unlike
 * {@link BatchNorm}, the statistics are each sample's own: training and eval mode compute the same.
 *
 * <p>With {@code elementwiseAffine}: weight and bias shaped {@code normalizedShape} (init 1 and 0), PyTorch's names.
 */
public class LayerNorm extends Module {

    private final long[] normalizedShape;
    private final long size;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;
    /** x̂ and 1/σ of the last forward (with the affine parameters), for the backward pass; replaced whole. */
    private volatile Statistics last;

    /**
     * eps 1e-5 and a learned weight and bias, as PyTorch.
     *
     * @param normalizedShape the trailing dimensions to normalise over, each ≥ 1
     */
    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /**
     * @param normalizedShape   the trailing dimensions to normalise over, each ≥ 1; not modified
     * @param eps               added to the variance before its square root, {@code > 0}
     * @param elementwiseAffine whether to learn a weight and a bias shaped {@code normalizedShape}
     * @throws IllegalArgumentException when {@code normalizedShape} is empty or has a dimension below 1, or eps is
     *                                  not positive
     */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: expected a non-empty normalizedShape of dimensions >= 1 and eps > 0,"
                    + " found normalizedShape " + Arrays.toString(normalizedShape) + ", eps=" + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.size = Arrays.stream(normalizedShape).reduce(1, Math::multiplyExact);
        this.eps = eps;
        this.weight = elementwiseAffine ? new Parameter("weight", Nd4j.ones(DataType.FLOAT, normalizedShape)) : null;
        this.bias = elementwiseAffine ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, normalizedShape)) : null;
    }

    /**
     * Sets weight 1 and bias 0, as PyTorch (nothing random).
     *
     * @return {@code this}
     */
    public LayerNorm reset() {
        if (weight != null) {
            weight.value().assign(1);
            bias.value().assign(0);
        }
        return this;
    }

    /**
     * Normalises each leading position over the trailing {@code normalizedShape}.
     *
     * @param input {@code [*, d1, …, dk]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        RowNormalisation.Normalised n = RowNormalisation.forward(rows(input), eps); // x̂ [M, K], 1/σ [M, 1]
        if (weight == null) {
            return n.xHat().reshape(input.shape()); // handed out, so not kept for the backward pass
        }
        last = new Statistics(input, n);
        return n.xHat().mul(weight.value().reshape(1, size)).addi(bias.value().reshape(1, size)).reshape(input.shape());
    }

    /**
     * With g = delta ⊙ weight, per leading position: {@code dL/dx = (1/σ)·(g − mean(g) − x̂·mean(g ⊙ x̂))},
     * σ = √(var + eps), the means over {@code normalizedShape} (mean and var depend on x too).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return backward(input, delta, false, true);
    }

    /**
     * {@code grad weight += Σ delta ⊙ x̂}, {@code grad bias += Σ delta}, the sums over the leading positions.
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
        Checks.requireDelta("LayerNorm", input.shape(), input, delta);
        check(input);
        updateGradient &= weight != null;
        if (input.isEmpty() || !updateGradient && !needInputDelta) {
            return needInputDelta ? Nd4j.create(input.dataType(), input.shape()) : null;
        }
        RowNormalisation.Normalised n = statisticsOf(input);
        INDArray d = rows(delta);
        if (updateGradient) {
            // the sums over the rows as GEMMs with a column of ones: ND4J's column sums are slower
            INDArray ones = Ones.column(d.size(0), d.dataType());
            Gemm.accumulate(ones, true, n.xHat().mul(d), false, weight.grad().reshape(1, size));
            Gemm.accumulate(ones, true, d, false, bias.grad().reshape(1, size));
        }
        if (!needInputDelta) {
            return null;
        }
        INDArray g = weight == null ? d : d.mul(weight.value().reshape(1, size)); // dL/dx̂
        return RowNormalisation.backward(g, n).reshape(input.shape());
    }

    /** The last forward's x̂ and 1/σ when they are of this input and still live; else computed again. */
    private RowNormalisation.Normalised statisticsOf(INDArray input) {
        Statistics s = last;
        if (s != null && s.input() == input && Workspaces.isLive(s.normalised().xHat())
                && s.normalised().xHat().dataType() == input.dataType()) {
            return s.normalised();
        }
        return RowNormalisation.forward(rows(input), eps);
    }

    /** What a forward with the affine parameters computed, kept for the backward pass; never written to. */
    private record Statistics(INDArray input, RowNormalisation.Normalised normalised) {
    }

    /** {@code [*, d1, …, dk]} as {@code [M, K]}: a view where the layout allows, else a copy; never written to. */
    private INDArray rows(INDArray x) {
        return x.reshape('c', x.length() / size, size);
    }

    private void check(INDArray input) {
        if (weight != null) {
            Checks.requireDataType("LayerNorm", input, weight.value().dataType());
        } else {
            Checks.requireFloatingPoint("LayerNorm", input);
        }
        int k = normalizedShape.length;
        long[] s = input.shape();
        if (s.length < k || !Arrays.equals(Arrays.copyOfRange(s, s.length - k, s.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm: expected input shape [*, " + Arrays.toString(normalizedShape)
                    .substring(1) + " (trailing dimensions equal to normalizedShape " + Arrays.toString(normalizedShape)
                    + "), found " + Checks.shape(input));
        }
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    /** {@return the trailing dimensions normalised over (a copy)} */
    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** {@return the scale shaped {@code normalizedShape} (PyTorch's {@code weight}, γ), or null without elementwiseAffine} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the shift shaped {@code normalizedShape} (PyTorch's {@code bias}, β), or null without elementwiseAffine} */
    public Parameter bias() {
        return bias;
    }

    /** {@return what is added to the variance before its square root} */
    public double eps() {
        return eps;
    }

    @Override
    public String toString() {
        return "LayerNorm(" + Arrays.toString(normalizedShape) + (eps != 1e-5 ? ", eps=" + eps : "")
                + (weight == null ? ", elementwiseAffine=false" : "") + ")";
    }
}
