package org.nn4j.core.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Seeded random arrays for tests, drawn in Java ({@link java.util.SplittableRandom}, {@link java.util.Random})
 * so that a seed gives the same values on every backend and every machine, and a closeness check with a
 * message that says how far apart two arrays are.
 */
public final class TestArrays {

    private TestArrays() {
    }

    /**
     * Uniform in [low, high), c-ordered.
     *
     * @param seed     the same seed gives the same values
     * @param dataType the dtype of the result
     * @param low      the lower bound, included
     * @param high     the upper bound, excluded
     * @param shape    the shape of the result
     * @return a new array
     */
    public static INDArray uniform(long seed, DataType dataType, double low, double high, long... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /**
     * Uniform in [-1, 1), c-ordered.
     *
     * @param seed     the same seed gives the same values
     * @param dataType the dtype of the result
     * @param shape    the shape of the result
     * @return a new array
     */
    public static INDArray uniform(long seed, DataType dataType, long... shape) {
        return uniform(seed, dataType, -1, 1, shape);
    }

    /**
     * Integers uniform in [0, bound), c-ordered: the indices of an embedding, say.
     *
     * @param seed     the same seed gives the same values
     * @param dataType the dtype of the result, usually {@code DataType.INT} or {@code DataType.LONG}
     * @param bound    the values are below it, &ge; 1
     * @param shape    the shape of the result
     * @return a new array
     */
    public static INDArray indices(long seed, DataType dataType, long bound, long... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] v = new long[elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextLong(bound);
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /**
     * Standard normal, c-ordered.
     *
     * @param seed     the same seed gives the same values
     * @param dataType the dtype of the result
     * @param shape    the shape of the result
     * @return a new array
     */
    public static INDArray normal(long seed, DataType dataType, long... shape) {
        java.util.Random random = new java.util.Random(seed);
        double[] v = new double[elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /**
     * The seed a randomised test prints and uses: {@code -Dnn4j.test.seed=N} reproduces a run, otherwise a new
     * one is drawn from the clock.
     *
     * @param testName printed with the seed
     * @return the seed
     */
    public static long testSeed(String testName) {
        long seed = Long.getLong("nn4j.test.seed", System.nanoTime());
        System.out.println(testName + ": seed " + seed + " (rerun with -Dnn4j.test.seed=" + seed + ")");
        return seed;
    }

    /**
     * The values of {@code a} in five other memory layouts, by name: an 'f'-ordered copy; a dense view
     * at an offset (rows 1..N of an [N + 1, …] array); a view that is neither dense nor c- nor f-ordered (axes 0 and 1
     * swapped in memory and every second element of the last axis; for a vector, every second element); a sub-array of a
     * larger 'f'-ordered array, at the odd offset 1 (elements 1..N of the first axis of an [N + 2, …] array, which in 'f'
     * order is the one of stride 1); a sub-array of a larger c-ordered array, one longer on every axis, at the odd offset 1
     * (elements 1.. of the last axis). The memory around each view holds NaN, so a kernel that reads outside the view
     * gives NaN; around an integer array (indices) it holds −1, which no index may be.
     *
     * @param a not modified
     * @return the five arrays, keyed by a description of their layout
     */
    public static Map<String, INDArray> otherLayouts(INDArray a) {
        int rank = a.rank();
        long[] shape = a.shape();
        double fill = a.dataType().isFPType() ? Double.NaN : -1;
        Map<String, INDArray> layouts = new LinkedHashMap<>();
        layouts.put("an 'f'-ordered copy", a.dup('f'));

        long[] taller = shape.clone();
        taller[0] += 1;
        INDArrayIndex[] rows = all(rank);
        rows[0] = NDArrayIndex.interval(1, taller[0]);
        layouts.put("a view at an offset", Nd4j.valueArrayOf(taller, fill, a.dataType()).get(rows).assign(a));

        int[] swap = new int[rank];
        Arrays.setAll(swap, i -> i < 2 && rank > 1 ? 1 - i : i);
        long[] memory = a.permute(swap).shape().clone(); // permute may return a itself, and shape() its own array
        memory[rank - 1] *= 2;
        INDArrayIndex[] everySecond = all(rank);
        everySecond[rank - 1] = NDArrayIndex.interval(0, 2, memory[rank - 1]);
        layouts.put(rank > 1 ? "a strided view with axes 0 and 1 swapped in memory" : "a strided view (every second element)",
                Nd4j.valueArrayOf(memory, fill, a.dataType()).get(everySecond).permute(swap).assign(a));

        long[] wider = shape.clone();
        wider[0] += 2;
        INDArrayIndex[] inner = all(rank);
        inner[0] = NDArrayIndex.interval(1, shape[0] + 1);
        layouts.put("a sub-array of a larger 'f'-ordered array at an odd offset",
                Nd4j.createUninitialized(a.dataType(), wider, 'f').assign(fill).get(inner).assign(a));

        long[] larger = shape.clone();
        INDArrayIndex[] corner = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            larger[d] += 1;
            corner[d] = d == rank - 1 ? NDArrayIndex.interval(1, larger[d]) : NDArrayIndex.interval(0, shape[d]);
        }
        layouts.put("a sub-array of a larger c-ordered array at an odd offset",
                Nd4j.valueArrayOf(larger, fill, a.dataType()).get(corner).assign(a));

        for (Map.Entry<String, INDArray> e : layouts.entrySet()) {
            Expect.sameShape(shape, e.getValue().shape(), e::getKey);
            Expect.equal(0.0, maxDifference(values(a), values(e.getValue())), () -> e.getKey() + " does not hold the same values");
        }
        return layouts;
    }

    /**
     * Fails unless the shapes are equal and {@code max|expected − actual| ≤ relative · max(1, max|expected|)}; NaN fails.
     *
     * @param what     names the arrays in the message
     * @param expected not modified
     * @param actual   not modified
     * @param relative the tolerance, relative to the largest expected magnitude (or 1)
     * @throws AssertionError with the largest difference and the bound when they are not close
     */
    public static void assertClose(String what, INDArray expected, INDArray actual, double relative) {
        Expect.sameShape(expected.shape(), actual.shape(), () -> what + ": shape");
        assertClose(what, values(expected), values(actual), relative);
    }

    /**
     * {@link #assertClose(String, INDArray, INDArray, double)} on the {@link #values} of two arrays of one shape.
     *
     * @param what     names the arrays in the message
     * @param expected not modified
     * @param actual   not modified
     * @param relative the tolerance, relative to the largest expected magnitude (or 1)
     * @throws AssertionError with the largest difference and the bound when they are not close
     */
    public static void assertClose(String what, double[] expected, double[] actual, double relative) {
        double scale = 1;
        for (double x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        double diff = maxDifference(expected, actual);
        double bound = relative * scale;
        Expect.isTrue(diff <= bound, () -> what + ": max |difference| " + diff + " > " + relative + " · " + bound / relative);
    }

    /** {@code max|u − v|}, NaN if either holds NaN. */
    private static double maxDifference(double[] u, double[] v) {
        double max = 0;
        for (int i = 0; i < u.length; i++) {
            double d = Math.abs(u[i] - v[i]);
            if (Double.isNaN(d)) {
                return d;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /**
     * The logical values of {@code a} in c order, as float64, whatever its layout (through a c-ordered copy: reading a
     * view's buffer directly would be wrong).
     *
     * @param a not modified
     * @return a new array of {@code a.length()} values
     */
    public static double[] values(INDArray a) {
        return a.length() == 0 ? new double[0] : a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /** How many elements an array of {@code shape} has (a Java array holds them all). */
    private static int elements(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }

    private static INDArrayIndex[] all(int rank) {
        INDArrayIndex[] all = new INDArrayIndex[rank];
        Arrays.fill(all, NDArrayIndex.all());
        return all;
    }
}
