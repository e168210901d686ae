package org.nn4j.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;

import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise function and its derivative, float32, by oneDNN's eltwise primitives: one pass
 * over memory each way, where ND4J needs two (a copy then the function in place; the step function
 * then a multiplication). Worth it on large arrays only, where memory traffic is the time: ReLU on
 * model G's [128, 32, 28, 28], 2 cores — see {@link ReLU}.
 */
final class OneDnnEltwise {

    /** From this many elements (1 MB of float32) an activation goes to oneDNN; below, a oneDNN call costs more than it saves. */
    static final long FROM_ELEMENTS = 1L << 18;

    private OneDnnEltwise() {
    }

    /** Whether {@code arrays} go to oneDNN: large, float32, dense. */
    static boolean worthIt(INDArray... arrays) {
        return arrays[0].length() >= FROM_ELEMENTS && OneDnn.canRun(arrays) && allDense(arrays);
    }

    /** {@code f(input)} for oneDNN's algorithm {@code algorithm} ({@code dnnl_eltwise_relu}, ...), a new array. */
    static INDArray forward(int algorithm, INDArray input) {
        INDArray output = input.ulike();
        OneDnnPrimitive.cached(OneDnnPrimitive.key("eltwise " + algorithm, input, output),
                () -> new OneDnnPrimitive(forwardDesc(algorithm, input),
                        new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                        new OneDnnPrimitive.Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true)))
                .run(input, output);
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
            return new OneDnnPrimitive(pd,
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

    private static boolean allDense(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a)) {
                return false;
            }
        }
        return true;
    }
}
