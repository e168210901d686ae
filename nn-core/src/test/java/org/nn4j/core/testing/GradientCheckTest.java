package org.nn4j.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;

class GradientCheckTest {

    private final INDArray input = TestArrays.uniform(7, DataType.FLOAT, 5, 4);

    @Test
    void passesOnACorrectModule() {
        GradientCheck.Report report = GradientCheck.assertGradients(new Scale(4, 1), input);
        assertTrue(report.passed(), report::toString);
        assertEquals(3, report.tensors().size(), "input, w and b are checked");
        assertTrue(report.get("w").maxRelativeError() < 1e-8, report::toString);
    }

    @Test
    void failsOnABackwardPlantedOnePercentWrong() {
        GradientCheck.Report report = GradientCheck.check(new Scale(4, 1, 1.01), input);
        assertFalse(report.passed(), report::toString);
        assertFalse(report.get("input").passed(), "dL/dinput is 1% off");
        assertFalse(report.get("w").passed(), "dL/dw is 1% off");
        assertTrue(report.get("b").passed(), "dL/db was not planted wrong");
        assertEquals(0.01 / 1.01, report.get("w").maxRelativeError(), 1e-6);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradientCheck.assertGradients(new Scale(4, 1, 1.01), input));
        assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("worst at"), e.getMessage());
    }

    @Test
    void failsOnAGradientOffByOnePartInAThousand() {
        assertFalse(GradientCheck.check(new Scale(4, 1, 1.001), input).passed());
    }

    @Test
    void leavesTheModuleInItsDtypeWithItsValuesAndNoGradient() {
        Scale m = new Scale(4, 1);
        List<float[]> before = m.parameters().stream().map(p -> p.value().toFloatVector()).toList();
        GradientCheck.assertGradients(m, input);
        for (int i = 0; i < before.size(); i++) {
            Parameter p = m.parameters().get(i);
            assertEquals(DataType.FLOAT, p.value().dataType(), p::toString);
            assertEquals(DataType.FLOAT, p.grad().dataType(), p::toString);
            assertArrayEquals(before.get(i), p.value().toFloatVector(), p::toString);
            assertEquals(0.0, p.grad().amaxNumber().doubleValue(), p::toString);
        }
        assertEquals(DataType.FLOAT, m.forward(input).dataType());

        Scale inFloat64 = new Scale(4, 1);
        inFloat64.to(DataType.DOUBLE);
        GradientCheck.check(inFloat64, input);
        inFloat64.parameters().forEach(p -> assertEquals(DataType.DOUBLE, p.value().dataType()));
    }

    @Test
    void namesTheChildOfASequentialWhoseParameterGradientIsWrong() {
        Sequential net = new Sequential(new Scale(4, 1), new Scale(4, 2), new WrongWeightGradient(4, 3));
        GradientCheck.Report report = GradientCheck.check(net, input);
        assertFalse(report.passed());
        assertEquals("2: WrongWeightGradient (parameter 2.w, max rel error 9.901e-03)", report.fault());
        assertTrue(report.toString().contains("\n  child at fault: 2: WrongWeightGradient (parameter 2.w, max rel error 9.901e-03)\n"),
                report::toString);
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertGradients(net, input));
        assertTrue(e.getMessage().contains("child at fault: 2: WrongWeightGradient (parameter 2.w"), e.getMessage());
        net.parameters().forEach(p -> assertEquals(DataType.FLOAT, p.value().dataType()));
    }

    /** Its wrong dL/dinput shows in the network as wrong gradients of the modules before it: checked alone on its input, it is found. */
    @Test
    void namesTheChildWhoseInputGradientIsWrongRatherThanTheModulesBeforeIt() {
        Sequential net = new Sequential(new Scale(4, 1), new WrongInputGradient(4, 2), new Scale(4, 3));
        GradientCheck.Report report = GradientCheck.check(net, input);
        assertFalse(report.get("0.w").passed(), "the first module's gradient is wrong in the network");
        assertEquals("1: WrongInputGradient (dL/dinput, max rel error 9.901e-03)", report.fault());
    }

    @Test
    void namesTheChildInsideANestedSequential() {
        Sequential net = new Sequential(new Scale(4, 1), new Sequential(new Scale(4, 2), new WrongWeightGradient(4, 3)));
        assertEquals("1.1: WrongWeightGradient (parameter 1.1.w, max rel error 9.901e-03)", GradientCheck.check(net, input).fault());
    }

    @Test
    void namesNoChildWhenTheNetworkPasses() {
        GradientCheck.Report report = GradientCheck.check(new Sequential(new Scale(4, 1), new Scale(4, 2)), input);
        assertTrue(report.passed(), report::toString);
        assertNull(report.fault());
    }

    /** Scale with dL/dw 1% too large. */
    static final class WrongWeightGradient extends Scale {
        WrongWeightGradient(int features, long seed) {
            super(features, seed);
        }

        @Override
        public void backwardUpdateGradient(INDArray input, INDArray delta) {
            INDArray before = parameters().get(0).grad().dup();
            super.backwardUpdateGradient(input, delta);
            parameters().get(0).grad().subi(before).muli(1.01).addi(before);
        }
    }

    /** Scale with dL/dinput 1% too large. */
    static final class WrongInputGradient extends Scale {
        WrongInputGradient(int features, long seed) {
            super(features, seed);
        }

        @Override
        public INDArray backwardDelta(INDArray input, INDArray delta) {
            return super.backwardDelta(input, delta).muli(1.01);
        }
    }

    @Test
    void reportsTheWorstIndexAsAnIndexIntoTheTensor() {
        GradientCheck.TensorReport r = GradientCheck.check(new Scale(4, 1, 1.01), input).get("input");
        assertEquals(2, r.worstIndex().length);
        assertTrue(r.worstIndex()[0] < 5 && r.worstIndex()[1] < 4);
    }
}
