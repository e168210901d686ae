package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/**
 * The learning rates of LinearLR, ExponentialLR, WarmupCosineLR and OneCycleLR after 0..12 steps
 * against PyTorch 1.13's schedulers ({@code reference/optim_more.npz}; the warm-up cosine is a
 * LambdaLR there), on one optimizer and on two parameter groups; and their argument checks.
 */
class SchedulesReferenceTest {

    private static final Map<String, Function<Optimizer, LRScheduler>> SCHEDULES = Map.ofEntries(
            Map.entry("linear", o -> new LinearLR(o, 0.1, 1.0, 5)),
            Map.entry("linear_default", LinearLR::new),
            Map.entry("linear_down", o -> new LinearLR(o, 1.0, 0.25, 7)),
            Map.entry("exponential", o -> new ExponentialLR(o, 0.8)),
            Map.entry("warmup_cosine", o -> new WarmupCosineLR(o, 3, 10, 0.01)),
            Map.entry("warmup_cosine_nowarmup", o -> new WarmupCosineLR(o, 0, 8)),
            Map.entry("onecycle", o -> new OneCycleLR(o, 0.5, 12)),
            Map.entry("onecycle_epochs", o -> new OneCycleLR(o, 0.5, 4, 3)),
            Map.entry("onecycle_short", o -> new OneCycleLR(o, 1.0, 12).pctStart(0.1)),
            Map.entry("onecycle_three_linear", o -> new OneCycleLR(o, 0.5, 12).pctStart(0.25).linearAnnealing(true)
                    .divFactors(10, 100).threePhase(true)),
            Map.entry("groups_exponential", o -> new ExponentialLR(o, 0.8)),
            Map.entry("groups_onecycle", o -> new OneCycleLR(o, 0.5, 12)),
            Map.entry("groups_warmup_cosine", o -> new WarmupCosineLR(o, 3, 10)));

    @ParameterizedTest
    @ValueSource(strings = {"linear", "linear_default", "linear_down", "exponential", "warmup_cosine",
                            "warmup_cosine_nowarmup", "onecycle", "onecycle_epochs", "onecycle_short",
                            "onecycle_three_linear"})
    void learningRatesEqualPyTorchs(String name) throws IOException {
        INDArray expected = MoreOptimizersReferenceTest.fixture().get(name + ".lr");
        GradientDescent sgd = new GradientDescent(0.2);
        LRScheduler s = SCHEDULES.get(name).apply(sgd);
        for (int step = 0; step <= 12; step++) {
            // PyTorch's linear anneal extrapolates below 0 one step past the cycle; ours stops at 0
            assertEquals(Math.max(0, expected.getDouble(step)), sgd.learningRate(), 1e-12, name + " after " + step + " steps");
            assertEquals(sgd.learningRate(), s.rate(step), 0, name + " rate(" + step + ")");
            if (step < 12) {
                s.step();
            }
        }
    }

    /** A schedule on ParameterGroups scales every group; PyTorch's groups (lr 0.2 and 0.02) move the same. */
    @ParameterizedTest
    @ValueSource(strings = {"groups_exponential", "groups_onecycle", "groups_warmup_cosine"})
    void schedulesScaleEveryParameterGroup(String name) throws IOException {
        Map<String, INDArray> f = MoreOptimizersReferenceTest.fixture();
        GradientDescent first = new GradientDescent(0.2);
        GradientDescent second = new GradientDescent(0.02);
        ParameterGroups groups = ParameterGroups.of(first, List.of(new Parameter("a", Nd4j.zeros(1))))
                .and(second, List.of(new Parameter("b", Nd4j.zeros(1))));
        LRScheduler s = SCHEDULES.get(name).apply(groups);
        for (int step = 0; step <= 12; step++) {
            assertEquals(f.get(name + ".lr").getDouble(step), first.learningRate(), 1e-12, name + " group 0, " + step);
            assertEquals(f.get(name + ".lr1").getDouble(step), second.learningRate(), 1e-12, name + " group 1, " + step);
            if (step < 12) {
                s.step();
            }
        }
    }

    @Test
    void oneCycleRefusesAStepPastTheCycleAndKeepsItsRate() {
        GradientDescent sgd = new GradientDescent(0.1);
        OneCycleLR s = new OneCycleLR(sgd, 0.5, 3);
        for (int i = 0; i < 3; i++) {
            s.step();
        }
        double last = sgd.learningRate();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertEquals("OneCycleLR: stepped 4 times, but totalSteps is 3; build it with totalSteps = epochs × optimizer"
                + " steps per epoch", e.getMessage());
        assertEquals(3, s.epoch());
        assertEquals(last, sgd.learningRate());
        assertEquals("OneCycleLR: set threePhase before the first step",
                assertThrows(IllegalStateException.class, () -> s.threePhase(true)).getMessage());
    }

    @Test
    void rejectsBadArguments() {
        GradientDescent sgd = new GradientDescent(0.1);
        assertMessage("LinearLR: expected startFactor and endFactor in [0, 1] and totalSteps >= 1, found startFactor"
                + " 1.5, endFactor 1.0, totalSteps 5", () -> new LinearLR(sgd, 1.5, 1.0, 5));
        assertMessage("LinearLR: expected startFactor and endFactor in [0, 1] and totalSteps >= 1, found startFactor"
                + " 0.1, endFactor 1.0, totalSteps 0", () -> new LinearLR(sgd, 0.1, 1.0, 0));
        assertMessage("ExponentialLR: gamma must be > 0 and finite, found 0.0", () -> new ExponentialLR(sgd, 0));
        assertMessage("WarmupCosineLR: expected 0 <= warmupSteps < totalSteps and etaMin >= 0, found warmupSteps 5,"
                + " totalSteps 5, etaMin 0.0", () -> new WarmupCosineLR(sgd, 5, 5));
        assertMessage("WarmupCosineLR: expected 0 <= warmupSteps < totalSteps and etaMin >= 0, found warmupSteps 1,"
                + " totalSteps 5, etaMin -1.0", () -> new WarmupCosineLR(sgd, 1, 5, -1));
        assertMessage("OneCycleLR: expected maxLr > 0 and finite and totalSteps >= 1, found maxLr -0.1, totalSteps 10",
                () -> new OneCycleLR(sgd, -0.1, 10));
        assertMessage("OneCycleLR: expected maxLr > 0 and finite and totalSteps >= 1, found maxLr 0.1, totalSteps 0",
                () -> new OneCycleLR(sgd, 0.1, 0));
        assertMessage("OneCycleLR: expected epochs >= 1 and stepsPerEpoch >= 1, found epochs 0, stepsPerEpoch 3",
                () -> new OneCycleLR(sgd, 0.1, 0, 3));
        assertMessage("OneCycleLR: pctStart must be in [0, 1], found 1.5", () -> new OneCycleLR(sgd, 0.1, 10).pctStart(1.5));
        assertMessage("OneCycleLR: divFactor and finalDivFactor must be > 0 and finite, found 0.0, 10000.0",
                () -> new OneCycleLR(sgd, 0.1, 10).divFactors(0, 1e4));
    }

    private static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
    }
}
