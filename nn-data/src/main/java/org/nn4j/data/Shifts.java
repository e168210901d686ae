package org.nn4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;

/**
 * Translations of whole batches {@code [N, C, H, W]} with zero fill, and the k-NN
 * augmentation that adds each image's four 1-pixel shifts.
 */
public final class Shifts {

    private Shifts() {
    }

    /**
     * Moves the content of every image {@code dy} rows down and {@code dx} columns right
     * (negative: up, left); uncovered pixels are 0: {@code out[i][j] = in[i-dy][j-dx]}.
     *
     * @param images {@code [N, C, H, W]}; not modified
     * @param dy rows to move down (negative: up)
     * @param dx columns to move right (negative: left)
     * @return a new c-ordered array of the same shape (one copy between two views)
     */
    public static INDArray shift(INDArray images, int dy, int dx) {
        Checks.requireRank("Shifts", images, 4, "[N, C, H, W]");
        long h = images.size(2);
        long w = images.size(3);
        INDArray out = Nd4j.zeros(images.dataType(), images.shape());
        if (Math.abs(dy) >= h || Math.abs(dx) >= w) {
            return out;
        }
        INDArrayIndex all = NDArrayIndex.all();
        out.get(all, all, NDArrayIndex.interval(Math.max(dy, 0), h + Math.min(dy, 0)),
                        NDArrayIndex.interval(Math.max(dx, 0), w + Math.min(dx, 0)))
                .assign(images.get(all, all, NDArrayIndex.interval(Math.max(-dy, 0), h + Math.min(-dy, 0)),
                        NDArrayIndex.interval(Math.max(-dx, 0), w + Math.min(-dx, 0))));
        return out;
    }

    /**
     * Each image plus its copies shifted by one pixel up, down, left and right.
     *
     * @param set not modified
     * @return {@code 5N} images: the originals, then all shifted up, down, left, right;
     *         each copy keeps its image's label
     */
    public static ImageSet augment(ImageSet set) {
        INDArray x = set.images();
        INDArray all = Nd4j.concat(0, x, shift(x, -1, 0), shift(x, 1, 0), shift(x, 0, -1), shift(x, 0, 1));
        int n = set.size();
        int[] labels = new int[5 * n];
        int[] original = set.labels();
        for (int copy = 0; copy < 5; copy++) {
            System.arraycopy(original, 0, labels, copy * n, n);
        }
        return ImageSet.ofImages(all, labels, set.classes());
    }
}
