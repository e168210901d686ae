package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.kernels.nd4j.Nd4jSoftmax;

/**
 * Softmax and log-softmax over axis 1, the feature or class axis of {@code [N, C, …]}, any rank and
 * layout, any floating-point dtype: ND4J's implementation ({@link Nd4jSoftmax}), the reference.
 * Arguments are not modified; results are new arrays shaped like the input (empty for an empty input,
 * as in PyTorch: ND4J's native softmax took the JVM down on a float32 {@code [0, 5]}). Results that would not fit
 * in the native-memory limits throw {@link OutOfMemoryError} before anything is allocated ({@link NativeMemory}).
 */
public final class SoftmaxKernel {

    private SoftmaxKernel() {
    }

    /**
     * {@code y = exp(x) / Σ_j exp(x_j)} over axis 1, computed after subtracting the maximum.
     *
     * @param x {@code [N, C, ...]}; not modified
     * @return y, a new array shaped like {@code x}
     */
    public static INDArray softmax(INDArray x) {
        return x.isEmpty() ? Nd4j.create(x.dataType(), x.shape()) : Nd4jSoftmax.softmax(checked(x));
    }

    /**
     * dL/dx = y ⊙ (delta − Σ_j delta_j y_j), y = softmax(x).
     *
     * @param x     the forward input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @return dL/dx, a new array shaped like {@code x}
     */
    public static INDArray softmaxBackward(INDArray x, INDArray delta) {
        return x.isEmpty() ? Nd4j.create(x.dataType(), x.shape()) : Nd4jSoftmax.softmaxBackward(checked(x), delta);
    }

    /**
     * {@code x − log Σ_j exp(x_j)} over axis 1, finite for any finite input.
     *
     * @param x {@code [N, C, ...]}; not modified
     * @return a new array shaped like {@code x}
     */
    public static INDArray logSoftmax(INDArray x) {
        return x.isEmpty() ? Nd4j.create(x.dataType(), x.shape()) : Nd4jSoftmax.logSoftmax(checked(x));
    }

    /**
     * dL/dx = delta − softmax(x) ⊙ Σ_j delta_j.
     *
     * @param x     the forward input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @return dL/dx, a new array shaped like {@code x}
     */
    public static INDArray logSoftmaxBackward(INDArray x, INDArray delta) {
        return x.isEmpty() ? Nd4j.create(x.dataType(), x.shape()) : Nd4jSoftmax.logSoftmaxBackward(checked(x), delta);
    }

    /** {@code x} after checking that a result shaped like it fits in the native-memory limits. */
    private static INDArray checked(INDArray x) {
        NativeMemory.require("Softmax", "result", x.dataType(), x.shape());
        return x;
    }
}
