package org.nn4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PixelAccuracyTest {

    @Test
    void countsPixelsOnTheSameSideOfOneHalf() {
        // 8 pixels: 6 agree (0.9 vs 1, 0.1 vs 0, 0.6 vs 0.7, 0.2 vs 0.4, 0.51 vs 0.99, 0 vs 0.5),
        // 2 disagree (0.4 vs 0.6, 0.7 vs 0.3); 0.5 itself is not above 0.5.
        float[] reconstruction = {0.9f, 0.1f, 0.6f, 0.2f, 0.51f, 0f, 0.4f, 0.7f};
        float[] original = {1f, 0f, 0.7f, 0.4f, 0.99f, 0.5f, 0.6f, 0.3f};
        double accuracy = PixelAccuracy.of(Nd4j.createFromArray(reconstruction).reshape(2, 1, 2, 2),
                Nd4j.createFromArray(original).reshape(2, 1, 2, 2));
        assertEquals(6.0 / 8, accuracy, 1e-12);
    }

    @Test
    void isOneForAPerfectReconstructionAndZeroForItsNegative() {
        var image = Nd4j.createFromArray(new float[] {0f, 1f, 0.8f, 0.2f});
        assertEquals(1.0, PixelAccuracy.of(image, image), 1e-12);
        assertEquals(0.0, PixelAccuracy.of(image.rsub(1), image), 1e-12);
    }

    @Test
    void rejectsArraysOfDifferentSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> PixelAccuracy.of(Nd4j.zeros(2, 784), Nd4j.zeros(3, 784)));
    }
}
