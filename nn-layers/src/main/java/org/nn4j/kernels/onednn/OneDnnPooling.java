package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_avg_exclude_padding;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_avg_include_padding;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_v2_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_v2_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_pooling_v2_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.PoolWindow;

/**
 * 2-D max and average pooling, NCHW float32, by oneDNN's pooling primitives on the arrays as they lie (dense
 * NCHW, which oneDNN's jit pooling reads directly), the whole batch in one call. ND4J's
 * {@code maxpool2d} runs the same oneDNN kernels but in chunks and with its per-call overhead.
 *
 * <p>Padding, dilation and ceil mode: oneDNN's padding may differ between the two sides, so ceil mode is extra
 * padding after the input ({@link PoolWindow#paddingAfter}). oneDNN's maximum skips the padding, as PyTorch's; its
 * average excluding the padding divides by the input elements of each window, as PyTorch's; its average including
 * the padding divides by the kernel's size, which PyTorch's does too except for a ceil-mode window that reaches past
 * the padding ({@link PoolWindow#reachesPastThePadding}): {@link org.nn4j.kernels.Pooling} does not send that case here.
 *
 * <p>oneDNN's backward pass of the maximum reads where each maximum was from the forward pass's workspace; nn4j's
 * modules keep nothing between calls, so {@link #maxBackward} runs the forward pass again to get it
 * (as ND4J's {@code maxpool2d_bp} does).
 */
public final class OneDnnPooling {

    private OneDnnPooling() {
    }

    /**
     * The maximum of every window, per channel.
     *
     * @param input  {@code [N, C, H, W]} float32; not modified
     * @param window a 2-D window
     * @return {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray maxForward(INDArray input, PoolWindow window) {
        return forward(input, window, dnnl_pooling_max);
    }

    /**
     * The average of every window, per channel.
     *
     * @param input           {@code [N, C, H, W]} float32; not modified
     * @param window          a 2-D window, undilated; with {@code countIncludePad}, no window reaching past the padding
     * @param countIncludePad whether the padding counts in the divisor
     * @return {@code [N, C, oH, oW]}, a new array
     */
    public static INDArray avgForward(INDArray input, PoolWindow window, boolean countIncludePad) {
        return forward(input, window, average(countIncludePad));
    }

    private static INDArray forward(INDArray input, PoolWindow window, int algorithm) {
        INDArray output = OneDnn.newArray(window.outputShape(input));
        OneDnnPrimitive.runSourceToDestination(name(algorithm) + " forward" + describe(window, input), () ->
                forwardDesc(input, output, window, algorithm, dnnl_forward_inference), true, input, output);
        return output;
    }

    /**
     * dL/dinput of the maximum: each window's delta goes to the position of its maximum.
     *
     * @param input      {@code [N, C, H, W]}, the forward input; not modified
     * @param givenDelta dL/doutput {@code [N, C, oH, oW]}; not modified
     * @param window     the forward pass's window
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray maxBackward(INDArray input, INDArray givenDelta, PoolWindow window) {
        INDArray output = OneDnn.newArray(givenDelta.shape());
        INDArray delta = cOrdered(givenDelta, output);
        String training = "max pooling training" + describe(window, input);
        OneDnnPrimitive forward = OneDnnPrimitive.cached(OneDnnPrimitive.key(training, input, output), () -> {
                    dnnl_primitive_desc pd = forwardDesc(input, output, window, dnnl_pooling_max, dnnl_forward_training);
                    return new OneDnnPrimitive(pd,
                            new OneDnnPrimitive.Spec(DNNL_ARG_SRC, dnnl_query_src_md, 0, OneDnn.describe(input), false),
                            new OneDnnPrimitive.Spec(DNNL_ARG_DST, dnnl_query_dst_md, 0, OneDnn.describe(output), true),
                            new OneDnnPrimitive.Spec(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md, 0,
                                    dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0), true));
                });
        INDArray workspace = OneDnn.newArray((forward.bytes(2) + 3) / 4);
        forward.run(input, output, workspace);

        INDArray gradInput = OneDnn.newArray(input.shape());
        OneDnnPrimitive.cached(OneDnnPrimitive.key("max pooling backward" + describe(window, input), delta, gradInput), () -> {
            dnnl_primitive_desc pd = backwardDesc(delta, gradInput, window, dnnl_pooling_max,
                    forwardDesc(input, output, window, dnnl_pooling_max, dnnl_forward_training));
            return new OneDnnPrimitive(pd,
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md, 0,
                            dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(delta, workspace, gradInput);
        return gradInput;
    }

    /**
     * dL/dinput of the average: each output's delta, divided by its window's count, added to every element of its
     * window.
     *
     * @param input           {@code [N, C, H, W]}, the forward input (only its shape is read); not modified
     * @param givenDelta      dL/doutput {@code [N, C, oH, oW]}; not modified
     * @param window          the forward pass's window
     * @param countIncludePad whether the padding counts in the divisor
     * @return dL/dinput {@code [N, C, H, W]}, a new array
     */
    public static INDArray avgBackward(INDArray input, INDArray givenDelta, PoolWindow window, boolean countIncludePad) {
        int algorithm = average(countIncludePad);
        INDArray delta = cOrdered(givenDelta, OneDnn.newArray(givenDelta.shape()));
        INDArray gradInput = OneDnn.newArray(input.shape());
        OneDnnPrimitive.cached(OneDnnPrimitive.key(name(algorithm) + " backward" + describe(window, input), delta, gradInput), () -> {
            dnnl_primitive_desc pd = backwardDesc(delta, gradInput, window, algorithm,
                    forwardDesc(gradInput, delta, window, algorithm, dnnl_forward_training));
            return new OneDnnPrimitive(pd,
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, 0, OneDnn.describe(delta), false),
                    new OneDnnPrimitive.Spec(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, 0, OneDnn.describe(gradInput), true));
        }).run(delta, gradInput);
        return gradInput;
    }

    /**
     * {@code delta} when it is laid out as {@code like} (c-ordered), else a c-ordered copy: oneDNN has no backward pass
     * whose delta is laid out otherwise than the forward pass's output (an f-ordered delta gave dnnl_unimplemented).
     */
    private static INDArray cOrdered(INDArray delta, INDArray like) {
        return dnnl_memory_desc_equal(OneDnn.describe(delta), OneDnn.describe(like)) != 0 ? delta : delta.dup('c');
    }

    private static int average(boolean countIncludePad) {
        return countIncludePad ? dnnl_pooling_avg_include_padding : dnnl_pooling_avg_exclude_padding;
    }

    private static String name(int algorithm) {
        return algorithm == dnnl_pooling_max ? "max pooling" : algorithm == dnnl_pooling_avg_include_padding
                ? "average pooling (padding counted)" : "average pooling";
    }

    private static dnnl_primitive_desc forwardDesc(INDArray input, INDArray output, PoolWindow window, int algorithm, int kind) {
        dnnl_pooling_v2_desc_t d = new dnnl_pooling_v2_desc_t();
        long[][] w = oneDnnWindow(window, input);
        OneDnn.check(dnnl_pooling_v2_forward_desc_init(d, kind, algorithm, OneDnn.describe(input), OneDnn.describe(output), w[0],
                w[1], w[2], w[3], w[4]), "describing a pooling");
        return OneDnn.primitiveDesc(d, null);
    }

    private static dnnl_primitive_desc backwardDesc(INDArray delta, INDArray gradInput, PoolWindow window, int algorithm,
            dnnl_primitive_desc forward) {
        dnnl_pooling_v2_desc_t d = new dnnl_pooling_v2_desc_t();
        long[][] w = oneDnnWindow(window, gradInput);
        OneDnn.check(dnnl_pooling_v2_backward_desc_init(d, algorithm, OneDnn.describe(gradInput), OneDnn.describe(delta), w[0], w[1],
                w[2], w[3], w[4]), "describing a pooling's backward pass");
        return OneDnn.primitiveDesc(d, forward);
    }

    /** {@code {strides, kernel, dilation (0: adjacent taps), padding before, padding after}} for this input's spatial size. */
    private static long[][] oneDnnWindow(PoolWindow window, INDArray input) {
        long[] spatial = {input.size(2), input.size(3)};
        return new long[][] {
            Arrays.stream(window.geometry().stride()).asLongStream().toArray(),
            Arrays.stream(window.geometry().kernel()).asLongStream().toArray(),
            Arrays.stream(window.geometry().dilation()).asLongStream().map(d -> d - 1).toArray(),
            Arrays.stream(window.geometry().padding()).asLongStream().toArray(),
            window.paddingAfter(spatial)};
    }

    private static String describe(PoolWindow window, INDArray input) {
        return Arrays.deepToString(oneDnnWindow(window, input));
    }
}
