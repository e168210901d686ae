package org.nn4j.core.testing;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * A minimal module with parameters for nn-core's own tests: {@code y = x ⊙ w + b} per feature,
 * on {@code [N, F]}. {@code error} scales both backward results, to plant a wrong gradient.
 */
public class Scale extends Module {

    private final Parameter w;
    private final Parameter b;
    private final double error;

    public Scale(int features, long seed) {
        this(features, seed, 1.0);
    }

    public Scale(int features, long seed, double error) {
        this.w = new Parameter("w", TestArrays.uniform(seed, DataType.FLOAT, features));
        this.b = new Parameter("b", TestArrays.uniform(seed + 1, DataType.FLOAT, features));
        this.error = error;
    }

    @Override
    public INDArray forward(INDArray input) {
        return input.mul(w.value().reshape(1, w.value().length())).addi(b.value().reshape(1, b.value().length()));
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.mul(w.value().reshape(1, w.value().length())).muli(error);
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        w.grad().addi(delta.mul(input).sum(0).muli(error));
        b.grad().addi(delta.sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }
}
