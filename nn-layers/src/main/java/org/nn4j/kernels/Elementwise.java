package org.nn4j.kernels;

import static org.bytedeco.dnnl.global.dnnl.dnnl_alg_kind_undef;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_elu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_gelu_erf;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_gelu_tanh;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_hardswish;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_swish;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_tanh;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.kernels.onednn.OneDnnEltwise;

/**
 * Element-wise functions {@code y = f(x; α, β)} and their derivatives {@code dL/dx = delta ⊙ f'(x; α, β)}, with
 * PyTorch 1.13's definitions, also at the kinks and for NaN. Each constant is one kernel entry: its ND4J reference
 * (every dtype and backend) and, where oneDNN has the function with the same definition, oneDNN's algorithm, which
 * float32 arrays that lie dense in memory take on the CPU (forward pass, derivative or both, as each constant says).
 * Every implementation is held to the ND4J reference by the module spec table (float32 agrees
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
        INDArray reference(INDArray x, double alpha, double beta) {
            return Transforms.relu(x, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            // the step function, then one multiplication: faster than ND4J's relu_bp (measured)
            INDArray gradInput = x.ulike();
            Nd4j.exec(new Step(x, gradInput)); // 1 where x > 0, else 0
            return gradInput.muli(delta);
        }
    },

    /** {@code x} for {@code x > 0}, else {@code α·x}; the derivative at 0 is α, as in PyTorch (ND4J's lrelu_bp gives 1). */
    LEAKY_RELU(dnnl_eltwise_relu, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return Transforms.leakyRelu(x, alpha, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray slope = x.ulike();
            Nd4j.exec(new Step(x, slope)); // 1 where x > 0, else 0
            return slope.muli(1 - alpha).addi(alpha).muli(delta);
        }

        /** oneDNN's relu with α = 0 takes max(x, 0), which turns NaN into 0; the reference keeps NaN, as PyTorch. */
        @Override
        boolean forwardOnOneDnn(double alpha, double beta) {
            return alpha != 0;
        }
    },

    /** {@code 1 / (1 + exp(−x))}. */
    SIGMOID(dnnl_eltwise_logistic, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return Transforms.sigmoid(x, true);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray gradInput = x.ulike();
            Nd4j.exec(new SigmoidDerivative(x, delta, gradInput));
            return gradInput;
        }
    },

    /** {@code tanh(x)}. */
    TANH(dnnl_eltwise_tanh, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            // the custom op (vectorised in the -onednn builds): much faster than Transforms.tanh, measured
            INDArray y = x.ulike();
            Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(x).addOutputs(y).build());
            return y;
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray gradInput = x.ulike();
            Nd4j.exec(new TanhDerivative(x, delta, gradInput));
            return gradInput;
        }
    },

    /**
     * {@code x} for {@code x > 0}, else {@code α·(exp(x) − 1)} (PyTorch's ELU); the derivative at 0 is α, as in PyTorch
     * (its left-hand one), and oneDNN's elu agrees.
     */
    ELU(dnnl_eltwise_elu, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return elu(x, alpha);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            return eluSlope(x, alpha).muli(delta);
        }
    },

    /**
     * {@code scale·ELU(x; α)} with PyTorch's constants {@link #SELU_ALPHA} and {@link #SELU_SCALE}; the derivative at 0
     * is {@code scale·α}, as in PyTorch. oneDNN 2.5 has no SELU: the reference for every dtype.
     */
    SELU() {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return elu(x, SELU_ALPHA).muli(SELU_SCALE);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            return eluSlope(x, SELU_ALPHA).muli(SELU_SCALE).muli(delta);
        }
    },

    /** {@code x·Φ(x) = x/2·(1 + erf(x/√2))}, the exact GELU; the derivative is {@code Φ(x) + x·φ(x)}. */
    GELU_ERF(dnnl_eltwise_gelu_erf, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return normalCdf(x).muli(x);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            // φ(x) = exp(−x²/2)/√(2π)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(1 / Math.sqrt(2 * Math.PI));
            return pdf.muli(x).addi(normalCdf(x)).muli(delta);
        }
    },

    /** {@code x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, GELU's tanh approximation (PyTorch's {@code approximate="tanh"}). */
    GELU_TANH(dnnl_eltwise_gelu_tanh, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return geluTanhInner(x).addi(1).muli(x).muli(0.5);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            // in the forward pass y = x/2·(1 + t), t = tanh(k·(x + κx³)); so dy/dx = (1 + t)/2 + x/2·(1 − t²)·k·(1 + 3κx²)
            INDArray t = geluTanhInner(x);
            INDArray inner = x.mul(x).muli(3 * GELU_KAPPA).addi(1).muli(GELU_K);
            INDArray right = t.mul(t).rsubi(1).muli(inner).muli(x).muli(0.5);
            return t.addi(1).muli(0.5).addi(right).muli(delta);
        }
    },

    /** {@code x·σ(x)} (PyTorch's SiLU, oneDNN's swish with α = 1); the derivative is {@code σ(x)·(1 + x·(1 − σ(x)))}. */
    SILU(dnnl_eltwise_swish, true) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return Transforms.sigmoid(x, true).muli(x);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray s = Transforms.sigmoid(x, true);
            return s.rsub(1).muli(x).addi(1).muli(s).muli(delta);
        }

        @Override
        double oneDnnAlpha(double alpha) {
            return 1;
        }
    },

    /**
     * {@code log(1 + exp(β·x))/β}, or {@code x} where {@code β·x > threshold} (α is β, β the threshold, PyTorch's Softplus);
     * the derivative is {@code σ(β·x)}, or 1 above the threshold; at the threshold itself it is {@code σ(threshold)}, as
     * in PyTorch. oneDNN 2.5's soft_relu has neither β nor the threshold: the reference for every dtype.
     */
    SOFTPLUS() {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            INDArray soft = Transforms.log1p(Transforms.exp(x.mul(alpha), false), false).divi(alpha);
            return select(x.mul(alpha).gt(beta), x, soft);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray bx = x.mul(alpha);
            INDArray slope = Transforms.sigmoid(bx, true);
            return select(bx.gt(beta), delta, slope.muli(delta));
        }
    },

    /**
     * {@code min(max(x, α), β)} (α the lower bound, β the upper one, PyTorch's Hardtanh; NaN stays NaN); the
     * derivative is 1 strictly inside (α, β), else 0, so 0 at both bounds, as in PyTorch. oneDNN's clip turns NaN into
     * a bound and passes the gradient at the upper bound: the reference for every dtype.
     */
    HARDTANH() {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return clip(x, alpha, beta);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            return above(x, alpha).muli(below(x, beta)).muli(delta);
        }
    },

    /**
     * {@code x·min(max(x + 3, 0), 6)/6} (PyTorch's Hardswish). The derivative is 0 below −3, {@code x/3 + 1/2} from −3
     * (included: −1/2 there) to 3 (excluded), and 1 from 3 on, as PyTorch 1.13's; oneDNN's derivative is 0 at −3, so
     * only the forward pass takes oneDNN.
     */
    HARDSWISH(dnnl_eltwise_hardswish, true, false) {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            return clip(x.add(3), 0, 6).muli(x).divi(6);
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            INDArray fromMinus3 = below(x, -3).rsubi(1);
            INDArray from3 = below(x, 3).rsubi(1);
            INDArray middle = clip(x, -3, 3).divi(3).addi(0.5);
            return middle.muli(fromMinus3).muli(from3.rsub(1)).addi(from3).muli(delta);
        }
    },

    /**
     * {@code log σ(x) = min(x, 0) − log(1 + exp(−|x|))} (PyTorch's LogSigmoid); the derivative is {@code σ(−x)}, ½ at 0.
     * oneDNN 2.5's logsigmoid is off for large x (about +2·10⁻⁶ at x = 20, where log σ(x) ≈ −2·10⁻⁹: a positive
     * log-probability): the reference for every dtype.
     */
    LOG_SIGMOID() {
        @Override
        INDArray reference(INDArray x, double alpha, double beta) {
            INDArray z = Transforms.exp(Transforms.abs(x, true).negi(), false);
            return negativePart(x).subi(Transforms.log1p(z, false));
        }

        @Override
        INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta) {
            // as PyTorch: with z = exp(−|x|), the slope is 1 − z/(1 + z) for x < 0, else z/(1 + z)
            INDArray z = Transforms.exp(Transforms.abs(x, true).negi(), false);
            INDArray s = z.div(z.add(1));
            INDArray negative = below(x, 0);
            return s.mul(-2).addi(1).muli(negative).addi(s).muli(delta);
        }
    };

    /** SELU's α, PyTorch's constant. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale, PyTorch's constant. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double GELU_K = Math.sqrt(2 / Math.PI);
    private static final double GELU_KAPPA = 0.044715;

    private final int oneDnnAlgorithm;
    private final boolean oneDnnForward;
    private final boolean oneDnnBackward;
    private final String kernelName;

    /** A function with no oneDNN path: the ND4J reference for every dtype. */
    Elementwise() {
        this(dnnl_alg_kind_undef, false, false);
    }

    /** A function whose derivative takes oneDNN's {@code oneDnnAlgorithm}, and its forward pass too if {@code oneDnnForward}. */
    Elementwise(int oneDnnAlgorithm, boolean oneDnnForward) {
        this(oneDnnAlgorithm, oneDnnForward, true);
    }

    Elementwise(int oneDnnAlgorithm, boolean oneDnnForward, boolean oneDnnBackward) {
        this.oneDnnAlgorithm = oneDnnAlgorithm;
        this.oneDnnForward = oneDnnForward;
        this.oneDnnBackward = oneDnnBackward;
        this.kernelName = "Elementwise." + name();
    }

    /** Whether the forward pass with these parameters may take oneDNN (when the constant's forward pass takes it at all). */
    boolean forwardOnOneDnn(double alpha, double beta) {
        return true;
    }

    /** The α oneDNN's algorithm takes for this function's α. */
    double oneDnnAlpha(double alpha) {
        return alpha;
    }

    /** The ND4J implementation of {@code f(x; α, β)}: the reference. */
    abstract INDArray reference(INDArray x, double alpha, double beta);

    /** The ND4J implementation of {@code delta ⊙ f'(x; α, β)}: the reference. */
    abstract INDArray referenceBackward(INDArray x, INDArray delta, double alpha, double beta);

    /**
     * {@code f(x)} for a function without a parameter.
     *
     * @param x any shape; not modified
     * @return {@code f(x)}, a new array shaped like {@code x}
     */
    public INDArray forward(INDArray x) {
        return forward(x, 0, 0);
    }

    /**
     * {@code f(x; α)} for a function with one parameter.
     *
     * @param x     any shape; not modified
     * @param alpha the function's parameter (LeakyReLU's negative slope, ELU's α); ignored by the others
     * @return {@code f(x; α)}, a new array shaped like {@code x}
     */
    public INDArray forward(INDArray x, double alpha) {
        return forward(x, alpha, 0);
    }

    /**
     * @param x     any shape; not modified
     * @param alpha the function's first parameter (LeakyReLU's negative slope, Softplus's β, Hardtanh's lower bound)
     * @param beta  its second parameter (Softplus's threshold, Hardtanh's upper bound); ignored by the others
     * @return {@code f(x; α, β)}, a new array shaped like {@code x}
     */
    public INDArray forward(INDArray x, double alpha, double beta) {
        NativeMemory.require(kernelName, "output", x.dataType(), x.shape());
        if (x.isEmpty()) {
            return Nd4j.create(x.dataType(), x.shape());
        }
        boolean wide = Threads.elementWise(x.length());
        try {
            return oneDnnForward && forwardOnOneDnn(alpha, beta) && OneDnnEltwise.canRun(x)
                    ? OneDnnEltwise.forward(oneDnnAlgorithm, oneDnnAlpha(alpha), x)
                    : reference(x, alpha, beta);
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
        return backward(x, delta, 0, 0);
    }

    /**
     * {@code delta ⊙ f'(x; α)} for a function with one parameter.
     *
     * @param x     the function's input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @param alpha the function's parameter (LeakyReLU's negative slope, ELU's α); ignored by the others
     * @return dL/dx, a new array shaped like {@code x}
     */
    public INDArray backward(INDArray x, INDArray delta, double alpha) {
        return backward(x, delta, alpha, 0);
    }

    /**
     * @param x     the function's input; not modified
     * @param delta dL/dy, shaped like {@code x}; not modified
     * @param alpha the function's first parameter, as for {@link #forward(INDArray, double, double)}
     * @param beta  its second parameter; ignored by functions with one or none
     * @return dL/dx, a new array shaped like {@code x}
     */
    public INDArray backward(INDArray x, INDArray delta, double alpha, double beta) {
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
            return oneDnnBackward && OneDnnEltwise.canRun(x, delta)
                    ? OneDnnEltwise.backward(oneDnnAlgorithm, oneDnnAlpha(alpha), x, delta)
                    : referenceBackward(x, delta, alpha, beta);
        } finally {
            if (wide) {
                Threads.done();
            }
        }
    }

    /** {@code min(x, 0)}, keeping NaN: {@code −relu(−x)}. */
    private static INDArray negativePart(INDArray x) {
        return Transforms.relu(x.neg(), false).negi();
    }

    /** {@code relu(x) + α·(exp(min(x, 0)) − 1)}: x where x &gt; 0, else α·(exp(x) − 1); NaN stays NaN, +Inf stays +Inf. */
    private static INDArray elu(INDArray x, double alpha) {
        return Transforms.expm1(negativePart(x), false).muli(alpha).addi(Transforms.relu(x, true));
    }

    /** ELU's slope: 1 where x &gt; 0, else α·exp(x) (α at 0, as PyTorch): {@code e + [x > 0]·(1 − e)}, e = α·exp(min(x, 0)). */
    private static INDArray eluSlope(INDArray x, double alpha) {
        INDArray e = Transforms.exp(negativePart(x), false).muli(alpha);
        return e.rsub(1).muli(above(x, 0)).addi(e);
    }

    /** Φ(x) = (1 + erf(x/√2))/2. */
    private static INDArray normalCdf(INDArray x) {
        INDArray cdf = x.mul(1 / Math.sqrt(2));
        Nd4j.exec(new Erf(cdf, cdf));
        return cdf.addi(1).muli(0.5);
    }

    /** tanh(√(2/π)·(x + 0.044715·x³)). */
    private static INDArray geluTanhInner(INDArray x) {
        INDArray inner = x.mul(x).muli(x).muli(GELU_KAPPA).addi(x).muli(GELU_K);
        Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(inner).addOutputs(inner).build());
        return inner;
    }

    /** 1 where {@code x > t}, else 0 (also for NaN), in x's dtype. */
    private static INDArray above(INDArray x, double t) {
        INDArray mask = x.ulike();
        Nd4j.exec(new Step(x, mask, t));
        return mask;
    }

    /** 1 where {@code x < t}, else 0 (also for NaN), in x's dtype. */
    private static INDArray below(INDArray x, double t) {
        return above(x.neg(), -t);
    }

    /** {@code min(max(x, low), high)} with NaN kept: the bounds are taken only where x lies beyond them. */
    private static INDArray clip(INDArray x, double low, double high) {
        INDArray bounded = Transforms.min(Transforms.max(x, low, true), high, false);
        return select(Transforms.or(x.gt(high), x.lt(low)), bounded, x);
    }

    /** {@code condition ? a : b}, element-wise, a new array. */
    private static INDArray select(INDArray condition, INDArray a, INDArray b) {
        INDArray out = Nd4j.create(a.dataType(), a.shape());
        Nd4j.exec(new Select(new INDArray[] {condition, a, b}, new INDArray[] {out}));
        return out;
    }
}
