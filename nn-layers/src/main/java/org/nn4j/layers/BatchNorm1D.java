package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;

/**
 * Batch normalisation of {@code [N, F]} (or {@code [N, C, L]}, statistics over N and L), like
 * PyTorch's {@code BatchNorm1d}; see {@link BatchNorm} for the maths, modes and running statistics.
 */
public class BatchNorm1D extends BatchNorm {

    /**
     * eps 1e-5, momentum 0.1, as PyTorch.
     *
     * @param features the size F of axis 1
     */
    public BatchNorm1D(int features) {
        this(features, 1e-5, 0.1);
    }

    /**
     * @param features the size F of axis 1
     * @param eps      added to the variance before its square root, {@code > 0}
     * @param momentum the weight of each batch in the running statistics, in [0, 1]
     */
    public BatchNorm1D(int features, double eps, double momentum) {
        super("BatchNorm1D", features, eps, momentum);
    }

    /**
     * With momentum null, as PyTorch's {@code momentum=None}, the running statistics are the cumulative average over
     * every training batch seen (see {@link BatchNorm}).
     *
     * @param features the size F of axis 1
     * @param eps      added to the variance before its square root, {@code > 0}
     * @param momentum the weight of each batch in the running statistics, in [0, 1], or null for the cumulative average
     */
    public BatchNorm1D(int features, double eps, Double momentum) {
        super("BatchNorm1D", features, eps, momentum);
    }

    @Override
    void checkLayout(INDArray input) {
        if (input.rank() != 2 && input.rank() != 3) {
            throw new IllegalArgumentException("BatchNorm1D: expected input of rank 2 [N, F] or 3 [N, C, L], found rank "
                    + input.rank() + " with shape " + Checks.shape(input));
        }
        Checks.requireSize("BatchNorm1D", input, 1, channels(), "features", input.rank() == 2 ? "[N, F]" : "[N, C, L]");
    }
}
