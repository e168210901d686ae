package org.nn4j.layers;

import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;

/** {@code output = 1 / (1 + exp(−input))}, element-wise, any shape; float32 on oneDNN ({@link OneDnnEltwise}: 2–8× faster). */
public class Sigmoid extends Module {

    @Override
    public INDArray forward(INDArray input) {
        if (OneDnnEltwise.canRun(input)) {
            return OneDnnEltwise.forward(dnnl_eltwise_logistic, input);
        }
        return Transforms.sigmoid(input, true);
    }

    /** dL/dinput = delta ⊙ σ(input) ⊙ (1 − σ(input)), one native op (oneDNN's, or ND4J's sigmoid_bp). */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Elementwise.requireSameShape("Sigmoid", input, delta);
        if (OneDnnEltwise.canRun(input, delta)) {
            return OneDnnEltwise.backward(dnnl_eltwise_logistic, input, delta);
        }
        INDArray gradInput = input.ulike();
        Nd4j.exec(new SigmoidDerivative(input, delta, gradInput));
        return gradInput;
    }
}
