package org.nn4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AccuracyAndPsnrTest {

    private static final INDArray SCORES = Nd4j.createFromArray(new float[][] {
            {0.1f, 0.7f, 0.2f}, {0.8f, 0.1f, 0.1f}, {0.2f, 0.3f, 0.5f}, {0.3f, 0.4f, 0.3f}});

    @Test
    void argmaxAgainstIndicesOrOneHot() {
        assertArrayEquals(new long[] {1, 0, 2, 1}, Accuracy.predictedClasses(SCORES).toLongVector());
        INDArray labels = Nd4j.createFromArray(1f, 0f, 1f, 1f);
        assertEquals(3, Accuracy.correct(SCORES, labels));
        assertEquals(0.75, Accuracy.of(SCORES, labels.reshape(4, 1)), 1e-15);
        INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
        assertEquals(0.5, Accuracy.of(SCORES, oneHot), 1e-15);
    }

    @Test
    void singleSigmoidOutputIsThresholdedAtAHalf() {
        INDArray p = Nd4j.createFromArray(new float[][] {{0.2f}, {0.51f}, {0.9f}, {0.49f}, {0.5f}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {1}, {0}, {0}, {0}});
        assertArrayEquals(new long[] {0, 1, 1, 0, 0}, Accuracy.predictedClasses(p).toLongVector(), "0.5 itself is class 0");
        assertEquals(4, Accuracy.correct(p, y));
        assertEquals(0.8, Accuracy.of(p, y.reshape(5)), 1e-15);
    }

    @Test
    void mismatchedTargetsAreRejectedWithBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.of(SCORES, Nd4j.zeros(4, 2)));
        assertEquals("Accuracy: for a prediction [4, 3] expected a target of class indices [4] or [4, 1], or one-hot"
                + " [4, 3], found [4, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Accuracy.of(SCORES, Nd4j.zeros(5)));
        assertEquals("Accuracy: prediction [4, 3] and target [5] have different batch sizes", e.getMessage());
    }

    @Test
    void psnrPerImageAndOverTheSet() {
        INDArray original = Nd4j.zeros(2, 1, 2, 2);
        INDArray reconstruction = Nd4j.zeros(2, 1, 2, 2);
        reconstruction.slice(0).assign(0.1); // MSE 0.01: 20 dB
        reconstruction.slice(1).assign(0.01); // MSE 1e-4: 40 dB
        assertEquals(30, Psnr.meanPerImage(reconstruction, original), 1e-4);
        assertEquals(10 * Math.log10(1 / ((0.01 + 0.0001) / 2)), Psnr.overall(reconstruction, original), 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.overall(original, original));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.meanPerImage(original, original));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Psnr.overall(original, Nd4j.zeros(2, 4)));
        assertEquals("Psnr: reconstruction and original shapes differ: reconstruction [2, 1, 2, 2], original [2, 4]",
                e.getMessage());
    }
}
