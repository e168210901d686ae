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

    /**
     * OneCycleLR cycling SGD's momentum and Adam's β₁ (three phases), stepped after every optimizer
     * step: the momentum after 0..12 steps and the first 10 steps' parameters equal PyTorch's
     * (PyTorch's default cycle_momentum=True).
     */
    @ParameterizedTest
    @ValueSource(strings = {"onecycle_sgd", "onecycle_adam"})
    void oneCycleCyclesTheMomentumAsPyTorch(String name) throws IOException {
        Map<String, INDArray> start = OptimizerReferenceTest.fixture();
        Map<String, INDArray> f = MoreOptimizersReferenceTest.fixture();
        Parameter weight = new Parameter("weight", start.get("weight").dup());
        Parameter bias = new Parameter("bias", start.get("bias").dup());
        Optimizer optimizer = name.equals("onecycle_sgd") ? new GradientDescent(0.2, 0.9) : new Adam(0.1);
        OneCycleLR s = name.equals("onecycle_sgd") ? new OneCycleLR(optimizer, 0.5, 12).cycleMomentum(0.85, 0.95)
                : new OneCycleLR(optimizer, 0.1, 12).threePhase(true).cycleMomentum(0.8, 0.9);
        for (int step = 0; step <= 12; step++) {
            assertEquals(f.get(name + ".momentum").getDouble(step), s.momentum(step), 1e-12, name + " momentum " + step);
            if (step < 10) {
                weight.zeroGrad();
                bias.zeroGrad();
                OptimizerReferenceTest.leastSquaresGradient(start.get("x"), start.get("y"), weight, bias);
                optimizer.step(List.of(weight, bias));
                OptimizerReferenceTest.assertClose(name + " weight after step " + (step + 1),
                        f.get(name + ".weight").slice(step), weight.value());
                OptimizerReferenceTest.assertClose(name + " bias after step " + (step + 1),
                        f.get(name + ".bias").slice(step), bias.value());
            }
            if (step < 12) {
                s.step();
            }
        }
        assertEquals(optimizer instanceof Adam ? "Adam(lr=" + s.rate(12) + ", betas=(0.9, 0.999), eps=1.0E-8,"
                + " weightDecay=0.0)" : "GradientDescent(lr=" + s.rate(12) + ", momentum=" + s.momentum(12) + ")",
                optimizer.toString());
    }

    @Test
    void momentumIsCycledOnlyWhereThereIsOne() {
        Adagrad adagrad = new Adagrad();
        OneCycleLR onAdagrad = new OneCycleLR(adagrad, 0.1, 10);
        assertMessage("OneCycleLR: cannot cycle the momentum of " + adagrad + "; GradientDescent, RMSprop, Adam and AdamW"
                + " have one", () -> onAdagrad.cycleMomentum(0.85, 0.95));
        assertMessage("OneCycleLR: expected 0 <= baseMomentum <= maxMomentum < 1, found baseMomentum 0.95, maxMomentum"
                + " 0.85", () -> new OneCycleLR(new GradientDescent(0.1), 0.1, 10).cycleMomentum(0.95, 0.85));
        GradientDescent a = new GradientDescent(0.1);
        RMSprop b = new RMSprop();
        new OneCycleLR(ParameterGroups.of(a, List.of()).and(b, List.of()), 0.1, 10).cycleMomentum(0.85, 0.95);
        assertEquals("GradientDescent(lr=" + a.learningRate() + ", momentum=0.95)", a.toString(), "every group");
        assertEquals("RMSprop(lr=" + b.learningRate() + ", alpha=0.99, eps=1.0E-8, momentum=0.95)", b.toString());
        assertEquals(0.1 / 25 * 0.1, b.learningRate(), 1e-17, "group 1 keeps its ratio (0.01 / 0.1) to group 0");
        assertEquals(Double.NaN, new OneCycleLR(a, 0.1, 10).momentum(3), "not cycled");
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
