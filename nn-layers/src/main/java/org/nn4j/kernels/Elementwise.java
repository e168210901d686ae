package org.nn4j.kernels;

import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_tanh;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.kernels.onednn.OneDnnEltwise;

/**
 * Element-wise functions {@code y = f(x; α)} and their derivatives {@code dL/dx = delta ⊙ f'(x; α)}.
 * Each constant is one kernel entry: its ND4J reference (every dtype and backend) and, where oneDNN
 * has the function, oneDNN's algorithm, which float32 arrays that lie dense in memory take on the
 * CPU. Every implementation is held to the ND4J reference by the module spec table (float32 agrees
 * with float64). Arrays passed in are not modified; results are new arrays, empty for an empty input (as in
 * PyTorch). Results that would not fit in the native-memory limits throw {@link OutOfMemoryError} before
 * anything is allocated ({@link NativeMemory}).
 *
 * <p>Measured on 2 cores against ND4J's ops, forward / backward, ms:
 * <pre>
 *                       12,800 elements            100,352              401,408
 * Sigmoid  ND4J         0.039 / 0.065          0.22 / 0.35          0.86 / 1.36
 *          oneDNN       0.019 / 0.020          0.03 / 0.05          0.10 / 0.12
 * TanH     ND4J         0.032 / 0.037          0.04 / 0.05          0.09 / 0.17
 *          oneDNN       0.020 / 0.022          0.03 / 0.05          0.10 / 0.13
 * ReLU     ND4J         0.022 / 0.060          0.02 / 0.04          0.05 / 0.09
 *          oneDNN       0.019 / 0.020          0.02 / 0.03          0.07 / 0.08
 * </pre>
 * so ReLU's forward pass stays on ND4J. Large arrays run on every kernel thread ({@link Threads}).
 */
public enum Elementwise {

    /** {@code max(0, x)}; the derivative at 0 is 0, as in PyTorch. */
    RELU(dnnl_eltwise_relu, false) {
        @Override
        INDArray reference(INDArray x, double alpha) {
            return Transforms.relu(x, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha) {
            // the step function, then one multiplication: faster than ND4J's relu_bp (measured)
            INDArray gradInput = x.ulike();
            Nd4j.exec(new Step(x, gradInput)); // 1 where x > 0, else 0
            return gradInput.muli(delta);
        }
    },

    /** {@code x} for {@code x > 0}, else {@code α·x}; the derivative at 0 is α, as in PyTorch (ND4J's lrelu_bp gives 1). */
    LEAKY_RELU(dnnl_eltwise_relu, true) {
        @Override
        INDArray reference(INDArray x, double alpha) {
            return Transforms.leakyRelu(x, alpha, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha) {
            INDArray slope = x.ulike();
            Nd4j.exec(new Step(x, slope)); // 1 where x > 0, else 0
            return slope.muli(1 - alpha).addi(alpha).muli(delta);
        }

        /** oneDNN's relu with α = 0 takes max(x, 0), which turns NaN into 0; the reference keeps NaN, as PyTorch. */
        @Override
        boolean forwardOnOneDnn(double alpha) {
            return alpha != 0;
        }
    },

    /** {@code 1 / (1 + exp(−x))}. */
    SIGMOID(dnnl_eltwise_logistic, true) {
        @Override
        INDArray reference(INDArray x, double alpha) {
            return Transforms.sigmoid(x, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha) {
            INDArray gradInput = x.ulike();
            Nd4j.exec(new SigmoidDerivative(x, delta, gradInput));
            return gradInput;
        }
    },

    /** {@code tanh(x)}. */
    TANH(dnnl_eltwise_tanh, true) {
        @Override
        INDArray reference(INDArray x, double alpha) {
            // the custom op (vectorised in the -onednn builds): much faster than Transforms.tanh, measured
            INDArray y = x.ulike();
            Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(x).addOutputs(y).build());
            return y;
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha) {
            INDArray gradInput = x.ulike();
            Nd4j.exec(new TanhDerivative(x, delta, gradInput));
            return gradInput;
        }
    };

    private final int oneDnnAlgorithm;
    private final boolean oneDnnForward;
    private final String kernelName;

    Elementwise(int oneDnnAlgorithm, boolean oneDnnForward) {
        this.oneDnnAlgorithm = oneDnnAlgorithm;
        this.oneDnnForward = oneDnnForward;
        this.kernelName = "Elementwise." + name();
    }

    /** Whether the forward pass with this α may take oneDNN (when the constant's forward pass takes it at all). */
    boolean forwardOnOneDnn(double alpha) {
        return true;
    }

    /** The ND4J implementation of {@code f(x; α)}: the reference. */
    abstract INDArray reference(INDArray x, double alpha);

    /** The ND4J implementation of {@code delta ⊙ f'(x; α)}: the reference. */
    abstract INDArray referenceBackward(INDArray x, INDArray delta, double alpha);

    /**
     * {@code f(x)} for a function without a parameter.
     *
     * @param x any shape; not modified
     * @return {@code f(x)}, a new array shaped like {@code x}
     */
    public INDArray forward(INDArray x) {
        return forward(x, 0);
    }

    /**
     * @param x     any shape; not modified
     * @param alpha the function's parameter (LeakyReLU's negative slope); ignored by the others
     * @return {@code f(x; α)}, a new array shaped like {@code x}
     */
    public INDArray forward(INDArray x, double alpha) {
        NativeMemory.require(kernelName, "output", x.dataType(), x.shape());
        if (x.isEmpty()) {
            return Nd4j.create(x.dataType(), x.shape());
        }
        boolean wide = Threads.elementWise(x.length());
        try {
            return oneDnnForward && forwardOnOneDnn(alpha) && OneDnnEltwise.canRun(x) ? OneDnnEltwise.forward(oneDnnAlgorithm, alpha, x)
                    : reference(x, alpha);
        } finally {
            if (wide) {
                Threads.done();
            }
        }
    }

    /**
     * {@code delta ⊙ f'(x)} for a function without a parameter.
     *
     * @param x     the function's input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @return dL/dx, a new array shaped like {@code x}
     */
    public INDArray backward(INDArray x, INDArray delta) {
        return backward(x, delta, 0);
    }

    /**
     * @param x     the function's input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @param alpha the function's parameter (LeakyReLU's negative slope); ignored by the others
     * @return dL/dx, a new array shaped like {@code x}
     */
    public INDArray backward(INDArray x, INDArray delta, double alpha) {
        if (!Arrays.equals(x.shape(), delta.shape()) || x.dataType() != delta.dataType()) {
            throw new IllegalArgumentException(this + ": delta must be shaped and typed like x: x " + x.dataType() + " "
                    + Arrays.toString(x.shape()) + ", delta " + delta.dataType() + " " + Arrays.toString(delta.shape()));
        }
        NativeMemory.require(kernelName, "dL/dx", x.dataType(), x.shape());
        if (x.isEmpty()) {
            return Nd4j.create(x.dataType(), x.shape());
        }
        boolean wide = Threads.elementWise(x.length());
        try {
            return OneDnnEltwise.canRun(x, delta) ? OneDnnEltwise.backward(oneDnnAlgorithm, alpha, x, delta)
                    : referenceBackward(x, delta, alpha);
        } finally {
            if (wide) {
                Threads.done();
            }
        }
    }
}
