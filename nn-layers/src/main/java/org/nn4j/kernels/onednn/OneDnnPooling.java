package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.ConvGeometry;

/**
 * 2-D max pooling, NCHW float32, by oneDNN's pooling primitives on the arrays as they lie (dense
 * NCHW, which oneDNN's jit pooling reads directly), the whole batch in one call. ND4J's
 * {@code maxpool2d} runs the same oneDNN kernels but in chunks and with its per-call overhead.
 *
 * <p>oneDNN's backward pass reads where each maximum was from the forward pass's workspace; nn4j's
 * modules keep nothing between calls, so {@link #backward} runs the forward pass again to get it
 * (as ND4J's {@code maxpool2d_bp} does).
 */
public final class OneDnnPooling {

    private OneDnnPooling() {
    }

    /**
     * The maximum of every window, per channel.
     *
     * @param input    {@code [N, C, H, W]} float32; not modified
     * @param geometry a 2-D window
     * @return {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray forward(INDArray input, ConvGeometry geometry) {
        INDArray output = OneDnn.newArray(geometry.outputShape(input, input.size(1)));
        OneDnnPrimitive.runSourceToDestination("max pooling forward" + window(geometry),
                () -> forwardDesc(input, output, geometry, dnnl_forward_inference), true, input, output);
        return output;
    }

    /**
     * dL/dinput: each window's delta goes to the position of its maximum.
     *
     * @param input      {@code [N, C, H, W]}, the forward input; not modified
     * @param givenDelta dL/doutput {@code [N, C, oH, oW]}; not modified
     * @param geometry   the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray backward(INDArray input, INDArray givenDelta, ConvGeometry geometry) {
        INDArray output = OneDnn.newArray(givenDelta.shape());
        // The workspace is laid out like the forward pass's output (c-ordered), and oneDNN has no backward pass whose
        // delta is laid out otherwise (an f-ordered delta gave dnnl_unimplemented): such a delta is copied first.
        INDArray delta = dnnl_memory_desc_equal(OneDnn.describe(givenDelta), OneDnn.describe(output)) != 0 ? givenDelta
                : givenDelta.dup('c');
        String training = "max pooling training" + window(geometry);
        OneDnnPrimitive forward = OneDnnPrimitive.cached(OneDnnPrimitive.key(training, input, output), () -> {
                    dnnl_primitive_desc pd = forwardDesc(input, output, geometry, dnnl_forward_training);
                    return new OneDnnPrimitive(pd,
                            new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                            new OneDnnPrimitive.Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true),
                            new OneDnnPrimitive.Spec(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md, 0,
                                    dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0), true));
                });
        INDArray workspace = OneDnn.newArray((forward.bytes(2) + 3) / 4);
        forward.run(input, output, workspace);

        INDArray gradInput = OneDnn.newArray(input.shape());
        OneDnnPrimitive.cached(OneDnnPrimitive.key("max pooling backward" + window(geometry), delta, gradInput), () -> {
            dnnl_pooling_desc_t d = new dnnl_pooling_desc_t();
            long[][] w = geometry.oneDnnWindow();
            OneDnn.check(dnnl_pooling_backward_desc_init(d, dnnl_pooling_max, OneDnn.describe(gradInput), OneDnn.describe(delta), w[0],
                    kernel(geometry), w[1], w[2]), "describing a pooling's backward pass");
            dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, forwardDesc(input, output, geometry, dnnl_forward_training));
            return new OneDnnPrimitive(pd,
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md, 0,
                            dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(delta, workspace, gradInput);
        return gradInput;
    }

    private static dnnl_primitive_desc forwardDesc(INDArray input, INDArray output, ConvGeometry geometry, int kind) {
        dnnl_pooling_desc_t d = new dnnl_pooling_desc_t();
        long[][] w = geometry.oneDnnWindow();
        OneDnn.check(dnnl_pooling_forward_desc_init(d, kind, dnnl_pooling_max, OneDnn.describe(input), OneDnn.describe(output), w[0],
                kernel(geometry), w[1], w[2]), "describing a pooling");
        return OneDnn.primitiveDesc(d, null);
    }

    private static long[] kernel(ConvGeometry geometry) {
        return Arrays.stream(geometry.kernel2d()).asLongStream().toArray();
    }

    private static String window(ConvGeometry geometry) {
        return Arrays.toString(geometry.kernel2d()) + Arrays.deepToString(geometry.oneDnnWindow());
    }
}
