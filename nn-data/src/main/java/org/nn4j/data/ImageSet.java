package org.nn4j.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.DataLoader;

/**
 * Labelled images, grey-scale or colour: flat features {@code [N, C·H·W]} (c-order, channel-major within each image,
 * float32 for the loaders) and class labels {@code 0 .. classes-1}. {@link #images()} is a {@code [N, C, H, W]} view
 * of the same memory, so either layout costs nothing. Grey-scale sets (MNIST, USPS) have {@code C = 1}, colour sets
 * (CIFAR-10) {@code C = 3}.
 */
public final class ImageSet {

    private final INDArray features;
    private final int[] labels;
    private final int classes;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Grey-scale images (one channel).
     *
     * @param features {@code [N, H·W]}; not modified; kept, not copied, when c-ordered and contiguous (else copied once)
     * @param labels   one per image, each in {@code 0 .. classes-1}; copied
     * @param classes the number of classes
     * @param height  the height H of every image, in pixels
     * @param width   the width W of every image, in pixels
     */
    public ImageSet(INDArray features, int[] labels, int classes, int height, int width) {
        this(features, labels, classes, 1, height, width);
    }

    /**
     * Images of {@code channels} channels.
     *
     * @param features {@code [N, C·H·W]}, each image channel-major (all of channel 0, then channel 1, ...); not
     *                 modified; kept, not copied, when c-ordered and contiguous (else copied once)
     * @param labels   one per image, each in {@code 0 .. classes-1}; copied
     * @param classes  the number of classes
     * @param channels the number of channels C of every image, at least 1 (3 for RGB)
     * @param height   the height H of every image, in pixels
     * @param width    the width W of every image, in pixels
     */
    public ImageSet(INDArray features, int[] labels, int classes, int channels, int height, int width) {
        if (channels < 1) {
            throw new IllegalArgumentException("ImageSet: expected at least one channel, found " + channels);
        }
        long perImage = (long) channels * height * width;
        if (features.rank() != 2 || features.size(1) != perImage) {
            throw new IllegalArgumentException("ImageSet: expected features [N, " + perImage + "] for "
                    + (channels == 1 ? "" : channels + "-channel ") + height + "x" + width + " images, found "
                    + Checks.shape(features));
        }
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException("ImageSet: expected one label per image, found " + features.size(0)
                    + " images and " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("ImageSet: expected labels 0.." + (classes - 1) + ", found "
                        + labels[i] + " at index " + i);
            }
        }
        // the [N, C, H, W] view needs c-ordered contiguous memory (isView() is no test: a
        // reshaped array counts as a view)
        this.features = features.ordering() == 'c' && features.elementWiseStride() == 1 ? features : features.dup('c');
        this.labels = labels.clone();
        this.classes = classes;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Wraps images {@code [N, C, H, W]} (not modified; viewed when contiguous, else copied).
     *
     * @param images  {@code [N, C, H, W]}
     * @param labels  one per image, each in {@code 0 .. classes-1}; copied
     * @param classes the number of classes
     * @return the set
     */
    public static ImageSet ofImages(INDArray images, int[] labels, int classes) {
        Checks.requireRank("ImageSet", images, 4, "[N, C, H, W]");
        int c = Math.toIntExact(images.size(1));
        int h = Math.toIntExact(images.size(2));
        int w = Math.toIntExact(images.size(3));
        INDArray dense = images.ordering() == 'c' ? images : images.dup('c');
        return new ImageSet(dense.reshape('c', images.size(0), (long) c * h * w), labels, classes, c, h, w);
    }

    /** {@return the pixels {@code [N, C·H·W]}, the set's own array: callers must not modify it} */
    public INDArray features() {
        return features;
    }

    /** {@return the pixels as images {@code [N, C, H, W]}: a view of {@link #features()}, no copy} */
    public INDArray images() {
        return features.reshape('c', features.size(0), channels, height, width);
    }

    /** {@return a copy of the labels} */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param i the image's index, 0..size()−1
     * @return the class of image {@code i}, in 0..classes()−1
     */
    public int label(int i) {
        return labels[i];
    }

    /** {@return the labels as one-hot rows {@code [N, classes]}, float32 (a new array)} */
    public INDArray oneHot() {
        return OneHot.encode(labels, classes);
    }

    /** {@return how many images of each class, indexed by class} */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The images {@code rows}, in that order, as a new set (one gather, no per-row op).
     *
     * @param rows indices in 0..size()−1, repeats allowed; not modified
     * @return a new set with its own copy of the pixels
     */
    public ImageSet select(int[] rows) {
        long[] r = new long[rows.length];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            r[i] = rows[i];
            l[i] = labels[rows[i]];
        }
        return new ImageSet(DataLoader.gather(features, r), l, classes, channels, height, width);
    }

    /** @return the number of images N */
    public int size() {
        return labels.length;
    }

    /** @return the number of classes; labels are in 0..classes()−1 */
    public int classes() {
        return classes;
    }

    /** @return the number of channels C of every image: 1 for grey-scale, 3 for RGB */
    public int channels() {
        return channels;
    }

    /** @return the height H of every image, in pixels */
    public int height() {
        return height;
    }

    /** @return the width W of every image, in pixels */
    public int width() {
        return width;
    }

    @Override
    public String toString() {
        return "ImageSet(" + size() + " images of " + (channels == 1 ? "" : channels + "x") + height + "x" + width + ", " + classes + " classes, counts "
                + Arrays.toString(classCounts()) + ")";
    }
}
