package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * {@code output = input} where {@code input > 0}, else {@code weight · input}, with a learned slope: one for every
 * element, or one per channel (axis 1) of an input {@code [N, C, ...]}; any shape (PyTorch's {@code PReLU}, defaults
 * one parameter initialised to 0.25).
 *
 * <p>weight {@code [numParameters]}, PyTorch's shape and name. The derivative at 0 is the weight, as in PyTorch, and
 * an input of 0 adds nothing to the weight's gradient.
 */
public class PReLU extends Module {

    private final int numParameters;
    private final double init;
    private final Parameter weight;

    /** One slope for every element, initialised to 0.25: PyTorch's defaults. */
    public PReLU() {
        this(1, 0.25);
    }

    /**
     * @param numParameters 1 (one slope for all) or the number of channels C of inputs {@code [N, C, ...]}
     * @param init          the initial slope; finite
     * @throws IllegalArgumentException when {@code numParameters} is below 1 or {@code init} NaN or infinite
     */
    public PReLU(int numParameters, double init) {
        if (numParameters < 1 || !Double.isFinite(init)) {
            throw new IllegalArgumentException("PReLU: expected numParameters >= 1 and a finite init, found numParameters="
                    + numParameters + ", init=" + init);
        }
        this.numParameters = numParameters;
        this.init = init;
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, numParameters));
        reset();
    }

    /**
     * Sets every slope to the initial one (PyTorch's initialisation: a constant, nothing random).
     *
     * @return {@code this}
     */
    public PReLU reset() {
        weight.value().assign(init);
        return this;
    }

    /**
     * {@code relu(input) + weight ⊙ min(input, 0)}, the weight broadcast along axis 1.
     *
     * @param input any shape ({@code [N, C, ...]} with C = numParameters when there are several); not modified
     * @return a new array
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        return timesWeight(negativePart(input)).addi(Transforms.relu(input, true));
    }

    /**
     * dL/dinput = delta where {@code input > 0}, else {@code weight · delta} (also at 0, as in PyTorch).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        INDArray positive = input.ulike();
        Nd4j.exec(new Step(input, positive)); // 1 where input > 0, else 0
        return timesWeight(positive.rsub(1)).addi(positive).muli(delta);
    }

    /**
     * gradWeight += Σ delta ⊙ min(input, 0), over every axis but the channel axis (over all with one parameter).
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        if (input.isEmpty()) {
            return;
        }
        INDArray product = negativePart(input).muli(delta);
        if (numParameters == 1) {
            weight.grad().addi(product.sumNumber().doubleValue());
            return;
        }
        int[] notChannels = new int[input.rank() - 1];
        notChannels[0] = 0;
        for (int d = 2; d < input.rank(); d++) {
            notChannels[d - 1] = d;
        }
        weight.grad().addi(product.sum(notChannels));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /** @return the slopes {@code [numParameters]}, the live parameter */
    public Parameter weight() {
        return weight;
    }

    /** {@code min(x, 0)}, keeping NaN: {@code −relu(−x)}, a new array. */
    private static INDArray negativePart(INDArray x) {
        return Transforms.relu(x.neg(), false).negi();
    }

    /** {@code a ⊙ weight} in place, the weight broadcast along axis 1. */
    private INDArray timesWeight(INDArray a) {
        if (numParameters == 1) {
            return a.muli(weight.value().getDouble(0));
        }
        // ND4J's broadcasting custom op, not the legacy BroadcastMulOp, which crashes the JVM (SIGSEGV in
        // Broadcast::exec) when threads and garbage collections overlap it
        long[] alongChannels = new long[a.rank()];
        java.util.Arrays.fill(alongChannels, 1);
        alongChannels[1] = numParameters;
        return a.muli(weight.value().reshape(alongChannels));
    }

    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("PReLU", input.shape(), input, delta);
    }

    private void check(INDArray input) {
        Checks.requireDataType("PReLU", input, weight.value().dataType());
        if (numParameters > 1) {
            Checks.requireFeatureAxis("PReLU", input);
            Checks.requireSize("PReLU", input, 1, numParameters, "channels (one slope each)", "[N, C, ...]");
        }
    }

    @Override
    public String toString() {
        return "PReLU(numParameters=" + numParameters + ", init=" + init + ")";
    }
}
