package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch: inputs {@code x} and targets {@code y}, batch-first. The arrays belong to
 * the consumer; producers hand out fresh arrays (gathered rows), never views they reuse.
 */
public record Batch(INDArray x, INDArray y) {

    public Batch {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("Batch: x and y have different batch sizes: x "
                    + Checks.shape(x) + ", y " + Checks.shape(y));
        }
    }

    public long size() {
        return x.size(0);
    }
}
