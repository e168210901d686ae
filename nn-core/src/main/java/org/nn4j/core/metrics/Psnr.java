package org.nn4j.core.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Checks;

/**
 * Peak signal-to-noise ratio of reconstructions of images with values in [0, 1]:
 * {@code PSNR = 10 · log10(1 / MSE)} in decibels (higher is better; +∞ for a perfect one).
 * Two conventions exist and give different numbers; both are here:
 * {@link #meanPerImage} averages the PSNR of every image (the usual one for reporting on a data
 * set), {@link #overall} takes the PSNR of the MSE over the whole set.
 */
public final class Psnr {

    private Psnr() {
    }

    /**
     * The mean over images of each image's PSNR. Images are the first axis: {@code [N, ...]}.
     *
     * @param reconstruction not modified
     * @param original       not modified
     * @return the mean PSNR in decibels
     */
    public static double meanPerImage(INDArray reconstruction, INDArray original) {
        check(reconstruction, original);
        long n = original.size(0);
        INDArray diff = reconstruction.reshape(n, -1).sub(original.reshape(n, -1));
        INDArray mse = diff.muli(diff).mean(1);
        // 10·log10(1/mse) = −10·log10(mse), per image, then the mean.
        return Transforms.log(mse, 10, false).muli(-10).meanNumber().doubleValue();
    }

    /**
     * The PSNR of the mean squared error over every pixel of the set.
     *
     * @param reconstruction not modified
     * @param original       not modified
     * @return the PSNR in decibels
     */
    public static double overall(INDArray reconstruction, INDArray original) {
        check(reconstruction, original);
        double mse = reconstruction.squaredDistance(original) / original.length();
        return 10 * Math.log10(1 / mse);
    }

    private static void check(INDArray reconstruction, INDArray original) {
        if (!Arrays.equals(reconstruction.shape(), original.shape()) || original.rank() < 1) {
            throw new IllegalArgumentException("Psnr: reconstruction and original shapes differ: reconstruction "
                    + Checks.shape(reconstruction) + ", original " + Checks.shape(original));
        }
    }
}
