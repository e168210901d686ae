package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;
import org.nn4j.core.testing.TestArrays;

/** First steps computed by hand, defaults, frozen parameters, and argument checks. */
class OptimizersTest {

    /** θ = [1, −2], g = [0.5, 0.1], float64. */
    private static Parameter parameter() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(1.0, -2.0));
        p.grad().assign(Nd4j.createFromArray(0.5, 0.1));
        return p;
    }

    private static double[] afterSteps(Optimizer optimizer, int steps) {
        Parameter p = parameter();
        for (int i = 0; i < steps; i++) {
            optimizer.step(List.of(p)); // the same gradient every step
        }
        assertArrayEquals(new double[] {0.5, 0.1}, p.grad().toDoubleVector(), 0, "gradient left unchanged");
        return p.value().toDoubleVector();
    }

    @Test
    void plainStepIsThetaMinusLrTimesGradient() {
        assertArrayEquals(new double[] {0.95, -2.01}, afterSteps(new GradientDescent(0.1), 1), 1e-15);
    }

    @Test
    void momentumBufferStartsAtTheFirstGradient() {
        // b₁ = g, θ₁ = θ − 0.1 g; b₂ = 0.9 g + g = 1.9 g, θ₂ = θ₁ − 0.19 g = θ − 0.29 g.
        assertArrayEquals(new double[] {1 - 0.05, -2 - 0.01}, afterSteps(new GradientDescent(0.1, 0.9), 1), 1e-15);
        assertArrayEquals(new double[] {1 - 0.145, -2 - 0.029}, afterSteps(new GradientDescent(0.1, 0.9), 2), 1e-15);
    }

    @Test
    void dampeningScalesOnlyTheGradientsAfterTheFirst() {
        // b₁ = g (no dampening on the first step); b₂ = 0.9 g + 0.5 g = 1.4 g; θ₂ = θ − 0.1·2.4 g.
        GradientDescent sgd = new GradientDescent(0.1).momentum(0.9).dampening(0.5);
        assertArrayEquals(new double[] {1 - 0.12, -2 - 0.024}, afterSteps(sgd, 2), 1e-15);
    }

    @Test
    void nesterovLooksAheadByMomentumTimesBuffer() {
        // Step 1: b = g, d = g + 0.9 b = 1.9 g, θ₁ = θ − 0.19 g.
        GradientDescent sgd = new GradientDescent(0.1).momentum(0.9).nesterov(true);
        assertArrayEquals(new double[] {1 - 0.095, -2 - 0.019}, afterSteps(sgd, 1), 1e-15);
    }

    @Test
    void weightDecayAddsAnL2TermToTheGradient() {
        // d = g + 0.1 θ = [0.6, −0.1], θ₁ = θ − 0.1 d.
        assertArrayEquals(new double[] {0.94, -1.99}, afterSteps(new GradientDescent(0.1).weightDecay(0.1), 1), 1e-15);
    }

    @Test
    void adamFirstStepIsLrTimesTheSignOfTheGradient() {
        // Bias correction makes m̂ = g, v̂ = g², so θ₁ = θ − lr · g / (|g| + ε).
        double[] expected = {1 - 0.01 * 0.5 / (0.5 + 1e-8), -2 - 0.01 * 0.1 / (0.1 + 1e-8)};
        assertArrayEquals(expected, afterSteps(new Adam(0.01), 1), 1e-15);
    }

    @Test
    void adamSecondStepUsesBiasCorrectedMoments() {
        // Same g twice: m₂ = 0.19 g, v₂ = 0.001999 g², m̂ = g, v̂ = g²: again lr · g/(|g|+ε).
        double[] expected = {1 - 2 * 0.01 * 0.5 / (0.5 + 1e-8), -2 - 2 * 0.01 * 0.1 / (0.1 + 1e-8)};
        assertArrayEquals(expected, afterSteps(new Adam(0.01), 2), 1e-12);
    }

    @Test
    void adamWDecaysTheWeightsBeforeTheAdamStep() {
        // θ₁ = θ (1 − lr·0.01) − lr · g/(|g| + ε), AdamW's default weight decay 0.01.
        double[] expected = {1 * (1 - 0.01 * 0.01) - 0.01 * 0.5 / (0.5 + 1e-8),
                             -2 * (1 - 0.01 * 0.01) - 0.01 * 0.1 / (0.1 + 1e-8)};
        assertArrayEquals(expected, afterSteps(new AdamW(0.01), 1), 1e-15);
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals("Adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weightDecay=0.0)", new Adam().toString());
        assertEquals("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weightDecay=0.01)", new AdamW().toString());
        assertEquals("GradientDescent(lr=0.1)", new GradientDescent(0.1).toString());
    }

    @Test
    void stateIsExposedUnderPyTorchsNames() {
        Parameter p = parameter();
        Adam adam = new Adam(0.01);
        assertEquals(Map.of(), adam.state(p), "no state before the first step");
        adam.step(List.of(p));
        Map<String, INDArray> state = adam.state(p);
        assertEquals(List.of("exp_avg", "exp_avg_sq", "step"), List.copyOf(state.keySet()));
        assertArrayEquals(new double[] {0.05, 0.01}, state.get("exp_avg").toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.00025, 0.00001}, state.get("exp_avg_sq").toDoubleVector(), 1e-15);
        assertEquals(1.0, state.get("step").getDouble(0));

        GradientDescent sgd = new GradientDescent(0.1, 0.9);
        sgd.step(List.of(p));
        assertArrayEquals(new double[] {0.5, 0.1}, sgd.state(p).get("momentum_buffer").toDoubleVector(), 0);
        assertEquals(Map.of(), new GradientDescent(0.1).state(p), "plain SGD keeps no state");
    }

    @Test
    void loadedStateContinuesTheTrajectory() {
        Parameter a = parameter();
        Parameter b = parameter();
        Adam first = new Adam(0.01);
        first.step(List.of(a));
        Adam second = new Adam(0.01);
        b.set(a.value()); // as a checkpoint restores both parameters and state
        second.loadState(b, first.state(a));
        first.step(List.of(a));
        second.step(List.of(b));
        assertArrayEquals(a.value().toDoubleVector(), b.value().toDoubleVector(), 0);
    }

    @Test
    void stateFollowsTheParameterWhenItsDtypeChanges() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(1f, -2f));
        p.grad().assign(Nd4j.createFromArray(0.5f, 0.1f));
        Adam adam = new Adam(0.01);
        adam.step(List.of(p));
        new org.nn4j.core.Sequential(new org.nn4j.core.Module() {
            @Override
            public INDArray forward(INDArray input) {
                return input;
            }

            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                return delta;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(p);
            }
        }).to(DataType.DOUBLE);
        p.grad().assign(Nd4j.createFromArray(0.5, 0.1));
        adam.step(List.of(p));
        assertEquals(DataType.DOUBLE, adam.state(p).get("exp_avg").dataType());
        assertArrayEquals(new double[] {1 - 0.02, -2 - 0.02}, p.value().toDoubleVector(), 1e-6);
    }

    @Test
    void loadStateRejectsWrongNamesAndShapes() {
        Parameter p = parameter();
        Adam adam = new Adam();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadState(p, Map.of("exp_avg", Nd4j.zeros(2))));
        assertEquals("Adam: state of parameter w must hold [exp_avg, exp_avg_sq, step], found [exp_avg]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0.1, 0.9)
                .loadState(p, Map.of("momentum_buffer", Nd4j.zeros(3))));
        assertEquals("GradientDescent: state momentum_buffer of parameter w: expected shape [2], found [3]", e.getMessage());
    }

    @Test
    void nesterovWithoutMomentumIsRejectedAsInPyTorch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradientDescent(0.1).nesterov(true));
        assertEquals("GradientDescent: Nesterov momentum requires momentum > 0 and dampening 0, found momentum 0.0,"
                + " dampening 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).betas(0.9, 1.0));
        assertEquals("Adam: betas must be in [0, 1), found (0.9, 1.0)", e.getMessage());
    }

    /** Every optimizer leaves frozen parameters (value and state) alone and moves the others. */
    @Test
    void everyOptimizerSkipsFrozenParameters() {
        long seed = TestArrays.testSeed("everyOptimizerSkipsFrozenParameters");
        List<Supplier<Optimizer>> optimizers = List.of(() -> new GradientDescent(0.1),
                () -> new GradientDescent(0.1).momentum(0.9).nesterov(true).weightDecay(0.1),
                () -> new Adam(0.1).weightDecay(0.1), () -> new AdamW(0.1),
                () -> new RMSprop(0.1).momentum(0.9).centered(true).weightDecay(0.1),
                () -> new Adagrad(0.1).weightDecay(0.1).initialAccumulatorValue(0.1));
        qt().withFixedSeed(seed).withExamples(40)
                .forAll(lists().of(booleans().all()).ofSizeBetween(1, 6), integers().between(0, optimizers.size() - 1),
                        integers().between(1, 3))
                .checkAssert((frozen, which, steps) -> {
                    List<Parameter> params = new ArrayList<>();
                    List<INDArray> before = new ArrayList<>();
                    for (int i = 0; i < frozen.size(); i++) {
                        Parameter p = new Parameter("p" + i, TestArrays.uniform(seed + i, DataType.FLOAT, 2, 3));
                        p.grad().assign(TestArrays.uniform(seed + 100 + i, DataType.FLOAT, 0.1, 1, 2, 3));
                        p.setFrozen(frozen.get(i));
                        params.add(p);
                        before.add(p.value().dup());
                    }
                    Optimizer optimizer = optimizers.get(which).get();
                    for (int s = 0; s < steps; s++) {
                        optimizer.step(params);
                    }
                    for (int i = 0; i < params.size(); i++) {
                        boolean unchanged = params.get(i).value().equals(before.get(i));
                        assertEquals(frozen.get(i), unchanged, optimizer + " parameter " + i + " frozen=" + frozen.get(i));
                        if (frozen.get(i)) {
                            assertTrue(optimizer.state(params.get(i)).isEmpty(), "no state for a frozen parameter");
                        }
                    }
                });
    }
}
