package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Normalise, binarise, Gaussian noise and one-hot encoding on known inputs. */
class PixelTransformsTest {

    @Test
    void normaliseFitsThePopulationMeanAndStd() {
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
        Normalise n = Normalise.fit(x);
        assertEquals(2.5, n.mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), n.std(), 1e-12);
        float s = (float) Math.sqrt(1.25);
        assertArrayEquals(new float[] {-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s},
                n.apply(x).reshape(4).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {1, 2, 3, 4}, x.reshape(4).toFloatVector()); // not modified
    }

    @Test
    void binariseKeepsPixelsAboveTheMeanAsTheSeedsClearedMnist() {
        INDArray x = Nd4j.createFromArray(0f, 0.1307f, 0.1308f, 0.5f, 1f);
        INDArray b = Normalise.MNIST.binarise(x);
        assertEquals(DataType.FLOAT, b.dataType());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1}, b.toFloatVector());
    }

    @Test
    void normaliseRejectsConstantData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalise.fit(Nd4j.ones(DataType.FLOAT, 2, 3)));
        assertEquals("Normalise: cannot fit a constant array (std 0.0, mean 1.0, 6 values)", e.getMessage());
    }

    @Test
    void gaussianNoiseHasTheFactorAsStdIsClampedAndSeeded() {
        INDArray half = Nd4j.valueArrayOf(new long[] {200, 500}, 0.5f);
        INDArray noisy = Noise.gaussian(half, 0.1, 7);
        Normalise stats = Normalise.fit(noisy);
        assertEquals(0.5, stats.mean(), 0.002);
        assertEquals(0.1, stats.std(), 0.002);
        assertEquals(noisy, Noise.gaussian(half, 0.1, 7));
        assertNotEquals(noisy, Noise.gaussian(half, 0.1, 8));
        INDArray wild = Noise.gaussian(half, 5, 7);
        assertEquals(0f, wild.minNumber().floatValue());
        assertEquals(1f, wild.maxNumber().floatValue());
        assertEquals(half, Noise.gaussian(half, 0, 7));
        assertEquals(0.5f, half.maxNumber().floatValue()); // not modified
    }

    @Test
    void oneHotEncodesAndDecodes() {
        INDArray y = OneHot.encode(new int[] {2, 0, 1}, 3);
        assertArrayEquals(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, y.toFloatMatrix());
        assertArrayEquals(new int[] {2, 0, 1}, OneHot.decode(y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(new int[] {0, 3}, 3));
        assertEquals("OneHot: expected labels 0..2, found 3 at index 1", e.getMessage());
    }
}
