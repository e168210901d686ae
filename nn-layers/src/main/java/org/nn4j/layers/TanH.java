package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;

/** {@code output = tanh(input)}, element-wise, any shape. */
public class TanH extends Module {

    @Override
    public INDArray forward(INDArray input) {
        return Transforms.tanh(input, true);
    }

    /** dL/dinput = delta ⊙ (1 − tanh²(input)), one native op (tanh_bp). */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Elementwise.requireSameShape("TanH", input, delta);
        INDArray gradInput = input.ulike();
        Nd4j.exec(new TanhDerivative(input, delta, gradInput));
        return gradInput;
    }
}
