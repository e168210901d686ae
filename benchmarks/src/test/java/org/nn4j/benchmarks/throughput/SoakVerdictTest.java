package org.nn4j.benchmarks.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak's growth criterion on made-up hour-long records: flat passes, the per-thread leak fails. */
class SoakVerdictTest {

    private static final long SEED = 18;

    /**
     * One sample a minute for 60 minutes; the RSS floor = 2 GB + slope·t + noise, the RSS at the sample that plus
     * arrays in flight (up to about 1.5 GB more), the native counts flat.
     */
    private static List<SoakRun.Sample> hour(double rssMbPerMinute, double noiseMb) {
        System.out.println("seed " + SEED);
        Random random = new Random(SEED);
        List<SoakRun.Sample> samples = new ArrayList<>();
        for (int t = 0; t <= 60; t++) {
            long floor = (long) ((2000 + rssMbPerMinute * t + noiseMb * random.nextGaussian()) * 1e6);
            long rss = floor + (long) (Math.abs(500 * random.nextGaussian()) * 1e6);
            long nd4j = (long) ((200 + 5 * random.nextGaussian()) * 1e6);
            samples.add(new SoakRun.Sample(t, rss, floor, nd4j, 1_000_000, rss, 20_000_000, 60_000_000, 15, 37, 100L * t,
                    1000L * t, 96L * t, 0));
        }
        return samples;
    }

    @Test
    void flatNoisyRunPasses() {
        List<String> verdict = SoakRun.verdict(hour(0, 50), 60, 8);
        assertEquals(5, verdict.size(), verdict.toString());
        assertTrue(verdict.get(1).startsWith("PASS RSS floor: "), verdict.get(1));
        assertTrue(verdict.get(2).startsWith("info RSS at the sample (not judged"), verdict.get(2));
        verdict.stream().skip(3).forEach(line -> assertTrue(line.startsWith("PASS"), line));
    }

    @Test
    void leakOfPointEighteenMbPerShortLivedThreadFails() {
        double perMinute = 0.18 * SoakRun.BURST_THREADS * 60.0 / SoakRun.BURST_SECONDS; // 17.3 MB/min
        List<String> verdict = SoakRun.verdict(hour(perMinute, 50), 60, 8);
        assertTrue(verdict.get(1).startsWith("FAIL RSS floor: +1"), verdict.get(1)); // +173 MB per 10 min, give or take the noise
        assertTrue(verdict.get(3).startsWith("PASS ND4J allocated"), verdict.get(3));
    }

    @Test
    void shortRunIsNotJudged() {
        List<String> verdict = SoakRun.verdict(hour(0, 50).subList(0, 6), 5, 1);
        assertEquals(1, verdict.size());
        assertTrue(verdict.get(0).startsWith("trend not judged: 3 samples from minute 2.5"), verdict.get(0));
    }

    @Test
    void runWhoseFirstRoundNeverEndedIsNotJudged() {
        List<String> verdict = SoakRun.verdict(hour(0, 50), 60, Double.NaN);
        assertEquals(List.of("trend not judged: the first round of A-G did not end (a longer run)"), verdict);
    }
}
