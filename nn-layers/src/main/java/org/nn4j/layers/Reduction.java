package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a loss that has the option reduces its per-element values to one number, PyTorch's {@code reduction}
 * argument. PyTorch's {@code 'none'} is no value here, since a {@link org.nn4j.core.Loss} returns one scalar:
 * {@link CrossEntropyLoss#forwardUnreduced} and {@link NLLLoss#forwardUnreduced} give their per-sample losses.
 */
public enum Reduction {
    /** The mean over every element, PyTorch's {@code 'mean'}. */
    MEAN,
    /** The sum over every element, PyTorch's {@code 'sum'}. */
    SUM,
    /**
     * The sum divided by the batch size (axis 0), PyTorch's {@code 'batchmean'}: {@link KLDivLoss} only, for which it
     * is the Kullback–Leibler divergence per sample. The other losses reject it, as PyTorch does.
     */
    BATCH_MEAN;

    /**
     * What the sum over all elements is divided by.
     *
     * @param prediction only its shape is read
     * @return the number of elements (MEAN), 1 (SUM) or the size of axis 0, 1 for a scalar (BATCH_MEAN)
     */
    public double divisor(INDArray prediction) {
        return switch (this) {
            case MEAN -> prediction.length();
            case SUM -> 1;
            case BATCH_MEAN -> prediction.rank() == 0 ? 1 : prediction.size(0);
        };
    }

    /**
     * The reduction of an element-wise loss (MEAN or SUM), checked.
     *
     * @param loss      the loss's name, used in the message
     * @param reduction the reduction asked for
     * @return {@code reduction}
     * @throws IllegalArgumentException when it is null or {@link #BATCH_MEAN}
     */
    static Reduction elementwise(String loss, Reduction reduction) {
        if (reduction == null || reduction == BATCH_MEAN) {
            throw new IllegalArgumentException(loss + ": expected reduction MEAN or SUM, found " + reduction
                    + (reduction == null ? "" : " (KLDivLoss's only)"));
        }
        return reduction;
    }
}
