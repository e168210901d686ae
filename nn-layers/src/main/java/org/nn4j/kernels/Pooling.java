package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.kernels.nd4j.Nd4jPooling;
import org.nn4j.kernels.onednn.OneDnn;
import org.nn4j.kernels.onednn.OneDnnPooling;

/**
 * Max pooling, per channel, NCHW: the maximum of every window, and its backward pass, which routes
 * each window's delta to the position of its maximum (found again from the input, so nothing is kept
 * between calls). Float32 2-D pooling of dense arrays on the CPU runs on oneDNN ({@link OneDnnPooling});
 * everything else on ND4J ({@link Nd4jPooling}), the reference. Arguments are not modified; results
 * are new arrays.
 */
public final class Pooling {

    private Pooling() {
    }

    /**
     * @param input    {@code [N, C, H, W]}
     * @param geometry a 2-D window
     * @return {@code [N, C, oH, oW]}
     */
    public static INDArray maxPool2d(INDArray input, ConvGeometry geometry) {
        if (OneDnn.canRun(input) && OneDnn.isDense(input)) {
            return OneDnnPooling.forward(input, geometry);
        }
        return Nd4jPooling.maxPool2d(input, geometry);
    }

    /**
     * @param input {@code [N, C, H, W]}
     * @param delta {@code [N, C, oH, oW]}
     * @param geometry a 2-D window
     * @return dL/dinput {@code [N, C, H, W]}
     */
    public static INDArray maxPool2dBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        if (OneDnn.canRun(input, delta) && OneDnn.isDense(input) && OneDnn.isDense(delta)) {
            return OneDnnPooling.backward(input, delta, geometry);
        }
        return Nd4jPooling.maxPool2dBackward(input, delta, geometry);
    }

    /**
     * @param input    {@code [N, C, L]}
     * @param geometry a 1-D window
     * @return {@code [N, C, oL]}
     */
    public static INDArray maxPool1d(INDArray input, ConvGeometry geometry) {
        return Nd4jPooling.maxPool1d(input, geometry);
    }

    /**
     * @param input {@code [N, C, L]}
     * @param delta {@code [N, C, oL]}
     * @param geometry a 1-D window
     * @return dL/dinput {@code [N, C, L]}; on ties the first maximum takes it all (as PyTorch)
     */
    public static INDArray maxPool1dBackward(INDArray input, INDArray delta, ConvGeometry geometry) {
        return Nd4jPooling.maxPool1dBackward(input, delta, geometry);
    }
}
