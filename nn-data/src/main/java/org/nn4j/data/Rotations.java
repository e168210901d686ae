package org.nn4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * Rotations by multiples of 90° of whole batches {@code [N, C, H, W]} (one reverse and one
 * transposed copy each), and RotNet's self-supervised task built on them.
 */
public final class Rotations {

    private static final String LAYOUT = "[N, C, H, W]";

    private Rotations() {
    }

    /**
     * Rotates every image by {@code k · 90°} counter-clockwise, as {@code numpy.rot90(x, k, axes=(2, 3))}:
     * for k = 1, {@code out[i][j] = in[j][W-1-i]}.
     *
     * @param images {@code [N, C, H, W]}; not modified
     * @param k      any integer; taken modulo 4
     * @return a new c-ordered array, {@code [N, C, W, H]} for odd k
     */
    public static INDArray rot90(INDArray images, int k) {
        Checks.requireRank("Rotations", images, 4, LAYOUT);
        switch (Math.floorMod(k, 4)) {
            case 0:
                return images.dup('c');
            case 1: // flip left-right, then transpose
                return reverse(images, 3).permute(0, 1, 3, 2).dup('c');
            case 2:
                return reverse(images, 2, 3);
            default: // transpose, then flip left-right
                return reverse(images.permute(0, 1, 3, 2), 3);
        }
    }

    /**
     * RotNet's pretext task: every image in each of its 4 rotations, labelled by the rotation.
     *
     * @param set square images; not modified
     * @return {@code 4N} images: first all rotated by 0° (label 0), then all by 90° (label 1),
     *         180° (label 2) and 270° (label 3)
     */
    public static ImageSet rotNet(ImageSet set) {
        if (set.height() != set.width()) {
            throw new IllegalArgumentException("Rotations: expected square images for RotNet, found "
                    + set.height() + "x" + set.width());
        }
        INDArray images = set.images();
        INDArray all = Nd4j.concat(0, images, rot90(images, 1), rot90(images, 2), rot90(images, 3));
        int n = set.size();
        int[] labels = new int[4 * n];
        for (int r = 0; r < 4; r++) {
            java.util.Arrays.fill(labels, r * n, (r + 1) * n, r);
        }
        return ImageSet.ofImages(all, labels, 4);
    }

    private static INDArray reverse(INDArray x, int... axes) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Nd4j.exec(new Reverse(x, out, axes));
        return out;
    }
}
