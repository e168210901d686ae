package org.nn4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Gaussian noise for denoising auto-encoders: {@code clamp(x + factor · N(0, 1), 0, 1)}. */
public final class Noise {

    private Noise() {
    }

    /**
     * @param x      values in [0, 1], any shape; not modified
     * @param factor standard deviation of the noise
     * @param seed   the same seed gives the same noise
     * @return a new array of the dtype of {@code x}
     */
    public static INDArray gaussian(INDArray x, double factor, long seed) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("Noise: expected a non-negative noise factor, found " + factor);
        }
        INDArray noisy = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        Nd4j.randn(noisy, random);
        noisy.muli(factor).addi(x);
        return Transforms.min(Transforms.max(noisy, 0, false), 1, false);
    }
}
