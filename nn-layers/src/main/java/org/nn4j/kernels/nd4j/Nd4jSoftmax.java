package org.nn4j.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LogSoftMaxDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax and log-softmax over axis 1 of {@code [N, C, …]} by ND4J: the reference. A dense c-ordered
 * {@code [N, C]} takes ND4J's fused ops (softmax, softmax_bp, log_softmax_bp); every other rank and
 * layout takes the same maths as broadcasting ops over axis 1, because ND4J's softmax op, on its oneDNN
 * path, reads a float32 {@code [N, C, H, W]} buffer as if it were NHWC (wrong values, measured).
 * Arguments are not modified; results are new arrays.
 */
public final class Nd4jSoftmax {

    private Nd4jSoftmax() {
    }

    /**
     * {@code exp(x − max) / Σ_j exp(x_j − max)} over axis 1.
     *
     * @param x {@code [N, C, ...]}; not modified
     * @return a new array shaped like {@code x}
     */
    public static INDArray softmax(INDArray x) {
        if (x.size(1) == 1) {
            // one class: exp(x − x) is 1, or NaN for a NaN or infinite x as in PyTorch; ND4J's fused op gives 1 for
            // any x, which hid a NaN key from a single-key attention
            return Transforms.exp(x.sub(x), false);
        }
        if (fusedOpsApply(x)) {
            INDArray y = x.ulike();
            Nd4j.exec(new SoftMax(x, y, 1));
            return y;
        }
        INDArray e = Transforms.exp(x.sub(x.max(true, 1)), false);
        return e.divi(e.sum(true, 1));
    }

    /**
     * {@code y ⊙ (delta − Σ_j delta_j y_j)} with {@code y = softmax(x)}.
     *
     * @param x     the forward input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @return dL/dx, a new array shaped like {@code x}
     */
    public static INDArray softmaxBackward(INDArray x, INDArray delta) {
        if (x.size(1) > 1 && fusedOpsApply(x) && fusedOpsApply(delta)) {
            INDArray gradInput = x.ulike();
            Nd4j.exec(new SoftmaxBp(x, delta, gradInput, 1)); // recomputes y from x
            return gradInput;
        }
        INDArray y = softmax(x);
        return delta.sub(delta.mul(y).sum(true, 1)).muli(y);
    }

    /**
     * {@code x − max − log Σ exp(x − max)} over axis 1: finite for any finite input (±1000 give −2000,
     * not −∞, which ND4J's native log_softmax returns because it takes the log of the softmax).
     *
     * @param x {@code [N, C, ...]}; not modified
     * @return a new array shaped like {@code x}
     */
    public static INDArray logSoftmax(INDArray x) {
        INDArray shifted = x.sub(x.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subi(logSumExp);
    }

    /**
     * {@code delta − softmax(x) ⊙ Σ_j delta_j}.
     *
     * @param x     the forward input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @return dL/dx, a new array shaped like {@code x}
     */
    public static INDArray logSoftmaxBackward(INDArray x, INDArray delta) {
        if (fusedOpsApply(x) && fusedOpsApply(delta)) {
            INDArray gradInput = x.ulike();
            LogSoftMaxDerivative op = new LogSoftMaxDerivative(x, delta, gradInput);
            op.addIArgument(1);
            Nd4j.exec(op);
            return gradInput;
        }
        return delta.sub(softmax(x).muli(delta.sum(true, 1)));
    }

    /** ND4J's fused ops are right for a dense, c-ordered rank-2 array. */
    private static boolean fusedOpsApply(INDArray a) {
        return a.rank() == 2 && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && !a.isView();
    }
}
