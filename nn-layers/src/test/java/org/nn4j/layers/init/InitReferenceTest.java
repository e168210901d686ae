package org.nn4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.io.Npz;
import org.nn4j.core.testing.TestArrays;

/**
 * {@link Init} against PyTorch 1.13's {@code torch.nn.init}: fans, gains, the bounds and standard deviations it
 * draws with, and orthogonal_'s output for a recorded normal matrix ({@code src/test/python/reference_init.py}).
 * The draws themselves differ (another generator), so the bounds are checked through nn4j's draws: a Kaiming
 * fill from seed s equals a plain uniform (or normal) fill from s with PyTorch's bound (or std).
 */
class InitReferenceTest {

    private static final Map<String, INDArray> F = load();

    private static Map<String, INDArray> load() {
        try (InputStream in = InitReferenceTest.class.getResourceAsStream("/init/init_reference.npz")) {
            assertNotNull(in, "missing init_reference.npz: run src/test/python/make_reference.py reference_init");
            return Npz.read(in, "init_reference.npz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] shape(String s) {
        return Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** Equal within {@code ulps} units in the last place of {@code expected}. */
    private static void assertUlps(double expected, double actual, int ulps, String what) {
        assertEquals(expected, actual, ulps * Math.ulp(expected), what);
    }

    private static int count(String prefix) {
        return (int) F.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    @Test
    void fansArePyTorchsForEveryShape() {
        Pattern key = Pattern.compile("fan shape=(\\S+)");
        assertEquals(11, count("fan "));
        F.forEach((k, v) -> {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                long[] shape = shape(m.group(1));
                double[] expected = v.toDoubleVector();
                Fans fans = Init.calculateFanInAndFanOut(shape);
                assertArrayEquals(expected, new double[] {fans.fanIn(), fans.fanOut()}, k);
                assertEquals(fans, Init.calculateFanInAndFanOut(Nd4j.create(DataType.FLOAT, shape)), k + " as an array");
                assertEquals(fans.fanIn(), fans.get(Mode.FAN_IN));
                assertEquals(fans.fanOut(), fans.get(Mode.FAN_OUT));
            }
        });
    }

    @Test
    void gainsArePyTorchsForEveryNonlinearityAndSlope() {
        Pattern key = Pattern.compile("gain nonlinearity=(\\S+) param=(\\S+)");
        assertEquals(Nonlinearity.values().length * 7, count("gain "));
        F.forEach((k, v) -> {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                Nonlinearity n = Nonlinearity.of(m.group(1));
                double gain = m.group(2).equals("None") ? Init.calculateGain(n)
                        : Init.calculateGain(n, Double.parseDouble(m.group(2)));
                assertUlps(v.getDouble(0), gain, 1, k);
            }
        });
    }

    @Test
    void kaimingBoundsAndStdsArePyTorchs() {
        Pattern key = Pattern.compile("kaiming shape=(\\S+) mode=(\\S+) nonlinearity=(\\S+) a=(\\S+)");
        assertEquals(7 * 2 * (Nonlinearity.values().length - 1 + 6), count("kaiming "));
        long[] seed = {0};
        F.forEach((k, v) -> {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                long[] shape = shape(m.group(1));
                Mode mode = Mode.of(m.group(2));
                Nonlinearity n = Nonlinearity.of(m.group(3));
                double a = Double.parseDouble(m.group(4));
                double bound = v.getDouble(0);
                double std = v.getDouble(1);
                long s = ++seed[0];
                assertSameDraws(k + " uniform", Init.uniform(Nd4j.create(DataType.DOUBLE, shape), -bound, bound, s),
                        Init.kaimingUniform(Nd4j.create(DataType.DOUBLE, shape), a, mode, n, s), bound);
                assertSameDraws(k + " normal", Init.normal(Nd4j.create(DataType.DOUBLE, shape), 0, std, s),
                        Init.kaimingNormal(Nd4j.create(DataType.DOUBLE, shape), a, mode, n, s), std);
            }
        });
    }

    @Test
    void xavierBoundsAndStdsArePyTorchs() {
        Pattern key = Pattern.compile("xavier shape=(\\S+) gain=(\\S+)");
        assertEquals(7 * 3, count("xavier "));
        long[] seed = {100};
        F.forEach((k, v) -> {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                long[] shape = shape(m.group(1));
                double gain = Double.parseDouble(m.group(2));
                double bound = v.getDouble(0);
                double std = v.getDouble(1);
                long s = ++seed[0];
                assertSameDraws(k + " uniform", Init.uniform(Nd4j.create(DataType.DOUBLE, shape), -bound, bound, s),
                        Init.xavierUniform(Nd4j.create(DataType.DOUBLE, shape), gain, s), bound);
                assertSameDraws(k + " normal", Init.normal(Nd4j.create(DataType.DOUBLE, shape), 0, std, s),
                        Init.xavierNormal(Nd4j.create(DataType.DOUBLE, shape), gain, s), std);
            }
        });
    }

    /** The same draws scaled by PyTorch's bound and by nn4j's: equal within a few units in the last place. */
    private static void assertSameDraws(String what, INDArray withPyTorchsScale, INDArray actual, double scale) {
        assertArrayEquals(TestArrays.values(withPyTorchsScale), TestArrays.values(actual), 8 * Math.ulp(scale), what);
    }

    /**
     * Given PyTorch's standard normal matrix, nn4j's QR gives PyTorch's output: the same sign correction, the same
     * flattening of the trailing dimensions, the transpose when there are fewer rows than columns.
     */
    @Test
    void orthogonalOfPyTorchsNormalMatrixIsPyTorchsOutput() {
        Pattern key = Pattern.compile("orthogonal shape=(\\S+) gain=(\\S+) normal");
        int cases = 0;
        for (Map.Entry<String, INDArray> e : F.entrySet()) {
            Matcher m = key.matcher(e.getKey());
            if (m.matches()) {
                cases++;
                double gain = Double.parseDouble(m.group(2));
                INDArray normal = e.getValue();
                int rows = (int) normal.size(0);
                int cols = (int) normal.size(1);
                INDArray output = F.get(e.getKey().replace(" normal", " output"));
                assertArrayEquals(shape(m.group(1)), output.shape());
                double[] w = Init.orthogonalRows(TestArrays.values(normal), rows, cols);
                double[] expected = TestArrays.values(output);
                for (int i = 0; i < w.length; i++) {
                    assertEquals(expected[i], gain * w[i], 1e-12, e.getKey() + " element " + i);
                }
            }
        }
        assertEquals(8, cases);
    }

    /** The public form draws the normal matrix row-major from its seed, as PyTorch fills {@code new(rows, cols)}. */
    @Test
    void orthogonalDrawsItsRowsByColumnsNormalMatrixFromTheSeed() {
        for (long[] shape : new long[][] {{3, 5}, {5, 3}, {2, 3, 2, 2}, {6, 2, 2}}) {
            int rows = (int) shape[0];
            int cols = (int) (Arrays.stream(shape).reduce(1, (x, y) -> x * y) / rows);
            double[] normal = TestArrays.values(Init.normal(Nd4j.create(DataType.DOUBLE, rows, cols), 0, 1, 9));
            double[] expected = Init.orthogonalRows(normal, rows, cols);
            double[] actual = TestArrays.values(Init.orthogonal(Nd4j.create(DataType.DOUBLE, shape), 1.5, 9));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(1.5 * expected[i], actual[i], 1e-15, Arrays.toString(shape) + " element " + i);
            }
        }
    }

    /** Any shape of rank 2 to 5: fan in = size(1)·receptive field, fan out = size(0)·receptive field; below rank 2 an error. */
    @Test
    void fansFollowTheFormulaForAnyShape() {
        qt().withFixedSeed(TestArrays.testSeed("InitReferenceTest fans")).withExamples(200).withShrinkCycles(0)
                .forAll(lists().of(integers().between(0, 9)).ofSizeBetween(0, 5)).checkAssert(sizes -> {
                    long[] shape = sizes.stream().mapToLong(Integer::longValue).toArray();
                    if (shape.length < 2) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> Init.calculateFanInAndFanOut(shape));
                        assertTrue(e.getMessage().startsWith("calculateFanInAndFanOut: Fan in and fan out can not be"
                                + " computed for tensor with fewer than 2 dimensions"), e.getMessage());
                        return;
                    }
                    long field = 1;
                    for (int i = 2; i < shape.length; i++) {
                        field *= shape[i];
                    }
                    assertEquals(new Fans(shape[1] * field, shape[0] * field), Init.calculateFanInAndFanOut(shape),
                            Arrays.toString(shape));
                });
    }
}
