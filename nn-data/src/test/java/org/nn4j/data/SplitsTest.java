package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class SplitsTest {

    private static int[] labels(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return IntStream.range(0, n).map(i -> r.nextInt(classes)).toArray();
    }

    private static int[] counts(int[] labels, int[] rows, int classes) {
        int[] c = new int[classes];
        for (int i : rows) {
            c[labels[i]]++;
        }
        return c;
    }

    @Test
    void splitsArePartitionsAndStratifiedOnesKeepEachClassProportion() {
        long seed = TestArrays.testSeed("SplitsTest.splitsArePartitionsAndStratifiedOnesKeepEachClassProportion");
        qt().withFixedSeed(seed).withExamples(100)
                .forAll(integers().between(1, 300), integers().between(1, 10), integers().between(0, 100), longs().all())
                .checkAssert((n, classes, percent, s) -> {
                    int[] labels = labels(n, classes, s);
                    double f = percent / 100.0;
                    for (boolean stratified : new boolean[] {false, true}) {
                        Splits.Split split = Splits.trainValidation(labels, f, stratified, s);
                        int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation()))
                                .sorted().toArray();
                        assertArrayEquals(IntStream.range(0, n).toArray(), all);
                        if (!stratified) {
                            assertEquals(Math.round(f * n), split.validation().length);
                        } else {
                            int[] total = counts(labels, IntStream.range(0, n).toArray(), classes);
                            int[] valid = counts(labels, split.validation(), classes);
                            for (int k = 0; k < classes; k++) {
                                assertEquals(Math.round(f * total[k]), valid[k], "class " + k);
                            }
                        }
                    }
                });
    }

    @Test
    void splitsAreSeeded() {
        int[] labels = labels(100, 3, 1);
        assertArrayEquals(Splits.trainValidation(labels, 0.2, true, 5).validation(),
                Splits.trainValidation(labels, 0.2, true, 5).validation());
        assertNotEquals(Arrays.toString(Splits.trainValidation(labels, 0.2, true, 5).validation()),
                Arrays.toString(Splits.trainValidation(labels, 0.2, true, 6).validation()));
    }

    @Test
    void tenPerClassGivesRotNetsHundredLabelledImages() {
        int[] labels = labels(2000, 10, 3);
        int[] rows = Splits.perClass(labels, 10, 10, 11);
        assertEquals(100, rows.length);
        assertEquals(100, Arrays.stream(rows).distinct().count());
        int[] ten = new int[10];
        Arrays.fill(ten, 10);
        assertArrayEquals(ten, counts(labels, rows, 10));
        ImageSet set = new ImageSet(Nd4j.zeros(DataType.FLOAT, 2000, 4), labels, 10, 2, 2);
        assertArrayEquals(ten, set.select(rows).classCounts());
    }

    @Test
    void perClassRejectsAClassWithTooFewSamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.perClass(new int[] {0, 0, 1, 2, 2}, 3, 2, 1));
        assertEquals("Splits: expected at least 2 samples of class 1, found 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Splits.trainValidation(new int[] {0, 1}, 1.5, false, 1));
        assertEquals("Splits: expected a validation fraction in [0, 1], found 1.5", e.getMessage());
    }
}
