package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch: inputs {@code x} and targets {@code y}, batch-first. The arrays belong to
 * the consumer; producers hand out fresh arrays (gathered rows), never views they reuse.
 *
 * @param x the inputs, {@code [N, ...]} (e.g. {@code [N, C, H, W]} images or {@code [N, features]} rows)
 * @param y the targets, {@code [N, ...]} (one-hot rows, class indices or images, as the loss expects)
 */
public record Batch(INDArray x, INDArray y) {

    /**
     * Checks that {@code x} and {@code y} hold the same number of samples.
     *
     * @param x the inputs
     * @param y the targets
     * @throws IllegalArgumentException when {@code x.size(0) != y.size(0)}
     */
    public Batch {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("Batch: x and y have different batch sizes: x "
                    + Checks.shape(x) + ", y " + Checks.shape(y));
        }
    }

    /** @return the number of samples N, the size of the first dimension of {@code x} and {@code y} */
    public long size() {
        return x.size(0);
    }
}
