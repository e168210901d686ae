package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_reduction_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reduction_sum;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_reduction_desc_t;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sum of every element of a dense float32 array by oneDNN's reduction primitive (vectorised, on the kernel
 * threads): one read of the array, many times faster than ND4J's {@code sum} of float32. Its use is the NaN test of
 * the kernels that would otherwise drop NaN (max pooling): the sum is NaN exactly when the array holds a NaN or both
 * infinities.
 */
public final class OneDnnReduction {

    private OneDnnReduction() {
    }

    /**
     * @param input a dense float32 array ({@link OneDnn#canRun} and {@link OneDnn#isDense}); not modified
     * @return the sum of its elements, accumulated in float32
     */
    public static double sum(INDArray input) {
        if (input.length() == 1) {
            return input.getDouble(0); // oneDNN rejects a reduction that reduces no dimension
        }
        long[] ones = new long[input.rank()];
        Arrays.fill(ones, 1);
        INDArray total = OneDnn.newArray(ones);
        OneDnnPrimitive.runSourceToDestination("sum", () -> {
            dnnl_reduction_desc_t d = new dnnl_reduction_desc_t();
            OneDnn.check(dnnl_reduction_desc_init(d, dnnl_reduction_sum, OneDnn.describe(input), OneDnn.describe(total), 0f, 0f),
                    "describing a sum");
            return OneDnn.primitiveDesc(d, null);
        }, true, input, total);
        return total.getDouble(0);
    }
}
