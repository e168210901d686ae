package org.nn4j.examples.mnist;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reconstruction metric, pixel accuracy: the fraction of pixels whose side of 0.5 is the
 * same in the reconstruction as in the original ({@code (output > 0.5) == (input > 0.5)}).
 * It ignores how far a pixel is from the truth, so it complements BCE and PSNR.
 */
final class PixelAccuracy {

    private PixelAccuracy() {
    }

    /**
     * @param reconstruction values in [0, 1]; not modified
     * @param original       same shape; not modified
     */
    static double of(INDArray reconstruction, INDArray original) {
        if (reconstruction.length() != original.length()) {
            throw new IllegalArgumentException("PixelAccuracy: reconstruction and original sizes differ: "
                    + java.util.Arrays.toString(reconstruction.shape()) + " and " + java.util.Arrays.toString(original.shape()));
        }
        INDArray same = reconstruction.reshape(-1).gt(0.5).eq(original.reshape(-1).gt(0.5));
        return same.castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
}
