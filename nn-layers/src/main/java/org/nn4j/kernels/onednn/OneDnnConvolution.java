package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_abcd;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.ConvGeometry;

/**
 * 2-D convolution, NCHW, in float32, by oneDNN's own forward, backward-data and backward-weights
 * primitives (see {@link OneDnn} for why not through ND4J). Weights are {@code [out, in, kH, kW]},
 * as everywhere in nn4j. Each method overwrites its outputs; every array may be a view with any
 * strides (oneDNN reads and writes those layouts itself).
 *
 * <p>Layouts are left to oneDNN except the input of a convolution with at most
 * {@value #FEW_CHANNELS} channels, which stays as it is: oneDNN has kernels for such a
 * first layer that read NCHW directly, where blocking a single channel to 16 would write 16×
 * the data (PyTorch's oneDNN calls do the same): such a first layer runs several times faster
 * than through ND4J's layout conversions.
 */
final class OneDnnConvolution {

    static final int FEW_CHANNELS = 4;

    private OneDnnConvolution() {
    }

    /** {@code output = bias + weight ⋆ input}. */
    static void forward(INDArray input, INDArray weight, INDArray bias, INDArray output, ConvGeometry geometry) {
        long[][] w = window(geometry);
        String operation = "convolution forward" + Arrays.deepToString(w);
        OneDnnPrimitive.cached(OneDnnPrimitive.key(operation, input, weight, bias, output), () -> {
            dnnl_primitive_desc pd = forwardDesc(input, weight, bias, output, w);
            List<OneDnnPrimitive.Spec> specs = new ArrayList<>(List.of(
                    new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, 0, OneDnn.describe(weight), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true)));
            if (bias != null) {
                specs.add(new OneDnnPrimitive.Spec(DNNL_ARG_BIAS, dnnl_query_weights_md, 1, OneDnn.describe(bias), false));
            }
            return new OneDnnPrimitive(pd, specs.toArray(OneDnnPrimitive.Spec[]::new));
        }).run(OneDnnPrimitive.withoutNull(input, weight, output, bias));
    }

    /** {@code gradInput = dL/dinput} for {@code delta = dL/doutput}. */
    static void backwardData(INDArray weight, INDArray delta, INDArray gradInput, ConvGeometry geometry) {
        long[][] w = window(geometry);
        String operation = "convolution backward data" + Arrays.deepToString(w);
        OneDnnPrimitive.cached(OneDnnPrimitive.key(operation, weight, delta, gradInput), () -> {
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            OneDnn.check(dnnl_dilated_convolution_backward_data_desc_init(d, dnnl_convolution_direct, inputLayout(gradInput),
                    any(weight), any(delta), w[0], w[3], w[1], w[2]), "describing a convolution's backward pass");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(gradInput, weight, null, delta, w));
            return new OneDnnPrimitive(pd,
                    new OneDnnPrimitive.Spec(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, 0, OneDnn.describe(weight), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(weight, delta, gradInput);
    }

    /** {@code gradWeight = dL/dweight} and, unless null, {@code gradBias = dL/dbias}. */
    static void backwardWeights(INDArray input, INDArray delta, INDArray gradWeight, INDArray gradBias, ConvGeometry geometry) {
        long[][] w = window(geometry);
        String operation = "convolution backward weights" + Arrays.deepToString(w);
        OneDnnPrimitive.cached(OneDnnPrimitive.key(operation, input, delta, gradWeight, gradBias), () -> {
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            OneDnn.check(dnnl_dilated_convolution_backward_weights_desc_init(d, dnnl_convolution_direct, inputLayout(input),
                    any(gradWeight), gradBias == null ? null : OneDnn.describe(gradBias), any(delta), w[0], w[3], w[1], w[2]),
                    "describing a convolution's backward pass");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(input, gradWeight, gradBias, delta, w));
            List<OneDnnPrimitive.Spec> specs = new ArrayList<>(List.of(
                    new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_WEIGHTS, dnnl_query_diff_weights_md, 0, OneDnn.describe(gradWeight), true)));
            if (gradBias != null) {
                specs.add(new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_BIAS, dnnl_query_diff_weights_md, 1, OneDnn.describe(gradBias), true));
            }
            return new OneDnnPrimitive(pd, specs.toArray(OneDnnPrimitive.Spec[]::new));
        }).run(OneDnnPrimitive.withoutNull(input, delta, gradWeight, gradBias));
    }

    /** {@code {{strides}, {padding before}, {padding after}, {dilation − 1}}}: oneDNN's window. */
    private static long[][] window(ConvGeometry geometry) {
        long[][] w = geometry.oneDnnWindow();
        return new long[][] {w[0], w[1], w[2], geometry.oneDnnDilation()};
    }

    /** The forward implementation for these shapes: the primitive itself, or the hint a backward pass is chosen with. */
    private static dnnl_primitive_desc forwardDesc(INDArray input, INDArray weight, INDArray bias, INDArray output, long[][] w) {
        dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
        OneDnn.check(dnnl_dilated_convolution_forward_desc_init(d, dnnl_forward_training, dnnl_convolution_direct, inputLayout(input),
                any(weight), bias == null ? null : OneDnn.describe(bias), any(output), w[0], w[3], w[1], w[2]), "describing a convolution");
        return OneDnn.primitiveDesc(d, null);
    }

    /** Few channels: dense NCHW, as a first layer's input already is; else oneDNN's choice (channels in blocks of 16). */
    private static dnnl_memory_desc_t inputLayout(INDArray input) {
        return OneDnn.layout(input.shape(), input.size(1) <= FEW_CHANNELS ? dnnl_abcd : dnnl_format_tag_any);
    }

    private static dnnl_memory_desc_t any(INDArray x) {
        return OneDnn.layout(x.shape(), dnnl_format_tag_any);
    }
}
