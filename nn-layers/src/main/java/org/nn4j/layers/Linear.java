package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;
import org.nn4j.core.Workspaces;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.Ones;
import org.nn4j.layers.init.Initialisers;

/**
 * Fully connected layer: {@code output = input · weightᵀ + bias}.
 *
 * <p>input {@code [N, in]}, output {@code [N, out]}, weight {@code [out, in]}, bias {@code [out]}
 * (PyTorch's shapes). Initialised as PyTorch does: weight and bias uniform in ±1/√in.
 *
 * <p>As in PyTorch, the input may have any leading axes, {@code [N, *, in]} to {@code [N, *, out]} (a sequence
 * {@code [N, T, in]}, say): every position is one row of the same product. A c-ordered input is read in place; an
 * 'f'-ordered or strided one is copied once to c order.
 */
public class Linear extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias; // null without bias
    private BiasViews biasViews;

    /**
     * With bias, seeded from {@link Seeds}.
     *
     * @param in  input features, &ge; 1
     * @param out output features, &ge; 1
     * @throws IllegalArgumentException when {@code in} or {@code out} is below 1
     */
    public Linear(int in, int out) {
        this(in, out, true);
    }

    /**
     * Seeded from {@link Seeds}.
     *
     * @param in       input features, &ge; 1
     * @param out      output features, &ge; 1
     * @param withBias whether the layer has a bias
     * @throws IllegalArgumentException when {@code in} or {@code out} is below 1
     */
    public Linear(int in, int out, boolean withBias) {
        this(in, out, withBias, Seeds.next());
    }

    /**
     * A fully connected layer with float32 parameters initialised from {@code seed}.
     *
     * @param in       input features, &ge; 1
     * @param out      output features, &ge; 1
     * @param withBias whether the layer has a bias
     * @param seed     the same seed gives the same initial parameters
     * @throws IllegalArgumentException when {@code in} or {@code out} is below 1
     */
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

    /**
     * Re-initialises weight and bias as PyTorch's default: kaiming_uniform(a=√5) for the weight, i.e. U(±1/√in),
     * and U(±1/√in) for the bias.
     *
     * @param seed the same seed gives the same values
     * @return {@code this}
     */
    public Linear reset(long seed) {
        Initialisers.pytorchDefault(weight, bias, in, seed);
        return this;
    }

    /**
     * {@code input · weightᵀ + bias}: the bias rows first (ones · bias, a rank-1 GEMM), then one GEMM
     * onto them, as PyTorch's addmm. Two native calls: a broadcast add is a dozen ND4J objects.
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.rank() > 2) {
            return forward(rows(input)).reshape(shapeWithLast(input, out));
        }
        INDArray output = Gemm.output("Linear", "output", input.dataType(), input.size(0), out);
        if (bias == null) {
            return Gemm.multiply(input, false, weight.value(), true, output, 1.0, 0.0);
        }
        Gemm.multiply(Ones.column(input.size(0), input.dataType()), false, biasViews().row(), false, output, 1.0, 0.0);
        return Gemm.multiply(input, false, weight.value(), true, output, 1.0, 1.0);
    }

    /** dL/dinput = delta · weight. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        if (input.rank() > 2) {
            return backwardDelta(rows(input), rows(delta)).reshape(input.shape());
        }
        INDArray gradInput = Gemm.output("Linear", "dL/dinput", delta.dataType(), delta.size(0), in);
        return Gemm.multiply(delta, false, weight.value(), false, gradInput, 1.0, 0.0);
    }

    /** gradWeight += deltaᵀ · input; gradBias += Σ_batch delta = deltaᵀ · ones. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        if (input.rank() > 2) {
            backwardUpdateGradient(rows(input), rows(delta));
            return;
        }
        Gemm.accumulate(delta, true, input, false, weight.grad());
        if (bias != null) {
            INDArray ones = Ones.column(delta.size(0), delta.dataType());
            Gemm.accumulate(delta, true, ones, false, biasViews().gradColumn());
        }
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** @return the weight {@code [out, in]}, the live parameter */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias {@code [out]}, the live parameter, or null when built without one} */
    public Parameter bias() {
        return bias;
    }

    /** The bias {@code [out]} as a row {@code [1, out]} and its gradient as a column {@code [out, 1]}, for GEMMs. */
    private record BiasViews(INDArray value, INDArray grad, INDArray row, INDArray gradColumn) {
    }

    /**
     * The views share the memory of the (c-ordered, never views) parameter arrays, which optimizers
     * update in place; made outside the step's workspace, once, and again after {@link #to} replaced them.
     */
    private BiasViews biasViews() {
        if (biasViews == null || biasViews.value() != bias.value() || biasViews.grad() != bias.grad()) {
            INDArray value = bias.value();
            INDArray grad = bias.grad();
            biasViews = Workspaces.outside(() -> new BiasViews(value, grad, value.reshape(1, out), grad.reshape(out, 1)));
        }
        return biasViews;
    }

    /** delta must be {@code [N, *, out]} for an input {@code [N, *, in]}: the GEMMs would otherwise read outside its memory. */
    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("Linear", input.rank() == 2 ? new long[] {input.size(0), out} : shapeWithLast(input, out), input, delta);
    }

    private void check(INDArray input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("Linear: expected input of rank 2 or more [N, *, in], found rank " + input.rank()
                    + " with shape " + Checks.shape(input));
        }
        Checks.requireSize("Linear", input, input.rank() - 1, in, "input features", "[N, *, in]");
        Checks.requireDataType("Linear", input, weight.value().dataType());
    }

    /**
     * {@code [N, *, f]} as the matrix {@code [N·…, f]} of its positions: a view of a c-ordered input (at an offset too),
     * else one c-ordered copy (of an 'f'-ordered or strided one).
     */
    private static INDArray rows(INDArray a) {
        INDArray dense = a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
        return dense.reshape('c', a.length() / a.size(-1), a.size(-1));
    }

    private static long[] shapeWithLast(INDArray a, long last) {
        long[] shape = a.shape().clone();
        shape[shape.length - 1] = last;
        return shape;
    }

    @Override
    public String toString() {
        return "Linear(in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "") + ")";
    }
}
