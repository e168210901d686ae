package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;

/** {@code output = 1 / (1 + exp(−input))}, element-wise, any shape. */
public class Sigmoid extends Module {

    @Override
    public INDArray forward(INDArray input) {
        return Transforms.sigmoid(input, true);
    }

    /** dL/dinput = delta ⊙ σ(input) ⊙ (1 − σ(input)), one native op (sigmoid_bp). */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Elementwise.requireSameShape("Sigmoid", input, delta);
        INDArray gradInput = input.ulike();
        Nd4j.exec(new SigmoidDerivative(input, delta, gradInput));
        return gradInput;
    }
}
