package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.TestArrays;

class LinearTest {

    @Test
    void computesInputTimesWeightTransposedPlusBias() {
        Linear linear = new Linear(3, 2, true, 1);
        linear.weight().set(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        linear.bias().set(Nd4j.createFromArray(0.5f, -1f));
        INDArray out = linear.forward(Nd4j.createFromArray(new float[][] {{1, 0, -1}, {2, 1, 0}}));
        assertEquals(Nd4j.createFromArray(new float[][] {{-1.5f, -3f}, {4.5f, 12f}}), out);
    }

    @Test
    void initialisesLikePyTorchWithinOneOverSqrtIn() {
        Linear linear = new Linear(100, 50, true, 3);
        double bound = 1 / Math.sqrt(100);
        assertTrue(linear.weight().value().amaxNumber().doubleValue() <= bound);
        assertTrue(linear.weight().value().amaxNumber().doubleValue() > 0.9 * bound, "spread over the whole range");
        assertEquals(0, linear.weight().value().meanNumber().doubleValue(), 0.01);
        assertTrue(linear.bias().value().amaxNumber().doubleValue() <= bound);
        assertEquals(DataType.FLOAT, linear.weight().value().dataType());
    }

    @Test
    void linearRejectsWrongFeatureCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2).forward(Nd4j.zeros(DataType.FLOAT, 4, 5)));
        assertEquals("Linear: expected 3 input features, found 5 (input shape [4, 5], layout [N, *, in])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2).forward(Nd4j.zeros(DataType.FLOAT, 2, 4, 1)));
        assertEquals("Linear: expected 3 input features, found 1 (input shape [2, 4, 1], layout [N, *, in])", e.getMessage());
    }

    @Test
    void linearRejectsAVector() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2).forward(Nd4j.zeros(DataType.FLOAT, 3)));
        assertEquals("Linear: expected input of rank 2 or more [N, *, in], found rank 1 with shape [3]", e.getMessage());
    }

    /** [N, T, in] is N·T rows of [N·T, in]: forward, dL/dinput and the parameter gradients are those of the rows. */
    @Test
    void aSequenceIsTheRowsOfItsPositions() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 2, 3, 4);
        INDArray d = TestArrays.uniform(2, DataType.DOUBLE, 2, 3, 5);
        Linear sequence = (Linear) new Linear(4, 5, true, 3).to(DataType.DOUBLE);
        Linear rows = (Linear) new Linear(4, 5, true, 3).to(DataType.DOUBLE);
        assertEquals(rows.forward(x.reshape(6, 4)).reshape(2, 3, 5), sequence.forward(x));
        assertEquals(rows.backwardDelta(x.reshape(6, 4), d.reshape(6, 5)).reshape(2, 3, 4), sequence.backwardDelta(x, d));
        rows.backwardUpdateGradient(x.reshape(6, 4), d.reshape(6, 5));
        sequence.backwardUpdateGradient(x, d);
        assertEquals(rows.weight().grad(), sequence.weight().grad());
        assertEquals(rows.bias().grad(), sequence.bias().grad());
    }

    @Test
    void linearRejectsASequenceDeltaNotShapedLikeItsOutput() {
        Linear linear = new Linear(3, 2, true, 1);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.backwardUpdateGradient(x, Nd4j.zeros(DataType.FLOAT, 8, 2)));
        assertEquals("Linear: delta must be shaped like the output [2, 4, 2] of input [2, 4, 3], found [8, 2]", e.getMessage());
    }

    @Test
    void linearRejectsAnInputOfAnotherDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2).forward(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        assertTrue(e.getMessage().startsWith("Linear: expected FLOAT input"), e.getMessage());
    }

    /** A float32 Linear checked in float64 is float32 again afterwards, so it trains on float32 batches as before. */
    @Test
    void gradientCheckLeavesTheLinearInFloat32() {
        Linear linear = new Linear(4, 3, true, 1);
        INDArray x = TestArrays.uniform(2, DataType.FLOAT, 6, 4);
        INDArray before = linear.forward(x);
        GradientCheck.assertGradients(linear, x);
        assertEquals(DataType.FLOAT, linear.weight().value().dataType());
        assertEquals(before, linear.forward(x));
    }

    @Test
    void gradientCheckCatchesALinearWhoseBackwardIsOnePercentWrong() {
        Linear wrong = new Linear(4, 3, true, 5) {
            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                return super.backwardDelta(input, delta).muli(1.01);
            }
        };
        GradientCheck.Report report = GradientCheck.check(wrong, TestArrays.uniform(2, DataType.DOUBLE, 6, 4));
        assertFalse(report.passed(), report::toString);
        assertFalse(report.get("input").passed());
        assertTrue(report.get("weight").passed() && report.get("bias").passed());
    }

    @Test
    void gradientCheckCatchesAWeightGradientOnePercentWrong() {
        Linear wrong = new Linear(4, 3, true, 5) {
            @Override
            public void backwardUpdateGradient(INDArray input, INDArray delta) {
                super.backwardUpdateGradient(input, delta.mul(1.01));
            }
        };
        GradientCheck.Report report = GradientCheck.check(wrong, TestArrays.uniform(2, DataType.DOUBLE, 6, 4));
        assertFalse(report.get("weight").passed(), report::toString);
        assertFalse(report.get("bias").passed(), report::toString);
    }

    @Test
    void backwardDeltaAndUpdateGradientGiveTheSameResultsInEitherOrder() {
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 5, 4);
        INDArray d = TestArrays.uniform(2, DataType.FLOAT, 5, 3);
        Linear a = new Linear(4, 3, true, 9);
        Linear b = new Linear(4, 3, true, 9);
        a.forward(x);
        INDArray da = a.backwardDelta(x, d);
        a.backwardUpdateGradient(x, d);
        b.forward(x);
        b.backwardUpdateGradient(x, d);
        INDArray db = b.backwardDelta(x, d);
        assertEquals(da, db);
        assertEquals(a.weight().grad(), b.weight().grad());
    }

    @Test
    void printsItsShape() {
        assertEquals("Linear(in=784, out=10)", new Linear(784, 10).toString());
        assertEquals("Linear(in=2, out=1, bias=false)", new Linear(2, 1, false).toString());
    }

    /** A delta of another shape would make the GEMMs read outside its memory (values ~1e20 were seen). */
    @Test
    void linearRejectsADeltaNotShapedLikeItsOutput() {
        Linear linear = new Linear(3, 2, true, 1);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.backwardDelta(x, Nd4j.zeros(DataType.FLOAT, 4, 5)));
        assertEquals("Linear: delta must be shaped like the output [4, 2] of input [4, 3], found [4, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> linear.backwardUpdateGradient(x, Nd4j.zeros(DataType.FLOAT, 8, 2)));
        assertEquals("Linear: delta must be shaped like the output [4, 2] of input [4, 3], found [8, 2]", e.getMessage());
    }
}
