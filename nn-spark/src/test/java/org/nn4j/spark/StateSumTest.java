package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The round's sum: the same bits whatever the order in which partitions arrive, each counted once. */
class StateSumTest {

    /** Values whose sum depends on the order of the additions. */
    private static final double[] VALUES = {0.75, 1e16, -1e16, 0.75, 3.0};

    private static StateSum leaf(int p) {
        return StateSum.leaf(VALUES.length, p, Map.of("w", Nd4j.createFromArray(VALUES[p], -VALUES[p] / 3)), p, 1, 10);
    }

    @Test
    void theSumHasTheSameBitsInEveryOrderAndGrouping() {
        long seed = 20261203L;
        System.out.println("StateSumTest seed " + seed);
        Random random = new Random(seed);
        double[] first = null;
        for (int trial = 0; trial < 50; trial++) {
            List<StateSum> pending = new ArrayList<>();
            for (int p = 0; p < VALUES.length; p++) {
                pending.add(leaf(p));
            }
            Collections.shuffle(pending, random);
            while (pending.size() > 1) { // merge random pairs, as Spark's tree may
                StateSum a = pending.remove(random.nextInt(pending.size()));
                StateSum b = pending.remove(random.nextInt(pending.size()));
                pending.add(random.nextBoolean() ? a.add(b) : b.add(a));
            }
            INDArray mean = pending.get(0).mean().get("w");
            double[] bits = mean.toDoubleVector();
            if (first == null) {
                first = bits;
            }
            assertArrayEquals(first, bits, "trial " + trial);
        }
        // the fixed tree: ((s0 + s1) + (s2 + s3)) + s4
        assertEquals((((VALUES[0] + VALUES[1]) + (VALUES[2] + VALUES[3])) + VALUES[4]) / VALUES.length, first[0], 0.0);
        assertNotEquals(((((VALUES[1] + VALUES[2]) + VALUES[0]) + VALUES[3]) + VALUES[4]) / VALUES.length, first[0],
                "a left-to-right sum in another order gives other bits: the test can tell orders apart");
    }

    @Test
    void aPartitionArrivingTwiceIsAnErrorNotADoubleCount() {
        StateSum sum = leaf(0).add(leaf(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sum.add(leaf(1)));
        assertEquals("nn-spark: the result of partitions [1, 1] arrived twice; it is counted once", e.getMessage());
    }

    @Test
    void anIncompleteSumNamesThePartitionsItHas() {
        StateSum sum = leaf(0).add(leaf(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, sum::total);
        assertEquals("nn-spark: the round's sum has 2 of 5 partitions ([0, 3])", e.getMessage());
    }

    @Test
    void lossStepsAndSamplesAddUp() {
        StateSum sum = StateSum.empty(VALUES.length);
        for (int p = VALUES.length - 1; p >= 0; p--) {
            sum.add(leaf(p));
        }
        StateSum.Node total = sum.total();
        assertEquals(0 + 1 + 2 + 3 + 4, total.loss, 0.0);
        assertEquals(5, total.steps);
        assertEquals(50, total.samples);
    }
}
