package org.nn4j.core.testing;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random arrays for tests, drawn in Java so they are the same on every backend. */
public final class TestArrays {

    private TestArrays() {
    }

    /** Uniform in [low, high), c-ordered. */
    public static INDArray uniform(long seed, DataType dataType, double low, double high, long... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /** Uniform in [-1, 1). */
    public static INDArray uniform(long seed, DataType dataType, long... shape) {
        return uniform(seed, dataType, -1, 1, shape);
    }

    /** Standard normal. */
    public static INDArray normal(long seed, DataType dataType, long... shape) {
        java.util.Random random = new java.util.Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /** The seed a randomised test prints and uses: {@code -Dnn4j.test.seed=N} reproduces a run. */
    public static long testSeed(String testName) {
        long seed = Long.getLong("nn4j.test.seed", System.nanoTime());
        System.out.println(testName + ": seed " + seed + " (rerun with -Dnn4j.test.seed=" + seed + ")");
        return seed;
    }
}
