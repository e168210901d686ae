package org.nn4j.kernels.onednn;

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
 * and in one pass over memory ({@link org.nn4j.kernels.Elementwise} says which functions and what
 * they measured). They run on the calling thread's OpenMP threads as {@link org.nn4j.kernels.Threads}
 * set them: one, or every core for large arrays.
 */
public final class OneDnnEltwise {

    private OneDnnEltwise() {
    }

    /**
     * Whether {@code arrays} can go to oneDNN: float32, each dense (c or f order) in its buffer.
     *
     * @param arrays the operands; not modified
     * @return true when {@link #forward} and {@link #backward} may run on them
     */
    public static boolean canRun(INDArray... arrays) {
        return OneDnn.canRun(arrays) && Arrays.stream(arrays).allMatch(OneDnn::isDense);
    }

    /**
     * {@code f(input; alpha)} for oneDNN's algorithm {@code algorithm} ({@code dnnl_eltwise_relu}, ...).
     *
     * @param algorithm a {@code dnnl_eltwise_*} constant
     * @param alpha     the algorithm's parameter (e.g. a leaky ReLU's slope)
     * @param input     not modified
     * @return a new array shaped like {@code input}
     */
    public static INDArray forward(int algorithm, double alpha, INDArray input) {
        INDArray output = OneDnn.newArray(input.shape());
        OneDnnPrimitive.runSourceToDestination("eltwise " + algorithm + " " + alpha, () -> forwardDesc(algorithm, alpha, input),
                false, input, output);
        return output;
    }

    /**
     * {@code delta ⊙ f'(input; alpha)}.
     *
     * @param algorithm a {@code dnnl_eltwise_*} constant
     * @param alpha     the algorithm's parameter
     * @param input     the forward input; not modified
     * @param delta     dL/doutput, shaped like {@code input}; not modified
     * @return dL/dinput, a new array shaped like {@code input}
     */
    public static INDArray backward(int algorithm, double alpha, INDArray input, INDArray delta) {
        INDArray gradInput = OneDnn.newArray(input.shape());
        OneDnnPrimitive.cached(OneDnnPrimitive.key("eltwise backward " + algorithm + " " + alpha, input, delta, gradInput), () -> {
            dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
            OneDnn.check(dnnl_eltwise_backward_desc_init(d, algorithm, OneDnn.describe(delta), OneDnn.describe(input), (float) alpha, 0),
                    "describing an element-wise function's derivative");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(algorithm, alpha, input));
            return new OneDnnPrimitive(pd, false,
                    new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(input, delta, gradInput);
        return gradInput;
    }

    private static dnnl_primitive_desc forwardDesc(int algorithm, double alpha, INDArray input) {
        dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
        OneDnn.check(dnnl_eltwise_forward_desc_init(d, dnnl_forward_training, algorithm, OneDnn.describe(input), (float) alpha, 0),
                "describing an element-wise function");
        return OneDnn.primitiveDesc(d, null);
    }
}
