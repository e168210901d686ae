package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scaleshift;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation in training mode on oneDNN's primitives: the forward pass computes each channel's mean and
 * (biased) variance over the batch and spatial axes and normalises, scales and shifts in two passes over the input;
 * the backward pass gives dL/dinput and the scale and shift gradients in two more. The scale and shift travel as
 * one {@code [2, C]} array (oneDNN's {@code use_scaleshift}): row 0 the weight, row 1 the bias.
 */
public final class OneDnnBatchNorm {

    private OneDnnBatchNorm() {
    }

    /**
     * @param input      {@code [N, C, H, W]}, float32, dense c-order
     * @param scaleShift {@code [2, C]}: weight, then bias
     * @param eps        added to the variance
     * @return {output {@code [N, C, H, W]}, mean {@code [C]}, biased variance {@code [C]}}
     */
    public static INDArray[] forward(INDArray input, INDArray scaleShift, double eps) {
        long c = input.size(1);
        INDArray output = OneDnn.newArray(input.shape());
        INDArray mean = OneDnn.newArray(c);
        INDArray var = OneDnn.newArray(c);
        OneDnnPrimitive.cached(OneDnnPrimitive.key("batch norm training " + eps, input, output), () -> new OneDnnPrimitive(
                forwardDesc(input, eps),
                new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                new OneDnnPrimitive.Spec(DNNL_ARG_SCALE_SHIFT, dnnl_query_weights_md, 0, OneDnn.describe(scaleShift), false),
                new OneDnnPrimitive.Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true),
                new OneDnnPrimitive.Spec(DNNL_ARG_MEAN, dnnl_query_dst_md, 1, OneDnn.describe(mean), true),
                new OneDnnPrimitive.Spec(DNNL_ARG_VARIANCE, dnnl_query_dst_md, 2, OneDnn.describe(var), true)))
                .run(input, scaleShift, output, mean, var);
        return new INDArray[] {output, mean, var};
    }

    /**
     * @param input      {@code [N, C, H, W]}, float32, dense c-order: the forward pass's input
     * @param mean       {@code [C]}: the forward pass's batch mean
     * @param var        {@code [C]}: the forward pass's biased batch variance
     * @param delta      {@code [N, C, H, W]}, laid out as {@code input}
     * @param scaleShift {@code [2, C]}: weight, then bias
     * @param eps        added to the variance
     * @return {dL/dinput {@code [N, C, H, W]}, {@code [2, C]}: dL/dweight, then dL/dbias}
     */
    public static INDArray[] backward(INDArray input, INDArray mean, INDArray var, INDArray delta, INDArray scaleShift,
                                      double eps) {
        INDArray gradInput = OneDnn.newArray(input.shape());
        INDArray gradScaleShift = OneDnn.newArray(scaleShift.shape());
        OneDnnPrimitive.cached(OneDnnPrimitive.key("batch norm backward " + eps, input, delta, gradInput), () -> {
            dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
            OneDnn.check(dnnl_batch_normalization_backward_desc_init(d, dnnl_backward, OneDnn.describe(delta),
                    OneDnn.describe(input), (float) eps, dnnl_use_scaleshift), "describing a batch normalisation's backward pass");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(input, eps));
            return new OneDnnPrimitive(pd,
                    new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_MEAN, dnnl_query_src_md, 1, OneDnn.describe(mean), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_VARIANCE, dnnl_query_src_md, 2, OneDnn.describe(var), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_SCALE_SHIFT, dnnl_query_weights_md, 0, OneDnn.describe(scaleShift), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SCALE_SHIFT, dnnl_query_diff_weights_md, 0,
                            OneDnn.describe(gradScaleShift), true));
        }).run(input, mean, var, delta, scaleShift, gradInput, gradScaleShift);
        return new INDArray[] {gradInput, gradScaleShift};
    }

    private static dnnl_primitive_desc forwardDesc(INDArray input, double eps) {
        dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
        OneDnn.check(dnnl_batch_normalization_forward_desc_init(d, dnnl_forward_training, OneDnn.describe(input), (float) eps,
                dnnl_use_scaleshift), "describing a batch normalisation");
        return OneDnn.primitiveDesc(d, null);
    }
}
