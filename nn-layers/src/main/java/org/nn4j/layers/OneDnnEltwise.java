package org.nn4j.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise function and its derivative, float32, by oneDNN's eltwise primitives, vectorised
 * and in one pass over memory. Measured on 2 cores against ND4J's ops, forward / backward, ms:
 * <pre>
 *                       12,800 elements            100,352              401,408
 * Sigmoid  ND4J         0.039 / 0.065          0.22 / 0.35          0.86 / 1.36
 *          oneDNN       0.019 / 0.020          0.03 / 0.05          0.10 / 0.12
 * TanH     ND4J         0.032 / 0.037          0.04 / 0.05          0.09 / 0.17
 *          oneDNN       0.020 / 0.022          0.03 / 0.05          0.10 / 0.13
 * ReLU     ND4J         0.022 / 0.060          0.02 / 0.04          0.05 / 0.09
 *          oneDNN       0.019 / 0.020          0.02 / 0.03          0.07 / 0.08
 * </pre>
 * ReLU's forward pass stays on ND4J (as fast or faster); its backward pass is one oneDNN pass
 * where ND4J needs two (the step function, then a multiplication). They run on the calling
 * thread's OpenMP threads: one, or every core inside a module's pass on large arrays
 * ({@link org.nn4j.core.NativeThreads#forward}).
 */
final class OneDnnEltwise {

    private OneDnnEltwise() {
    }

    /** Whether {@code arrays} can go to oneDNN: float32, each dense (c or f order) in its buffer. */
    static boolean canRun(INDArray... arrays) {
        return OneDnn.canRun(arrays) && Arrays.stream(arrays).allMatch(OneDnn::isDense);
    }

    /** {@code f(input)} for oneDNN's algorithm {@code algorithm} ({@code dnnl_eltwise_relu}, ...), a new array. */
    static INDArray forward(int algorithm, INDArray input) {
        INDArray output = input.ulike();
        OneDnnPrimitive.runSourceToDestination("eltwise " + algorithm, () -> forwardDesc(algorithm, input), false, input, output);
        return output;
    }

    /** {@code delta ⊙ f'(input)}, a new array. */
    static INDArray backward(int algorithm, INDArray input, INDArray delta) {
        INDArray gradInput = input.ulike();
        OneDnnPrimitive.cached(OneDnnPrimitive.key("eltwise backward " + algorithm, input, delta, gradInput), () -> {
            dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
            OneDnn.check(dnnl_eltwise_backward_desc_init(d, algorithm, OneDnn.describe(delta), OneDnn.describe(input), 0, 0),
                    "describing an element-wise function's derivative");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(algorithm, input));
            return new OneDnnPrimitive(pd, false,
                    new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(input, delta, gradInput);
        return gradInput;
    }

    private static dnnl_primitive_desc forwardDesc(int algorithm, INDArray input) {
        dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
        OneDnn.check(dnnl_eltwise_forward_desc_init(d, dnnl_forward_training, algorithm, OneDnn.describe(input), 0, 0),
                "describing an element-wise function");
        return OneDnn.primitiveDesc(d, null);
    }
}
