package org.nn4j.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Sample;
import org.nn4j.core.testing.TestArrays;

/** RandomCrop, RandomHorizontalFlip, Normalize and Compose against hand values, and their distributions. */
class AugmentTest {

    /** An image [c, h, w] whose value at (ch, y, x) is 100 ch + 10 y + x + 1 (never 0, so padding shows). */
    private static Sample image(int c, int h, int w) {
        double[] v = new double[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(ch * h + y) * w + x] = 100 * ch + 10 * y + x + 1;
                }
            }
        }
        return new Sample(v, c, h, w);
    }

    @Test
    void cropIsAWindowOfTheZeroPaddedImageAtAUniformCorner() {
        long seed = TestArrays.testSeed("AugmentTest.crop");
        qt().withFixedSeed(seed).withExamples(200)
                .forAll(integers().between(1, 6), integers().between(1, 6), integers().between(0, 3), longs().all())
                .checkAssert((h, w, pad, rngSeed) -> {
                    int ch = 1 + (int) Math.floorMod(rngSeed, 3);
                    // the largest square crop that always overlaps the image, so that its corner can be read off it
                    int size = Math.min(h, w) + pad;
                    Sample in = image(ch, h, w);
                    Sample out = new RandomCrop(size, pad).apply(new Sample(in.values().clone(), in.shape()),
                            new SplittableRandom(rngSeed));
                    assertArrayEquals(new long[] {ch, size, size}, out.shape());
                    // find the corner from a value inside the image, then check every pixel against the padded image
                    int top = Integer.MIN_VALUE;
                    int left = 0;
                    for (int y = 0; y < size && top == Integer.MIN_VALUE; y++) {
                        for (int x = 0; x < size; x++) {
                            double v = out.values()[y * size + x];
                            if (v != 0) {
                                top = (int) ((v - 1) / 10) - y;
                                left = (int) ((v - 1) % 10) - x;
                                break;
                            }
                        }
                    }
                    assertTrue(top != Integer.MIN_VALUE, "the crop holds no pixel of the image");
                    assertTrue(top >= -pad && top <= h + pad - size && left >= -pad && left <= w + pad - size);
                    for (int c = 0; c < ch; c++) {
                        for (int y = 0; y < size; y++) {
                            for (int x = 0; x < size; x++) {
                                int sy = top + y;
                                int sx = left + x;
                                double expected = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : 100 * c + 10 * sy + sx + 1;
                                assertEquals(expected, out.values()[(c * size + y) * size + x]);
                            }
                        }
                    }
                });
    }

    @Test
    void everyCornerIsEquallyLikely() {
        RandomCrop crop = new RandomCrop(3, 1);
        Map<Double, Integer> counts = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(5);
        int n = 90_000;
        for (int i = 0; i < n; i++) {
            // a 3x3 image padded by 1: 3 x 3 corners; the centre pixel's position in the crop names the corner
            Sample out = crop.apply(image(1, 3, 3), rng);
            int at = 0;
            while (out.values()[at] != 12) {
                at++;
            }
            counts.merge((double) at, 1, Integer::sum);
        }
        assertEquals(9, counts.size());
        double sd = Math.sqrt(n / 9.0 * (1 - 1 / 9.0));
        for (int c : counts.values()) {
            assertEquals(n / 9.0, c, 5 * sd);
        }
    }

    @Test
    void flipMirrorsEveryRowWithTheGivenProbability() {
        Sample flipped = new RandomHorizontalFlip(1).apply(image(2, 2, 3), new SplittableRandom(1));
        assertArrayEquals(new double[] {3, 2, 1, 13, 12, 11, 103, 102, 101, 113, 112, 111}, flipped.values());
        Sample kept = new RandomHorizontalFlip(0).apply(image(1, 1, 3), new SplittableRandom(1));
        assertArrayEquals(new double[] {1, 2, 3}, kept.values());
        int flips = 0;
        int n = 40_000;
        SplittableRandom rng = new SplittableRandom(9);
        RandomHorizontalFlip half = new RandomHorizontalFlip();
        for (int i = 0; i < n; i++) {
            flips += half.apply(image(1, 1, 2), rng).values()[0] == 2 ? 1 : 0;
        }
        assertEquals(n / 2.0, flips, 5 * Math.sqrt(n / 4.0));
    }

    @Test
    void normalizeStandardisesEachChannel() {
        Sample out = new Normalize(new double[] {1, 100}, new double[] {2, 0.5}).apply(image(2, 1, 2),
                new SplittableRandom(0));
        assertArrayEquals(new double[] {0, 0.5, 2, 4}, out.values());
    }

    @Test
    void composeAppliesInOrderAndTheLoaderRunsItOnImages() {
        Compose both = Compose.of(new RandomCrop(2, 0), new Normalize(new double[] {1}, new double[] {10}));
        assertEquals("Compose[RandomCrop(2, padding=0), Normalize(mean=[1.0], std=[10.0])]", both.toString());
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 11, 12, 1, 2, 11, 12}).reshape(2, 1, 2, 2);
        DataLoader loader = new DataLoader(x, Nd4j.zeros(DataType.FLOAT, 2, 1), 2, 4).transform(both);
        Batch b = loader.iterator().next();
        assertEquals(DataType.FLOAT, b.x().dataType());
        assertArrayEquals(new float[] {0, 0.1f, 1, 1.1f, 0, 0.1f, 1, 1.1f}, b.x().reshape(-1).toFloatVector(), 1e-6f);
    }

    @Test
    void badArgumentsAndSamplesAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 2));
        assertEquals("RandomCrop: expected a size of at least 1x1 and padding of at least 0, found 0x0 and padding 2",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(5, 0).apply(image(1, 4, 4), new SplittableRandom(1)));
        assertEquals("RandomCrop: a 5x5 crop does not fit in a 4x4 image padded by 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RandomHorizontalFlip().apply(new Sample(new double[4], 4), new SplittableRandom(1)));
        assertEquals("RandomHorizontalFlip: expected an image [C, H, W], found a sample of shape [4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
        assertEquals("RandomHorizontalFlip: expected a probability in [0, 1], found 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0, 0}, new double[] {1}));
        assertEquals("Normalize: expected one mean and one std per channel, found 2 mean(s) and 1 std(s)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0}, new double[] {0}));
        assertEquals("Normalize: expected positive standard deviations, found [0.0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(image(1, 2, 2), null));
        assertEquals("Normalize: expected 3 channel(s), found an image of shape [1, 2, 2]", e.getMessage());
    }
}
