package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_resampling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_resampling_nearest;

import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_resampling_desc_t;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling by integer factors, NCHW float32, forward only, by oneDNN's
 * resampling primitive, the whole batch in one call. oneDNN's nearest source of output position
 * {@code y} is {@code round((y + ½) / s − ½)}, which for an integer factor {@code s} is
 * {@code ⌊y / s⌋}, {@link org.nn4j.kernels.Resampling}'s rule. (Its backward pass is slower than the
 * ND4J sum over blocks, which therefore does it.)
 */
public final class OneDnnResampling {

    private OneDnnResampling() {
    }

    /**
     * Nearest-neighbour upsampling on oneDNN.
     *
     * @param input  {@code [N, C, H, W]} float32; not modified
     * @param scaleH the height factor sH
     * @param scaleW the width factor sW
     * @return {@code [N, C, sH·H, sW·W]}, a new array
     */
    public static INDArray upsample(INDArray input, int scaleH, int scaleW) {
        INDArray output = OneDnn.newArray(input.size(0), input.size(1), scaleH * input.size(2),
                scaleW * input.size(3));
        OneDnnPrimitive.runSourceToDestination("nearest upsampling", () -> forwardDesc(input, output), true, input, output);
        return output;
    }

    private static dnnl_primitive_desc forwardDesc(INDArray input, INDArray output) {
        dnnl_resampling_desc_t d = new dnnl_resampling_desc_t();
        OneDnn.check(dnnl_resampling_forward_desc_init(d, dnnl_forward_training, dnnl_resampling_nearest, factors(input, output),
                OneDnn.describe(input), OneDnn.describe(output)), "describing an upsampling");
        return OneDnn.primitiveDesc(d, null);
    }

    private static float[] factors(INDArray small, INDArray large) {
        return new float[] {(float) large.size(2) / small.size(2), (float) large.size(3) / small.size(3)};
    }
}
