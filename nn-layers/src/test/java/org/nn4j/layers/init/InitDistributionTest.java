package org.nn4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Linear;

/**
 * The distributions on large arrays: uniform draws within their bounds exactly, means and standard deviations
 * within five standard errors of the sample statistic for n values (so a wrong factor of √2 or √3 fails, and a
 * correct fill fails with probability below 10⁻⁶), in float64 and float32. Also determinism and layouts.
 */
class InitDistributionTest {

    private static final double Z = 5;

    /** Sample mean and variance of {@code a}, checked against the distribution's; {@code kurtosis} is E(x−μ)⁴/σ⁴. */
    private static void assertMoments(String what, INDArray a, double mean, double std, double kurtosis) {
        double[] v = TestArrays.values(a);
        int n = v.length;
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double m = sum / n;
        double squares = 0;
        for (double x : v) {
            squares += (x - m) * (x - m);
        }
        double variance = squares / (n - 1);
        assertEquals(mean, m, Z * std / Math.sqrt(n), what + ": mean of " + n);
        // the sample variance has a standard deviation of σ²·√((κ − 1)/n)
        assertEquals(std * std, variance, Z * std * std * Math.sqrt((kurtosis - 1) / n), what + ": variance of " + n);
    }

    private static void assertUniform(String what, INDArray a, double low, double high) {
        double min = a.minNumber().doubleValue();
        double max = a.maxNumber().doubleValue();
        double lowest = a.dataType() == DataType.FLOAT ? (float) low : low;
        double highest = a.dataType() == DataType.FLOAT ? (float) high : high;
        assertTrue(min >= lowest && max <= highest, what + ": [" + min + ", " + max + "] outside [" + low + ", " + high + "]");
        assertTrue(min < low + 1e-3 * (high - low) && max > high - 1e-3 * (high - low),
                what + ": [" + min + ", " + max + "] does not reach near both bounds of [" + low + ", " + high + "]");
        assertMoments(what, a, (low + high) / 2, (high - low) / Math.sqrt(12), 9.0 / 5);
    }

    private static void assertNormal(String what, INDArray a, double mean, double std) {
        assertMoments(what, a, mean, std, 3);
        double[] v = TestArrays.values(a);
        long within = Arrays.stream(v).filter(x -> Math.abs(x - mean) <= std).count();
        double p = 0.6826894921370859;
        assertEquals(p, (double) within / v.length, Z * Math.sqrt(p * (1 - p) / v.length), what + ": share within 1σ");
    }

    @Test
    void uniformStaysWithinItsBoundsWithTheMomentsOfU() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            assertUniform("uniform " + dt, Init.uniform(Nd4j.create(dt, 300, 700), -0.3, 1.7, 1), -0.3, 1.7);
            assertUniform("uniform rank 1 " + dt, Init.uniform(Nd4j.create(dt, 100_001), 2, 2.5, 2), 2, 2.5);
            assertEquals(dt, Init.uniform(Nd4j.create(dt, 3), 0, 1, 3).dataType());
        }
    }

    @Test
    void normalHasTheMomentsAndShapeOfAGaussian() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            assertNormal("normal " + dt, Init.normal(Nd4j.create(dt, 500, 401), 0.5, 2, 4), 0.5, 2);
            assertNormal("normal rank 3 " + dt, Init.normal(Nd4j.create(dt, 7, 11, 1301), -1, 0.01, 5), -1, 0.01);
        }
        assertEquals(0, Init.normal(Nd4j.create(DataType.DOUBLE, 10), 3, 0, 1).sub(3).amaxNumber().doubleValue());
    }

    @Test
    void kaimingUniformIsUniformWithinGainTimesRootThreeOverFan() {
        INDArray w = Init.kaimingUniform(Nd4j.create(DataType.DOUBLE, 64, 32, 3, 3), 0, Mode.FAN_IN, Nonlinearity.RELU, 6);
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / (32 * 9));
        assertUniform("kaimingUniform fan_in relu", w, -bound, bound);
        INDArray f = Init.kaimingUniform(Nd4j.create(DataType.FLOAT, 64, 32, 3, 3), 0.2, Mode.FAN_OUT,
                Nonlinearity.LEAKY_RELU, 7);
        double fanOutBound = Math.sqrt(2 / 1.04) * Math.sqrt(3.0 / (64 * 9));
        assertUniform("kaimingUniform fan_out leaky_relu 0.2 float32", f, -fanOutBound, fanOutBound);
    }

    @Test
    void kaimingNormalHasStdGainOverRootFan() {
        INDArray w = Init.kaimingNormal(Nd4j.create(DataType.DOUBLE, 128, 64, 5, 5), 0, Mode.FAN_OUT, Nonlinearity.RELU, 8);
        assertNormal("kaimingNormal fan_out relu", w, 0, Math.sqrt(2) / Math.sqrt(128 * 25));
        INDArray f = Init.kaimingNormal(Nd4j.create(DataType.FLOAT, 300, 900), 0, Mode.FAN_IN, Nonlinearity.TANH, 9);
        assertNormal("kaimingNormal fan_in tanh float32", f, 0, 5.0 / 3 / 30);
    }

    @Test
    void xavierUsesTheMeanOfBothFans() {
        INDArray u = Init.xavierUniform(Nd4j.create(DataType.DOUBLE, 400, 200, 3), 2, 10);
        double bound = 2 * Math.sqrt(6.0 / (200 * 3 + 400 * 3));
        assertUniform("xavierUniform gain 2", u, -bound, bound);
        INDArray n = Init.xavierNormal(Nd4j.create(DataType.FLOAT, 700, 300), 1, 11);
        assertNormal("xavierNormal float32", n, 0, Math.sqrt(2.0 / 1000));
    }

    @Test
    void constantsFillEveryElementOfAnyDtype() {
        assertEquals(0.25, Init.constant(Nd4j.create(DataType.DOUBLE, 3, 4), 0.25).minNumber().doubleValue());
        assertEquals(0.25, Init.constant(Nd4j.create(DataType.DOUBLE, 3, 4), 0.25).maxNumber().doubleValue());
        assertEquals(0, Init.zeros(Nd4j.ones(DataType.FLOAT, 2, 3, 4)).amaxNumber().doubleValue());
        assertEquals(24, Init.ones(Nd4j.zeros(DataType.FLOAT, 2, 3, 4)).sumNumber().doubleValue());
        assertEquals(21, Init.constant(Nd4j.zeros(DataType.INT, 3, 7), 1).sumNumber().intValue());
        assertEquals(7.5, Init.constant(Nd4j.scalar(0.0), 7.5).getDouble(0));
    }

    @Test
    void theSameSeedGivesTheSameValuesAndAnotherSeedOthers() {
        long[] shape = {5, 4, 3};
        for (int kind = 0; kind < 6; kind++) {
            INDArray a = fill(kind, Nd4j.create(DataType.DOUBLE, shape), 21);
            INDArray b = fill(kind, Nd4j.create(DataType.DOUBLE, shape), 21);
            INDArray c = fill(kind, Nd4j.create(DataType.DOUBLE, shape), 22);
            assertArrayEquals(TestArrays.values(a), TestArrays.values(b), 0, "kind " + kind);
            assertFalse(Arrays.equals(TestArrays.values(a), TestArrays.values(c)), "kind " + kind);
            // drawn in float64 and rounded: a float32 fill is the float64 one, rounded
            INDArray f = fill(kind, Nd4j.create(DataType.FLOAT, shape), 21);
            assertArrayEquals(TestArrays.values(a.castTo(DataType.FLOAT)), TestArrays.values(f), 0, "kind " + kind + " float32");
        }
    }

    private static INDArray fill(int kind, INDArray t, long seed) {
        return switch (kind) {
            case 0 -> Init.kaimingUniform(t, 0, Mode.FAN_IN, Nonlinearity.RELU, seed);
            case 1 -> Init.kaimingNormal(t, 0.1, Mode.FAN_OUT, Nonlinearity.LEAKY_RELU, seed);
            case 2 -> Init.xavierUniform(t, 1, seed);
            case 3 -> Init.xavierNormal(t, 1, seed);
            case 4 -> Init.orthogonal(t, 1, seed);
            default -> Init.normal(t, 0, 1, seed);
        };
    }

    /** In place in any layout: a view, an 'f'-ordered array; the rest of the view's base is left as it was. */
    @Test
    void fillsViewsAndFOrderedArraysWithTheValuesOfACOrderedOne() {
        for (int kind = 0; kind < 6; kind++) {
            INDArray c = fill(kind, Nd4j.create(DataType.DOUBLE, 4, 6), 31);
            INDArray f = fill(kind, Nd4j.create(DataType.DOUBLE, 4, 6).dup('f'), 31);
            assertArrayEquals(TestArrays.values(c), TestArrays.values(f), 0, "kind " + kind + " f order");
            INDArray base = Nd4j.create(DataType.DOUBLE, 6, 9).assign(7.0);
            INDArray view = base.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 8));
            fill(kind, view, 31);
            assertArrayEquals(TestArrays.values(c), TestArrays.values(view), 0, "kind " + kind + " view");
            assertEquals(6 * 9 - 24, (int) Arrays.stream(TestArrays.values(base)).filter(x -> x == 7.0).count(),
                    "kind " + kind + ": the rest of the base");
            INDArray transposed = Nd4j.create(DataType.DOUBLE, 6, 4).transpose();
            fill(kind, transposed, 31);
            assertArrayEquals(TestArrays.values(c), TestArrays.values(transposed), 0, "kind " + kind + " transposed view");
        }
    }

    /** PyTorch leaves a tensor with no elements as it is (Kaiming even below rank 2); so does nn4j. */
    @Test
    void emptyArraysAreLeftAsTheyAre() {
        for (int kind = 0; kind < 6; kind++) {
            assertEquals(0, fill(kind, Nd4j.create(DataType.DOUBLE, 0, 5), 1).length());
            assertEquals(0, fill(kind, Nd4j.create(DataType.FLOAT, 3, 0, 2), 1).length());
        }
        assertEquals(0, Init.kaimingUniform(Nd4j.create(DataType.DOUBLE, 0), 0, Mode.FAN_IN, Nonlinearity.RELU, 1).length());
        assertEquals(0, Init.uniform(Nd4j.create(DataType.DOUBLE, 0), 0, 1, 1).length());
    }

    /** PyTorch's default for Linear and Conv2D is kaiming_uniform(a=√5); the modules' own defaults agree with it. */
    @Test
    void kaimingUniformWithRootFiveIsTheModulesDefault() {
        INDArray plain = Nd4j.create(DataType.DOUBLE, 6, 5);
        Initialisers.uniform(plain, -0.5, 2, 39);
        assertArrayEquals(TestArrays.values(plain), TestArrays.values(Init.uniform(Nd4j.create(DataType.DOUBLE, 6, 5), -0.5, 2, 39)), 0);
        Linear linear = new Linear(7, 5, true, 40);
        INDArray w = Init.kaimingUniform(Nd4j.create(DataType.FLOAT, 5, 7), Math.sqrt(5), Mode.FAN_IN,
                Nonlinearity.LEAKY_RELU, 40);
        TestArrays.assertClose("Linear's weight", linear.weight().value(), w, 1e-7);
        Conv2D conv = new Conv2D(3, 4, 3);
        conv.reset(41);
        INDArray k = Init.kaimingUniform(Nd4j.create(DataType.FLOAT, 4, 3, 3, 3), Math.sqrt(5), Mode.FAN_IN,
                Nonlinearity.LEAKY_RELU, 41);
        TestArrays.assertClose("Conv2D's weight", conv.weight().value(), k, 1e-7);
    }
}
