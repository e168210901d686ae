package org.nn4j.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * Small rotations and zooms about the image centre, with bilinear interpolation and zero
 * outside the image (augmentation). Each image has its own angle and scale, so this works on
 * one bulk Java copy of the batch and hands the result to ND4J once.
 */
public final class Affine {

    private Affine() {
    }

    /**
     * Random augmentation: each image rotated by an angle uniform in
     * {@code [-maxDegrees, maxDegrees]} and zoomed by a factor uniform in {@code [1 - maxZoom, 1 + maxZoom]}.
     *
     * @param images {@code [N, C, H, W]}; not modified
     * @param maxDegrees the largest rotation, in degrees, either way
     * @param maxZoom    the largest relative zoom, in [0, 1)
     * @param seed       the same seed gives the same angles and factors
     * @return a new float32 array of the same shape
     * @throws IllegalArgumentException when {@code maxZoom} is not in [0, 1)
     */
    public static INDArray random(INDArray images, double maxDegrees, double maxZoom, long seed) {
        if (!(maxZoom >= 0 && maxZoom < 1)) {
            throw new IllegalArgumentException("Affine: expected a maximal zoom in [0, 1), found " + maxZoom);
        }
        int n = Math.toIntExact(images.size(0));
        SplittableRandom random = new SplittableRandom(seed);
        double[] degrees = new double[n];
        double[] scales = new double[n];
        for (int i = 0; i < n; i++) {
            degrees[i] = (2 * random.nextDouble() - 1) * maxDegrees;
            scales[i] = 1 + (2 * random.nextDouble() - 1) * maxZoom;
        }
        return transform(images, degrees, scales);
    }

    /**
     * Rotates image {@code i} by {@code degrees[i]} counter-clockwise and scales it by
     * {@code scales[i]} (> 1 enlarges) about its centre. Output pixel {@code p} takes the
     * bilinear interpolation of the input at {@code centre + R(-θ)(p - centre) / scale}.
     *
     * @param images {@code [N, C, H, W]}; not modified
     * @param degrees one angle per image, in degrees; not modified
     * @param scales  one zoom factor per image; not modified
     * @return a new float32 array of the same shape
     */
    public static INDArray transform(INDArray images, double[] degrees, double[] scales) {
        Checks.requireRank("Affine", images, 4, "[N, C, H, W]");
        int n = Math.toIntExact(images.size(0));
        int c = Math.toIntExact(images.size(1));
        int h = Math.toIntExact(images.size(2));
        int w = Math.toIntExact(images.size(3));
        if (degrees.length != n || scales.length != n) {
            throw new IllegalArgumentException("Affine: expected one angle and one scale per image (" + n
                    + "), found " + degrees.length + " angles and " + scales.length + " scales");
        }
        float[] in = Nd4j.toFlattened('c', images.castTo(DataType.FLOAT)).toFloatVector();
        float[] out = new float[in.length];
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        for (int img = 0; img < n; img++) {
            if (!(scales[img] > 0)) {
                throw new IllegalArgumentException("Affine: expected positive scales, found " + scales[img]
                        + " for image " + img);
            }
            double theta = Math.toRadians(degrees[img]);
            double cos = Math.cos(theta) / scales[img];
            double sin = Math.sin(theta) / scales[img];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    // x to the right, y upwards, from the centre
                    double x = j - cx;
                    double y = cy - i;
                    double col = cx + cos * x + sin * y;
                    double row = cy - (-sin * x + cos * y);
                    for (int ch = 0; ch < c; ch++) {
                        int base = (img * c + ch) * h * w;
                        out[base + i * w + j] = bilinear(in, base, h, w, row, col);
                    }
                }
            }
        }
        return Nd4j.createFromArray(out).reshape('c', images.shape());
    }

    private static float bilinear(float[] in, int base, int h, int w, double row, double col) {
        // snap coordinates that are integers up to rounding (cos 90° is 6e-17, not 0)
        double r = Math.abs(row - Math.rint(row)) < 1e-9 ? Math.rint(row) : row;
        double q = Math.abs(col - Math.rint(col)) < 1e-9 ? Math.rint(col) : col;
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(q);
        double fr = r - r0;
        double fc = q - c0;
        return (float) ((1 - fr) * ((1 - fc) * pixel(in, base, h, w, r0, c0) + fc * pixel(in, base, h, w, r0, c0 + 1))
                + fr * ((1 - fc) * pixel(in, base, h, w, r0 + 1, c0) + fc * pixel(in, base, h, w, r0 + 1, c0 + 1)));
    }

    private static double pixel(float[] in, int base, int h, int w, int row, int col) {
        return row < 0 || row >= h || col < 0 || col >= w ? 0 : in[base + row * w + col];
    }
}
