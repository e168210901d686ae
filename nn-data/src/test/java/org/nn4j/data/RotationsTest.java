package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class RotationsTest {

    /** The 3x3 image 1..9 as [1, 1, 3, 3]. */
    static INDArray nine() {
        return Nd4j.arange(1, 10).castTo(DataType.FLOAT).reshape(1, 1, 3, 3);
    }

    static float[] flat(INDArray a) {
        return Nd4j.toFlattened('c', a).toFloatVector();
    }

    @Test
    void rotatesA3x3ImageCounterClockwiseLikeNumpyRot90() {
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, flat(Rotations.rot90(nine(), 1)));
        assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, flat(Rotations.rot90(nine(), 2)));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, flat(Rotations.rot90(nine(), 3)));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, flat(Rotations.rot90(nine(), -1)));
        assertArrayEquals(flat(nine()), flat(Rotations.rot90(nine(), 4)));
    }

    @Test
    void rotatesNonSquareImagesToTransposedShapes() {
        INDArray x = Nd4j.arange(1, 7).castTo(DataType.FLOAT).reshape(1, 1, 2, 3);
        INDArray r = Rotations.rot90(x, 1);
        assertArrayEquals(new long[] {1, 1, 3, 2}, r.shape());
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, flat(r));
        assertArrayEquals(new float[] {4, 1, 5, 2, 6, 3}, flat(Rotations.rot90(x, 3)));
    }

    @Test
    void fourQuarterTurnsAreTheIdentityAndTurnsAdd() {
        long seed = TestArrays.testSeed("RotationsTest.fourQuarterTurnsAreTheIdentityAndTurnsAdd");
        qt().withFixedSeed(seed).withExamples(40)
                .forAll(integers().between(1, 4), integers().between(1, 3), integers().between(1, 7), integers().between(1, 7))
                .checkAssert((n, c, h, w) -> {
                    INDArray x = TestArrays.uniform(seed + n * 1000 + h * 10 + w, DataType.FLOAT, n, c, h, w);
                    INDArray r = x;
                    for (int k = 0; k < 4; k++) {
                        r = Rotations.rot90(r, 1);
                    }
                    assertEquals(x, r);
                    assertEquals(Rotations.rot90(x, 3), Rotations.rot90(Rotations.rot90(x, 1), 2));
                    assertEquals(x, Rotations.rot90(Rotations.rot90(x, 1), -1));
                });
    }

    @Test
    void rotNetMakesFourLabelledCopies() {
        INDArray two = Nd4j.concat(0, nine(), nine().mul(10));
        ImageSet set = Rotations.rotNet(ImageSet.ofImages(two, new int[] {3, 8}, 10));
        assertEquals(8, set.size());
        assertEquals(4, set.classes());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3}, set.labels());
        assertArrayEquals(new float[] {30, 60, 90, 20, 50, 80, 10, 40, 70}, flat(set.images().slice(3)));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, flat(set.images().slice(6)));
    }

    @Test
    void rotNetRejectsNonSquareImages() {
        ImageSet set = ImageSet.ofImages(Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 3), new int[] {0}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rotations.rotNet(set));
        assertEquals("Rotations: expected square images for RotNet, found 2x3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rotations.rot90(Nd4j.zeros(3, 3), 1));
        assertEquals("Rotations: expected input of rank 4 [N, C, H, W], found rank 2 with shape [3, 3]", e.getMessage());
    }
}
