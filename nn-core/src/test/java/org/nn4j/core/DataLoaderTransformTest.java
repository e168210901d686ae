package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

/** Per-sample transforms and background prefetching in {@link DataLoader}. */
class DataLoaderTransformTest {

    /** Sample i of x is [i, i + 0.5, i + 0.25] as a [1, 1, 3] image; y row i = i. */
    private static INDArray xs(int n, DataType dtype) {
        double[] v = new double[3 * n];
        for (int i = 0; i < n; i++) {
            v[3 * i] = i;
            v[3 * i + 1] = i + 0.5;
            v[3 * i + 2] = i + 0.25;
        }
        return Nd4j.create(v, new long[] {n, 1, 1, 3}, 'c').castTo(dtype);
    }

    private static INDArray ys(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Nd4j.create(v, new long[] {n, 1}, 'c');
    }

    /** Adds a random integer 0..999 to every value (drawn once per sample) and records the thread. */
    private static SampleTransform noise(Set<String> threads) {
        return (s, rng) -> {
            threads.add(Thread.currentThread().getName());
            double d = rng.nextInt(1000);
            double[] v = s.values();
            for (int k = 0; k < v.length; k++) {
                v[k] += d;
            }
            return s;
        };
    }

    private static List<INDArray> epoch(Batches loader) {
        List<INDArray> xs = new ArrayList<>();
        for (Batch b : loader) {
            xs.add(b.x());
            // the targets are not transformed, and stay with their samples: the fraction parts tell
            double[] x = b.x().castTo(DataType.DOUBLE).reshape(b.size() * 3).toDoubleVector();
            double[] y = b.y().reshape(b.size()).toDoubleVector();
            for (int i = 0; i < y.length; i++) {
                assertEquals(0.5, x[3 * i + 1] - x[3 * i], 1e-9);
                double d = x[3 * i] - y[i];
                assertTrue(d == Math.rint(d) && d >= 0 && d < 1000, "sample " + y[i] + " moved by " + d);
            }
        }
        return xs;
    }

    @Test
    void prefetchingGivesTheSameBatchesBitForBitForRandomSizesAndWorkers() {
        long seed = TestArrays.testSeed("DataLoaderTransformTest.prefetching");
        qt().withFixedSeed(seed).withExamples(40)
                .forAll(integers().between(0, 50), integers().between(1, 9), integers().between(1, 4), longs().all())
                .checkAssert((n, batch, workers, loaderSeed) -> {
                    Set<String> threads = ConcurrentHashMap.newKeySet();
                    DataLoader plain = new DataLoader(xs(n, DataType.FLOAT), ys(n), batch, loaderSeed)
                            .transform(noise(threads));
                    DataLoader ahead = new DataLoader(xs(n, DataType.FLOAT), ys(n), batch, loaderSeed)
                            .transform(noise(threads)).prefetch(workers, 1 + workers);
                    for (int e = 0; e < 2; e++) {
                        List<INDArray> a = epoch(plain);
                        List<INDArray> b = epoch(ahead);
                        assertEquals(a.size(), b.size());
                        for (int k = 0; k < a.size(); k++) {
                            assertEquals(DataType.FLOAT, b.get(k).dataType());
                            assertArrayEquals(a.get(k).shape(), b.get(k).shape());
                            assertArrayEquals(a.get(k).reshape(-1).toFloatVector(), b.get(k).reshape(-1).toFloatVector());
                        }
                    }
                });
    }

    @Test
    void prefetchedTransformsRunOnWorkerThreadsAndPlainOnesOnTheCaller() {
        Set<String> plain = ConcurrentHashMap.newKeySet();
        epoch(new DataLoader(xs(20, DataType.FLOAT), ys(20), 4, 1).transform(noise(plain)));
        assertEquals(Set.of(Thread.currentThread().getName()), plain);
        Set<String> workers = ConcurrentHashMap.newKeySet();
        epoch(new DataLoader(xs(20, DataType.FLOAT), ys(20), 4, 1).transform(noise(workers)).prefetch(2, 3));
        assertTrue(workers.stream().allMatch(t -> t.startsWith("nn4j-loader-")), workers.toString());
    }

    @Test
    void eachSampleHasItsOwnGeneratorAndEveryEpochNewDraws() {
        DataLoader loader = new DataLoader(xs(200, DataType.DOUBLE), ys(200), 200, false, false, 7)
                .transform(noise(new HashSet<>()));
        double[] first = epoch(loader).get(0).reshape(-1).toDoubleVector();
        double[] second = epoch(loader).get(0).reshape(-1).toDoubleVector();
        Set<Double> draws = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            draws.add(first[3 * i] - i);
        }
        assertTrue(draws.size() > 150, "200 samples drew only " + draws.size() + " distinct values");
        assertNotEquals(first[0], second[0]);
        // the same seed gives the same epochs; float64 values pass through unchanged
        DataLoader again = new DataLoader(xs(200, DataType.DOUBLE), ys(200), 200, false, false, 7)
                .transform(noise(new HashSet<>()));
        INDArray x = epoch(again).get(0);
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(first, x.reshape(-1).toDoubleVector());
        assertEquals(first[1] - first[0], 0.5);
    }

    @Test
    void aTransformMayChangeTheSampleShapeAndRunsBeforeBatchTransforms() {
        SampleTransform firstTwo = (s, rng) -> new Sample(new double[] {s.values()[0], s.values()[1]}, 2);
        DataLoader loader = new DataLoader(xs(5, DataType.FLOAT), ys(5), 5, false, false, 3).transform(firstTwo)
                .map(b -> new Batch(b.x().mul(2), b.y()));
        INDArray x = loader.iterator().next().x();
        assertArrayEquals(new long[] {5, 2}, x.shape());
        assertArrayEquals(new float[] {0, 1}, x.getRow(0).dup().reshape(-1).toFloatVector());
        assertArrayEquals(new float[] {2, 3}, x.getRow(1).dup().reshape(-1).toFloatVector());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DataLoader(xs(5, DataType.FLOAT), ys(5), 5, 3).map(b -> b).transform(firstTwo));
        assertEquals("DataLoader: add sample transforms (transform) before batch transforms (map): sample"
                + " transforms run first", e.getMessage());
    }

    @Test
    void errorsOfTransformsReachTheCallerWhateverThreadRanThem() {
        SampleTransform ragged = (s, rng) -> s.values()[0] == 2 ? new Sample(new double[1], 1) : s;
        for (DataLoader loader : List.of(
                new DataLoader(xs(4, DataType.FLOAT), ys(4), 4, false, false, 1).transform(ragged),
                new DataLoader(xs(4, DataType.FLOAT), ys(4), 4, false, false, 1).transform(ragged).prefetch(2, 2))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loader.iterator().next());
            assertEquals("DataLoader: a sample transform gave samples of different shapes in one batch: [1, 1, 3]"
                    + " and [1] (sample 2)", e.getMessage());
        }
        SampleTransform failing = (s, rng) -> {
            throw new ArithmeticException("boom");
        };
        DataLoader loader = new DataLoader(xs(4, DataType.FLOAT), ys(4), 2, 1).transform(failing).prefetch(1, 1);
        assertEquals("boom", assertThrows(ArithmeticException.class, () -> loader.iterator().next()).getMessage());
    }

    @Test
    void badPrefetchArgumentsAndSamplesAreRejected() {
        DataLoader loader = new DataLoader(xs(4, DataType.FLOAT), ys(4), 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.prefetch(0, 2));
        assertEquals("DataLoader: prefetch needs at least 1 worker and a queue depth of at least 1, found 0"
                + " worker(s) and depth 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sample(new double[5], 2, 3));
        assertEquals("Sample: shape [2, 3] holds 6 values, found 5", e.getMessage());
    }

    @Test
    void sampleSeedsDifferAcrossEpochsAndPositions() {
        Set<Long> seeds = new HashSet<>();
        for (long epoch = 0; epoch < 20; epoch++) {
            for (long position = 0; position < 50; position++) {
                seeds.add(SampleBatch.seed(42, epoch, position));
            }
        }
        assertEquals(1000, seeds.size());
        assertNotEquals(SampleBatch.seed(1, 0, 0), SampleBatch.seed(2, 0, 0));
    }
}
