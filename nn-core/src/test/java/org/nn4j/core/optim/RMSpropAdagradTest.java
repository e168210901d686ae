package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/** RMSprop's and Adagrad's first steps by hand, the forms PyTorch has no reference for, state names, argument checks. */
class RMSpropAdagradTest {

    /** θ = [1, −2], g = [0.5, 0.1], float64. */
    private static Parameter parameter() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(1.0, -2.0));
        p.grad().assign(Nd4j.createFromArray(0.5, 0.1));
        return p;
    }

    private static double[] afterOneStep(Optimizer optimizer) {
        Parameter p = parameter();
        optimizer.step(List.of(p));
        assertArrayEquals(new double[] {0.5, 0.1}, p.grad().toDoubleVector(), 0, "gradient left unchanged");
        return p.value().toDoubleVector();
    }

    @Test
    void rmspropFirstStepDividesByTheRootOfTheMeanSquare() {
        // v = 0.01 g², θ₁ = θ − lr · g / (√v + ε) = θ − lr · sign(g) · 10 / (1 + 10ε/|g|)
        double[] expected = {1 - 0.01 * 0.5 / (Math.sqrt(0.01 * 0.25) + 1e-8),
                             -2 - 0.01 * 0.1 / (Math.sqrt(0.01 * 0.01) + 1e-8)};
        assertArrayEquals(expected, afterOneStep(new RMSprop()), 1e-15);
    }

    @Test
    void epsInsideTheRootIsTensorFlowsForm() {
        RMSprop rms = new RMSprop(0.01).eps(1e-3).epsInsideSqrt(true);
        double[] expected = {1 - 0.01 * 0.5 / Math.sqrt(0.01 * 0.25 + 1e-3), -2 - 0.01 * 0.1 / Math.sqrt(0.01 * 0.01 + 1e-3)};
        assertArrayEquals(expected, afterOneStep(rms), 1e-15);
        RMSprop centered = new RMSprop(0.01).eps(1e-3).epsInsideSqrt(true).centered(true);
        // ḡ = 0.01 g, so v − ḡ² = 0.01 g² − 1e-4 g²
        double[] c = {1 - 0.01 * 0.5 / Math.sqrt(0.0099 * 0.25 + 1e-3), -2 - 0.01 * 0.1 / Math.sqrt(0.0099 * 0.01 + 1e-3)};
        assertArrayEquals(c, afterOneStep(centered), 1e-15);
    }

    @Test
    void adagradFirstStepStartsTheSumAtTheInitialValue() {
        Adagrad adagrad = new Adagrad(0.1).initialAccumulatorValue(0.75);
        double[] expected = {1 - 0.1 * 0.5 / (Math.sqrt(0.75 + 0.25) + 1e-10), -2 - 0.1 * 0.1 / (Math.sqrt(0.75 + 0.01) + 1e-10)};
        assertArrayEquals(expected, afterOneStep(adagrad), 1e-15);
    }

    @Test
    void stateIsKeptUnderPyTorchsNames() {
        Parameter p = parameter();
        RMSprop rms = new RMSprop().momentum(0.9).centered(true);
        assertEquals(Map.of(), rms.state(p), "no state before the first step");
        rms.step(List.of(p));
        assertEquals(List.of("square_avg", "momentum_buffer", "grad_avg", "step"), List.copyOf(rms.state(p).keySet()));
        assertEquals(List.of("square_avg", "step"), List.copyOf(stepped(new RMSprop()).keySet()));
        Map<String, INDArray> adagrad = stepped(new Adagrad().initialAccumulatorValue(0.5));
        assertEquals(List.of("sum", "step"), List.copyOf(adagrad.keySet()));
        assertArrayEquals(new double[] {0.75, 0.51}, adagrad.get("sum").toDoubleVector(), 1e-15);
        assertEquals(1.0, adagrad.get("step").getDouble(0));
    }

    private static Map<String, INDArray> stepped(Optimizer optimizer) {
        Parameter p = parameter();
        optimizer.step(List.of(p));
        return optimizer.state(p);
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals("RMSprop(lr=0.01, alpha=0.99, eps=1.0E-8)", new RMSprop().toString());
        assertEquals("RMSprop(lr=0.01, alpha=0.9, eps=1.0E-8, momentum=0.5, centered=true, epsInsideSqrt=true,"
                + " weightDecay=0.1)", new RMSprop().alpha(0.9).momentum(0.5).centered(true).epsInsideSqrt(true)
                .weightDecay(0.1).toString());
        assertEquals("Adagrad(lr=0.01, lrDecay=0.0, weightDecay=0.0, initialAccumulatorValue=0.0, eps=1.0E-10)",
                new Adagrad().toString());
    }

    @Test
    void optionsThatChangeTheStateAreRefusedAfterTheFirstStep() {
        RMSprop rms = new RMSprop();
        rms.step(List.of(parameter()));
        assertEquals("RMSprop: set momentum before the first step; it changes the state kept per parameter",
                assertThrows(IllegalStateException.class, () -> rms.momentum(0.9)).getMessage());
        assertEquals("RMSprop: set centered before the first step; it changes the state kept per parameter",
                assertThrows(IllegalStateException.class, () -> rms.centered(true)).getMessage());
        rms.momentum(0).centered(false).alpha(0.5); // no change of state: allowed
    }

    @Test
    void rejectsBadArguments() {
        assertMessage("Optimizer: learning rate must be finite and >= 0, found -0.1", () -> new RMSprop(-0.1));
        assertMessage("RMSprop: alpha must be in [0, 1), found 1.0", () -> new RMSprop().alpha(1));
        assertMessage("RMSprop: alpha must be in [0, 1), found -0.5", () -> new RMSprop().alpha(-0.5));
        assertMessage("Optimizer: eps must be finite and >= 0, found NaN", () -> new RMSprop().eps(Double.NaN));
        assertMessage("Optimizer: momentum must be finite and >= 0, found -0.9", () -> new RMSprop().momentum(-0.9));
        assertMessage("Optimizer: weight decay must be finite and >= 0, found -1.0", () -> new RMSprop().weightDecay(-1));
        assertMessage("Optimizer: learning rate must be finite and >= 0, found Infinity",
                () -> new Adagrad(Double.POSITIVE_INFINITY));
        assertMessage("Optimizer: lr decay must be finite and >= 0, found -0.1", () -> new Adagrad().lrDecay(-0.1));
        assertMessage("Optimizer: initial accumulator value must be finite and >= 0, found -1.0",
                () -> new Adagrad().initialAccumulatorValue(-1));
        assertMessage("Optimizer: eps must be finite and >= 0, found -1.0E-10", () -> new Adagrad().eps(-1e-10));
        assertMessage("Optimizer: learning rate must be finite and >= 0, found -1.0", () -> new Adagrad().setLearningRate(-1));
    }

    private static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
    }
}
