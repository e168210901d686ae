package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;

/**
 * Batch normalisation of {@code [N, C, H, W]} (statistics over N, H and W), like PyTorch's
 * {@code BatchNorm2d}; see {@link BatchNorm} for the maths, modes and running statistics.
 */
public class BatchNorm2D extends BatchNorm {

    /**
     * eps 1e-5, momentum 0.1, as PyTorch.
     *
     * @param channels the number of channels C (axis 1)
     */
    public BatchNorm2D(int channels) {
        this(channels, 1e-5, 0.1);
    }

    /**
     * @param channels the number of channels C (axis 1)
     * @param eps      added to the variance before its square root, {@code > 0}
     * @param momentum the weight of each batch in the running statistics, in [0, 1]
     */
    public BatchNorm2D(int channels, double eps, double momentum) {
        super("BatchNorm2D", channels, eps, momentum);
    }

    /**
     * With momentum null, as PyTorch's {@code momentum=None}, the running statistics are the cumulative average over
     * every training batch seen (see {@link BatchNorm}).
     *
     * @param channels the number of channels C (axis 1)
     * @param eps      added to the variance before its square root, {@code > 0}
     * @param momentum the weight of each batch in the running statistics, in [0, 1], or null for the cumulative average
     */
    public BatchNorm2D(int channels, double eps, Double momentum) {
        super("BatchNorm2D", channels, eps, momentum);
    }

    @Override
    void checkLayout(INDArray input) {
        Checks.requireRank("BatchNorm2D", input, 4, "[N, C, H, W]");
        Checks.requireSize("BatchNorm2D", input, 1, channels(), "channels", "[N, C, H, W]");
    }
}
