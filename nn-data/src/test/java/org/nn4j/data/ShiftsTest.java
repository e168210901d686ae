package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nn4j.data.RotationsTest.flat;
import static org.nn4j.data.RotationsTest.nine;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.TestArrays;

class ShiftsTest {

    @Test
    void shiftsA3x3ImageByOnePixelWithZeroFill() {
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, flat(Shifts.shift(nine(), 1, 0)));
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, flat(Shifts.shift(nine(), -1, 0)));
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, flat(Shifts.shift(nine(), 0, 1)));
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, flat(Shifts.shift(nine(), 0, -1)));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 2, 3, 0}, flat(Shifts.shift(nine(), 2, -1)));
        assertArrayEquals(new float[9], flat(Shifts.shift(nine(), 3, 0)));
    }

    @Test
    void shiftsCompose() {
        long seed = TestArrays.testSeed("ShiftsTest.shiftsCompose");
        qt().withFixedSeed(seed).withExamples(40)
                .forAll(integers().between(-3, 3), integers().between(-3, 3), integers().between(2, 6), integers().between(2, 6))
                .checkAssert((dy, dx, h, w) -> {
                    INDArray x = TestArrays.uniform(seed + h * 7 + w, DataType.FLOAT, 0.0, 1.0, 2, 1, h, w);
                    assertEquals(Shifts.shift(x, dy, dx), Shifts.shift(Shifts.shift(x, dy, 0), 0, dx));
                    // shifting back restores the pixels that stayed inside, and zeroes the rest
                    INDArray back = Shifts.shift(Shifts.shift(x, dy, dx), -dy, -dx);
                    INDArray inside = Shifts.shift(Shifts.shift(x.mul(0).add(1), dy, dx), -dy, -dx);
                    assertEquals(x.mul(inside), back);
                });
    }

    @Test
    void augmentAddsTheFourShiftedCopiesWithTheirLabels() {
        ImageSet set = Shifts.augment(ImageSet.ofImages(nine(), new int[] {6}, 10));
        assertEquals(5, set.size());
        assertArrayEquals(new int[] {6, 6, 6, 6, 6}, set.labels());
        assertArrayEquals(flat(nine()), flat(set.images().slice(0)));
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, flat(set.images().slice(1)));
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, flat(set.images().slice(2)));
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, flat(set.images().slice(3)));
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, flat(set.images().slice(4)));
    }
}
