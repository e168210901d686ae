package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/**
 * clipGradNorm and clipGradValue against PyTorch 1.13's clip_grad_norm_ and clip_grad_value_
 * (float64, {@code reference/optim_more.npz}): the returned norm and every gradient after clipping,
 * with frozen parameters standing for PyTorch's parameters without a gradient.
 */
class GradientClippingTest {

    private static final Map<String, ToDoubleFunction<List<Parameter>>> CASES = Map.of(
            "norm2", ps -> GradientClipping.clipGradNorm(ps, 1.0),
            "norm2_frozen", ps -> GradientClipping.clipGradNorm(ps, 0.5),
            "norm2_large", ps -> GradientClipping.clipGradNorm(ps, 100.0),
            "norm1", ps -> GradientClipping.clipGradNorm(ps, 2.0, 1),
            "norm3", ps -> GradientClipping.clipGradNorm(ps, 1.5, 3),
            "norm_inf", ps -> GradientClipping.clipGradNorm(ps, 0.7, Double.POSITIVE_INFINITY),
            "zero", ps -> GradientClipping.clipGradNorm(ps, 1.0),
            "nan", ps -> GradientClipping.clipGradNorm(ps, 1.0),
            "inf", ps -> GradientClipping.clipGradNorm(ps, 1.0),
            "value", ps -> {
                GradientClipping.clipGradValue(ps, 0.8);
                return Double.NaN;
            });

    @ParameterizedTest
    @ValueSource(strings = {"norm2", "norm2_frozen", "norm2_large", "norm1", "norm3", "norm_inf", "zero", "nan", "inf",
                            "value"})
    void clipsAsPyTorch(String name) throws IOException {
        Map<String, INDArray> f = MoreOptimizersReferenceTest.fixture();
        String prefix = "clip." + name + ".";
        INDArray frozenIndices = f.get(prefix + "frozen");
        double[] frozen = frozenIndices.isEmpty() ? new double[0] : frozenIndices.toDoubleVector();
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; f.containsKey(prefix + "grad" + i); i++) {
            INDArray g = f.get(prefix + "grad" + i);
            Parameter p = new Parameter("p" + i, g.ulike().assign(0));
            p.grad().assign(g);
            for (double j : frozen) {
                p.setFrozen(p.isFrozen() || j == i);
            }
            ps.add(p);
        }
        double norm = CASES.get(name).applyAsDouble(ps);
        if (f.containsKey(prefix + "norm")) {
            assertEquals(f.get(prefix + "norm").getDouble(0), norm, 1e-12, name + " norm");
        }
        for (int i = 0; i < ps.size(); i++) {
            double[] expected = flat(f.get(prefix + "out" + i));
            double[] actual = flat(ps.get(i).grad());
            for (int j = 0; j < expected.length; j++) {
                // assertEquals(double, double) takes NaN = NaN, as the fixture of a NaN norm needs
                assertEquals(expected[j], actual[j], 1e-12, name + " gradient " + i + " element " + j);
            }
        }
    }

    private static double[] flat(INDArray a) {
        return a.reshape(a.length()).toDoubleVector();
    }

    @Test
    void aNanNormMakesEveryGradientNanAndAnInfiniteOneZeroesTheFiniteElements() {
        Parameter a = new Parameter("a", Nd4j.zeros(2));
        Parameter b = new Parameter("b", Nd4j.zeros(2));
        a.grad().assign(Nd4j.createFromArray(1.0, 2.0));
        b.grad().assign(Nd4j.createFromArray(Double.NaN, 1.0));
        assertTrue(Double.isNaN(GradientClipping.clipGradNorm(List.of(a, b), 1.0, Double.POSITIVE_INFINITY)));
        assertTrue(Double.isNaN(a.grad().getDouble(0)) && Double.isNaN(b.grad().getDouble(1)), "all NaN");
        a.grad().assign(Nd4j.createFromArray(1.0, 2.0));
        b.grad().assign(Nd4j.createFromArray(Double.POSITIVE_INFINITY, 1.0));
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipGradNorm(List.of(a, b), 1.0));
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleVector(), 0);
        assertTrue(Double.isNaN(b.grad().getDouble(0)) && b.grad().getDouble(1) == 0, "inf · 0 is NaN");
    }

    @Test
    void clippingByValueKeepsNanAndClampsInfinities() {
        Parameter a = new Parameter("a", Nd4j.zeros(5));
        a.grad().assign(Nd4j.createFromArray(Double.NaN, 3.0, -0.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        GradientClipping.clipGradValue(List.of(a), 1.0);
        assertArrayEquals(new double[] {Double.NaN, 1, -0.5, -1, 1}, a.grad().toDoubleVector(), 0);
    }

    @Test
    void measuresOnlyAtAnInfiniteMaxNormAndReturnsZeroWithoutTrainedParameters() {
        Parameter a = new Parameter("a", Nd4j.zeros(2));
        a.grad().assign(Nd4j.createFromArray(3.0, 4.0));
        assertEquals(5.0, GradientClipping.clipGradNorm(List.of(a), Double.POSITIVE_INFINITY), 1e-15);
        assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleVector(), 0, "unchanged");
        assertEquals(5.0, GradientClipping.gradNorm(List.of(a), 2), 1e-15);
        a.setFrozen(true);
        assertEquals(0.0, GradientClipping.clipGradNorm(List.of(a), 1e-3));
        assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleVector(), 0, "a frozen gradient is not clipped");
        assertEquals(0.0, GradientClipping.clipGradNorm(List.of(), 1.0));
    }

    @Test
    void rejectsBadArguments() {
        List<Parameter> none = List.of();
        assertEquals("GradientClipping: maxNorm must be > 0, found -1.0", assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipGradNorm(none, -1)).getMessage());
        assertEquals("GradientClipping: maxNorm must be > 0, found NaN", assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipGradNorm(none, Double.NaN)).getMessage());
        assertEquals("GradientClipping: normType must be > 0 or infinity, found 0.0",
                assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(none, 1, 0)).getMessage());
        assertEquals("GradientClipping: clipValue must be > 0, found 0.0", assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipGradValue(none, 0)).getMessage());
    }
}
