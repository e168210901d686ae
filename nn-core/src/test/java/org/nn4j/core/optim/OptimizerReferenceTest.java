package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Parameter;

/**
 * 10-step trajectories of every optimizer configuration against PyTorch 1.13 (float64), recorded
 * by {@code src/test/python/make_optim_reference.py} into {@code reference/optim.npz}: least
 * squares of a linear layer, loss = mean((x · weightᵀ + bias − y)²).
 */
class OptimizerReferenceTest {

    static final double TOLERANCE = 1e-6;
    private static final Map<String, Supplier<Optimizer>> CONFIGS = Map.of(
            "sgd", () -> new GradientDescent(0.1),
            "sgd_momentum", () -> new GradientDescent(0.1, 0.9),
            "sgd_dampening_decay", () -> new GradientDescent(0.05).momentum(0.8).dampening(0.3).weightDecay(0.1),
            "sgd_nesterov", () -> new GradientDescent(0.05).momentum(0.9).nesterov(true).weightDecay(0.01),
            "adam", () -> new Adam(0.05),
            "adam_decay", () -> new Adam(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1),
            "adamw", () -> new AdamW(0.05),
            "adamw_decay", () -> new AdamW(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.3));

    static Map<String, INDArray> fixture() throws IOException {
        try (InputStream in = OptimizerReferenceTest.class.getResourceAsStream("/reference/optim.npz")) {
            assertNotNull(in, "missing fixture optim.npz: run src/test/python/make_optim_reference.py");
            return org.nn4j.core.io.Npz.read(in, "optim.npz");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_momentum", "sgd_dampening_decay", "sgd_nesterov",
                            "adam", "adam_decay", "adamw", "adamw_decay"})
    void followsPyTorchTrajectoryForTenSteps(String config) throws IOException {
        Map<String, INDArray> f = fixture();
        INDArray x = f.get("x");
        INDArray y = f.get("y");
        Parameter weight = new Parameter("weight", f.get("weight").dup());
        Parameter bias = new Parameter("bias", f.get("bias").dup());
        Optimizer optimizer = CONFIGS.get(config).get();
        for (int step = 0; step < 10; step++) {
            weight.zeroGrad();
            bias.zeroGrad();
            leastSquaresGradient(x, y, weight, bias);
            optimizer.step(List.of(weight, bias));
            assertClose(config + " weight after step " + (step + 1), slice(f.get(config + ".weight"), step), weight.value());
            assertClose(config + " bias after step " + (step + 1), slice(f.get(config + ".bias"), step), bias.value());
        }
        assertStateAsRecorded(f, config, optimizer, List.of(weight, bias));
    }

    /** Each parameter's optimizer state holds the keys and values the fixture has under {@code <config>.state.<name>.}. */
    static void assertStateAsRecorded(Map<String, INDArray> f, String config, Optimizer optimizer, List<Parameter> ps) {
        for (Parameter p : ps) {
            Map<String, INDArray> state = optimizer.state(p);
            String prefix = config + ".state." + p.name() + ".";
            List<String> expected = f.keySet().stream().filter(k -> k.startsWith(prefix))
                    .map(k -> k.substring(prefix.length())).sorted().toList();
            assertEquals(expected, state.keySet().stream().sorted().toList(), config + " state keys of " + p.name());
            state.forEach((key, value) -> assertClose(prefix + key, f.get(prefix + key), value));
        }
    }

    @Test
    void stepDecayAndCosineAnnealingMatchPyTorch() throws IOException {
        Map<String, INDArray> f = fixture();
        GradientDescent a = new GradientDescent(0.2);
        GradientDescent b = new GradientDescent(0.2);
        LRScheduler step = new StepLR(a, 3, 0.5);
        LRScheduler cosine = new CosineAnnealingLR(b, 5, 0.01);
        for (int epoch = 0; epoch <= 12; epoch++) {
            assertEquals(f.get("steplr.lr").getDouble(epoch), a.learningRate(), 1e-12, "StepLR epoch " + epoch);
            assertEquals(f.get("cosine.lr").getDouble(epoch), b.learningRate(), 1e-12, "cosine epoch " + epoch);
            step.step();
            cosine.step();
        }
    }

    /** Adds d/dθ of mean((x·wᵀ + b − y)²) to the gradients: 2/(N·out) rᵀx and 2/(N·out) Σ r. */
    static void leastSquaresGradient(INDArray x, INDArray y, Parameter weight, Parameter bias) {
        INDArray r = x.mmul(weight.value().transpose()).addi(bias.value().reshape(1, bias.value().length())).subi(y);
        double scale = 2.0 / r.length();
        weight.grad().addi(r.transpose().mmul(x).muli(scale));
        bias.grad().addi(r.sum(0).muli(scale));
    }

    private static INDArray slice(INDArray trajectory, int step) {
        return trajectory.get(NDArrayIndex.point(step)).dup();
    }

    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertNotNull(expected, what + ": not in the fixture");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertEquals(DataType.DOUBLE, actual.dataType(), what + " dtype");
        double max = expected.length() == 0 ? 0 : expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(max <= TOLERANCE, what + ": max |difference| " + max + " > " + TOLERANCE);
    }

    static INDArray vector(double... v) {
        return Nd4j.createFromArray(v);
    }
}
