package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;

/**
 * Fully connected layer: {@code output = input · weightᵀ + bias}.
 *
 * <p>input {@code [N, in]}, output {@code [N, out]}, weight {@code [out, in]}, bias {@code [out]}
 * (PyTorch's shapes). Initialised as PyTorch does: weight and bias uniform in ±1/√in.
 */
public class Linear extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias; // null without bias

    public Linear(int in, int out) {
        this(in, out, true);
    }

    public Linear(int in, int out, boolean withBias) {
        this(in, out, withBias, Seeds.next());
    }

    public Linear(int in, int out, boolean withBias, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in and out must be at least 1, found in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, out, in));
        this.bias = withBias ? new Parameter("bias", Nd4j.zeros(DataType.FLOAT, out)) : null;
        reset(seed);
    }

    /** PyTorch's default: kaiming_uniform(a=√5) for the weight, i.e. U(±1/√in), and U(±1/√in) for the bias. */
    public Linear reset(long seed) {
        Initialisers.pytorchDefault(weight, bias, in, seed);
        return this;
    }

    /** {@code input · weightᵀ + bias}: one GEMM, the bias added by broadcasting. */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        INDArray output = Nd4j.gemm(input, weight.value(), false, true);
        return bias == null ? output : output.addiRowVector(bias.value());
    }

    /** dL/dinput = delta · weight. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        check(input);
        return Nd4j.gemm(delta, weight.value(), false, false);
    }

    /** gradWeight += deltaᵀ · input; gradBias += Σ_batch delta. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        check(input);
        Gemm.accumulate(delta, true, input, false, weight.grad());
        if (bias != null) {
            bias.grad().addi(delta.sum(0));
        }
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    private void check(INDArray input) {
        Checks.requireRank("Linear", input, 2, "[N, in]");
        Checks.requireSize("Linear", input, 1, in, "input features", "[N, in]");
        Checks.requireDataType("Linear", input, weight.value().dataType());
    }

    @Override
    public String toString() {
        return "Linear(in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "") + ")";
    }
}
