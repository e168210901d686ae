package org.nn4j.data.augment;

import java.util.random.RandomGenerator;
import org.nn4j.core.Sample;
import org.nn4j.core.SampleTransform;

/**
 * A random crop of an image {@code [C, H, W]} to {@code [C, height, width]}, after padding each border with
 * {@code padding} zeros: PyTorch's {@code transforms.RandomCrop(size, padding)} with its default constant fill 0. The
 * crop's top-left corner is uniform over every position at which it fits in the padded image.
 */
public final class RandomCrop implements SampleTransform {

    private final int height;
    private final int width;
    private final int padding;

    /**
     * A square crop.
     *
     * @param size    the side of the crop, at least 1
     * @param padding zeros added on every border before cropping, at least 0
     * @throws IllegalArgumentException when {@code size < 1} or {@code padding < 0}
     */
    public RandomCrop(int size, int padding) {
        this(size, size, padding);
    }

    /**
     * A crop of {@code height} by {@code width}.
     *
     * @param height  the crop's height, at least 1
     * @param width   the crop's width, at least 1
     * @param padding zeros added on every border before cropping, at least 0
     * @throws IllegalArgumentException when a size is below 1 or {@code padding < 0}
     */
    public RandomCrop(int height, int width, int padding) {
        if (height < 1 || width < 1 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: expected a size of at least 1x1 and padding of at least 0,"
                    + " found " + height + "x" + width + " and padding " + padding);
        }
        this.height = height;
        this.width = width;
        this.padding = padding;
    }

    /**
     * Crops one image.
     *
     * @param sample an image {@code [C, H, W]} with {@code H + 2·padding ≥ height} and {@code W + 2·padding ≥ width};
     *               not modified
     * @param rng    draws the corner
     * @return a new image {@code [C, height, width]}
     * @throws IllegalArgumentException when the sample is not {@code [C, H, W]} or the crop does not fit
     */
    @Override
    public Sample apply(Sample sample, RandomGenerator rng) {
        Images.requireChw("RandomCrop", sample);
        int c = Math.toIntExact(sample.size(0));
        int h = Math.toIntExact(sample.size(1));
        int w = Math.toIntExact(sample.size(2));
        if (h + 2 * padding < height || w + 2 * padding < width) {
            throw new IllegalArgumentException("RandomCrop: a " + height + "x" + width + " crop does not fit in a "
                    + h + "x" + w + " image padded by " + padding);
        }
        // the corner in padded coordinates, then as an offset into the image (negative inside the padding)
        int top = rng.nextInt(h + 2 * padding - height + 1) - padding;
        int left = rng.nextInt(w + 2 * padding - width + 1) - padding;
        double[] in = sample.values();
        double[] out = new double[c * height * width];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < height; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                int x0 = Math.max(0, -left);
                int x1 = Math.min(width, w - left);
                if (x1 > x0) {
                    System.arraycopy(in, (ch * h + sy) * w + left + x0, out, (ch * height + y) * width + x0, x1 - x0);
                }
            }
        }
        return new Sample(out, c, height, width);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + (height == width ? height : height + "x" + width) + ", padding=" + padding + ")";
    }
}
