package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

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
    void convertsTheModuleToFloat64() {
        Scale m = new Scale(4, 1);
        GradientCheck.check(m, input);
        m.parameters().forEach(p -> assertEquals(DataType.DOUBLE, p.value().dataType()));
    }

    @Test
    void reportsTheWorstIndexAsAnIndexIntoTheTensor() {
        GradientCheck.TensorReport r = GradientCheck.check(new Scale(4, 1, 1.01), input).get("input");
        assertEquals(2, r.worstIndex().length);
        assertTrue(r.worstIndex()[0] < 5 && r.worstIndex()[1] < 4);
    }
}
