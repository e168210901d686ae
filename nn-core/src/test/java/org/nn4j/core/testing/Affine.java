package org.nn4j.core.testing;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * A linear layer for nn-core's own tests (the real Linear lives in nn-layers):
 * {@code y = x · weightᵀ + bias} on {@code [N, in]}, weight {@code [out, in]}, bias {@code [out]}.
 */
public class Affine extends Module {

    private final Parameter weight;
    private final Parameter bias;

    public Affine(int in, int out, long seed, DataType dataType) {
        this.weight = new Parameter("weight", TestArrays.uniform(seed, dataType, out, in));
        this.bias = new Parameter("bias", TestArrays.uniform(seed + 1, dataType, out));
    }

    @Override
    public INDArray forward(INDArray input) {
        return input.mmul(weight.value().transpose()).addi(bias.value().reshape(1, bias.value().length()));
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.mmul(weight.value());
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        weight.grad().addi(delta.transpose().mmul(input));
        bias.grad().addi(delta.sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
