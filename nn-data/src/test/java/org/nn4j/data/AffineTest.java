package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nn4j.data.RotationsTest.flat;
import static org.nn4j.data.RotationsTest.nine;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.TestArrays;

class AffineTest {

    @Test
    void noRotationAndNoZoomIsTheIdentity() {
        INDArray x = TestArrays.uniform(3, DataType.FLOAT, 2, 2, 5, 4);
        assertEquals(x, Affine.transform(x, new double[] {0, 0}, new double[] {1, 1}));
        assertEquals(x, Affine.random(x, 0, 0, 42));
    }

    @Test
    void quarterTurnsMatchRot90() {
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 3, 1, 6, 6);
        double[] ones = {1, 1, 1};
        assertArrayEquals(flat(Rotations.rot90(x, 1)), flat(Affine.transform(x, new double[] {90, 90, 90}, ones)), 1e-6f);
        assertArrayEquals(flat(Rotations.rot90(x, 2)), flat(Affine.transform(x, new double[] {180, 180, 180}, ones)), 1e-6f);
        assertArrayEquals(flat(Rotations.rot90(x, 3)), flat(Affine.transform(x, new double[] {-90, 270, -90}, ones)), 1e-6f);
    }

    @Test
    void zoomByTwoInterpolatesAboutTheCentre() {
        // output (i, j) samples the input at centre + ((i, j) - centre) / 2, bilinearly
        INDArray zoomed = Affine.transform(nine(), new double[] {0}, new double[] {2});
        assertArrayEquals(new float[] {3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f, 7}, flat(zoomed), 1e-6f);
        // shrinking by 2 samples outside the image at the corners, which count as 0
        INDArray shrunk = Affine.transform(nine(), new double[] {0}, new double[] {0.5});
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 0, 0, 0, 0}, flat(shrunk), 1e-6f);
    }

    @Test
    void smallRandomRotationsAreSeededAndKeepTheShape() {
        INDArray x = TestArrays.uniform(8, DataType.FLOAT, 0.0, 1.0, 4, 1, 8, 8);
        INDArray a = Affine.random(x, 15, 0.1, 1);
        assertArrayEquals(x.shape(), a.shape());
        assertEquals(a, Affine.random(x, 15, 0.1, 1));
        assertNotEquals(a, Affine.random(x, 15, 0.1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Affine.random(x, 15, 1.5, 1));
        assertEquals("Affine: expected a maximal zoom in [0, 1), found 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Affine.transform(x, new double[1], new double[4]));
        assertEquals("Affine: expected one angle and one scale per image (4), found 1 angles and 4 scales", e.getMessage());
    }
}
