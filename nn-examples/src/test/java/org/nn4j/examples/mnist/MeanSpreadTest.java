package org.nn4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeanSpreadTest {

    @Test
    void sampleStandardDeviationAndRangeOfThreeDraws() {
        MeanSpread m = MeanSpread.of(0.70, 0.74, 0.75);
        assertEquals(0.73, m.mean(), 1e-12);
        // deviations −0.03, 0.01, 0.02: squares sum to 0.0014, over n − 1 = 2 gives 0.0007
        assertEquals(Math.sqrt(0.0007), m.std(), 1e-12);
        assertEquals(0.70, m.min(), 1e-12);
        assertEquals(0.75, m.max(), 1e-12);
        assertEquals("73.0 ± 2.6 (70.0–75.0)", m.percent());
    }

    @Test
    void aSingleDrawHasNoSpread() {
        MeanSpread m = MeanSpread.of(0.5);
        assertEquals(0.5, m.mean(), 1e-12);
        assertEquals(0.0, m.std(), 0);
    }

    @Test
    void rejectsNoValues() {
        assertThrows(IllegalArgumentException.class, MeanSpread::of);
    }
}
