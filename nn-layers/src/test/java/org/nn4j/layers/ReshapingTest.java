package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Module;
import org.nn4j.core.testing.TestArrays;

/** Upsample2D, Flatten and the shape modules: Reshape, Permute, Transpose, Squeeze, Unsqueeze, Narrow. */
class ReshapingTest {

    @Test
    void upsampleRepeatsEachPixelIntoABlock() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        INDArray expected = Nd4j.createFromArray(new float[] {
            1, 1, 2, 2,
            1, 1, 2, 2,
            1, 1, 2, 2,
            3, 3, 4, 4,
            3, 3, 4, 4,
            3, 3, 4, 4}).reshape(1, 1, 6, 4);
        Upsample2D up = new Upsample2D(3, 2);
        assertEquals(expected, up.forward(x));
        assertEquals(Nd4j.createFromArray(new float[] {6, 6, 6, 6}).reshape(1, 1, 2, 2),
                up.backwardDelta(x, Nd4j.ones(DataType.FLOAT, 1, 1, 6, 4)), "each pixel gathers its 3×2 block");
    }

    @Test
    void upsampleRejectsARank3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Upsample2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertEquals("Upsample2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]", e.getMessage());
    }

    @Test
    void flattenKeepsTheBatchAxisAndBackwardRestoresTheShape() {
        INDArray x = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 2, 2);
        Flatten flatten = new Flatten();
        INDArray y = flatten.forward(x);
        assertEquals(Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 12), y);
        INDArray d = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 12);
        assertEquals(x, flatten.backwardDelta(x, d));
        y.assign(-1);
        assertEquals(Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 2, 2), x, "the output is a copy, not a view of the input");
    }

    @Test
    void flattenRejectsADeltaOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Flatten().backwardDelta(Nd4j.zeros(DataType.FLOAT, 2, 3, 4), Nd4j.zeros(DataType.FLOAT, 2, 13)));
        assertEquals("Flatten: delta must be shaped like the output [2, 12] of input [2, 3, 4], found [2, 13]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Nd4j.zeros(DataType.FLOAT, 5)));
        assertEquals("Flatten: expected input [N, ...] of rank at least 2, found rank 1 with shape [5]", e.getMessage());
    }

    @Test
    void printsThemselves() {
        assertEquals("Upsample2D(scale=2)", new Upsample2D(2).toString());
        assertEquals("Upsample2D(scale=3×2)", new Upsample2D(3, 2).toString());
        assertEquals("Flatten()", new Flatten().toString());
    }

    private static INDArray arange(long... shape) {
        return Nd4j.arange(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).castTo(DataType.DOUBLE).reshape('c', shape);
    }

    private static void assertRejected(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void reshapeRegroupsEachSampleInCOrderAndInfersTheMinusOne() {
        INDArray x = arange(2, 3, 4);
        assertEquals(x.reshape('c', 2, 4, 3), new Reshape(4, -1).forward(x));
        assertEquals(x.reshape('c', 2, 2, 1, 6), new Reshape(2, 1, -1).forward(x));
        assertEquals(x.reshape('c', 2, 12), new Reshape(-1).forward(x), "Reshape(-1) is Flatten");
        assertEquals(x, new Reshape(4, 3).backwardDelta(x, x.reshape('c', 2, 4, 3)));
        INDArray column = arange(3, 1);
        assertEquals(arange(3), new Reshape().forward(column), "an empty sample shape: one element per sample");
        long[] empty = new Reshape(4, -1).forward(Nd4j.create(DataType.FLOAT, 0, 3, 4)).shape();
        assertEquals("[0, 4, 3]", java.util.Arrays.toString(empty), "a batch of 0: the -1 comes from a sample, not from the batch");
    }

    @Test
    void reshapeRejectsBadSizesAndSamplesThatDoNotFitNamingBothShapes() {
        assertRejected("Reshape: sizes must be at least 0, or -1 once (inferred), found [2, -3]", () -> new Reshape(2, -3));
        assertRejected("Reshape: only one size may be -1 (inferred), found [-1, 2, -1]", () -> new Reshape(-1, 2, -1));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertRejected("Reshape: each sample [3, 4] of input [2, 3, 4] has 12 elements, which do not fit [5, 2] (10 elements)",
                () -> new Reshape(5, 2).forward(x));
        assertRejected("Reshape: each sample [3, 4] of input [2, 3, 4] has 12 elements, which do not fit [5, -1] (not a multiple"
                + " of 5)", () -> new Reshape(5, -1).forward(x));
        assertRejected("Reshape: each sample [3, 4] of input [2, 3, 4] has 12 elements, and the -1 of [0, -1] cannot be"
                + " inferred: the other sizes hold 0 elements", () -> new Reshape(0, -1).forward(x));
        assertRejected("Reshape: expected input [N, ...] of rank at least 1, found rank 0 with shape []",
                () -> new Reshape(1).forward(Nd4j.scalar(1f)));
        assertRejected("Reshape: delta must be shaped like the output [2, 4, 3] of input [2, 3, 4], found [2, 3, 4]",
                () -> new Reshape(4, -1).backwardDelta(x, x));
    }

    @Test
    void permuteReordersTheAxesAndBackwardReordersThemBack() {
        INDArray x = arange(2, 3, 4, 5);
        INDArray y = new Permute(0, 2, 3, 1).forward(x);
        assertEquals("[2, 4, 5, 3]", java.util.Arrays.toString(y.shape()));
        assertEquals(x.getDouble(1, 2, 3, 4), y.getDouble(1, 3, 4, 2), "NCHW to NHWC");
        assertEquals(x, new Permute(0, 2, 3, 1).backwardDelta(x, y));
        assertEquals(new Permute(0, 2, 1).forward(arange(2, 3, 4)), new Permute(0, -1, -2).forward(arange(2, 3, 4)));
        assertEquals(List.of(0, 2, 1), java.util.Arrays.stream(new Permute(-3, -1, 1).dims()).boxed().toList());
    }

    @Test
    void permuteRejectsDimsThatAreNoPermutationOrMoveTheBatch() {
        assertRejected("Permute: expected one dim per axis, starting with the batch axis 0, found none", Permute::new);
        assertRejected("Permute: dim 3 of [0, 3, 1] is out of range for 3 axes (expected -3 to 2)", () -> new Permute(0, 3, 1));
        assertRejected("Permute: dim -4 of [0, -4, 1] is out of range for 3 axes (expected -3 to 2)", () -> new Permute(0, -4, 1));
        assertRejected("Permute: [0, 1, -2] names axis 1 twice; expected each axis from 0 to 2 once", () -> new Permute(0, 1, -2));
        assertRejected("Permute: [1, 0, 2] moves the batch axis 0; the first dim must be 0, so that the batch stays first",
                () -> new Permute(1, 0, 2));
        assertRejected("Permute: dims [0, 2, 1] need input of rank 3, found rank 4 with shape [2, 3, 4, 5]",
                () -> new Permute(0, 2, 1).forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 5)));
    }

    @Test
    void transposeSwapsTwoAxesAndNegativeDimsCountFromTheEnd() {
        INDArray x = arange(2, 3, 4);
        INDArray y = new Transpose(1, 2).forward(x);
        assertEquals(x.permute(0, 2, 1), y);
        assertEquals(y, new Transpose(-1, -2).forward(x));
        assertEquals(x, new Transpose(2, 1).backwardDelta(x, y));
        assertEquals(x, new Transpose(1, 1).forward(x), "one axis twice: the identity");
    }

    @Test
    void transposeRejectsTheBatchAxisAndDimsOutOfRange() {
        assertRejected("Transpose: dim 0 is the batch axis, which stays in place; expected dims from 1, or counting from the end"
                + " from -1, found (0, 2)", () -> new Transpose(0, 2));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertRejected("Transpose: dim 3 is out of range for input [2, 3, 4]; expected a dim from 1 to 2, or from -2 to -1"
                + " counting from the end", () -> new Transpose(1, 3).forward(x));
        assertRejected("Transpose: dim -3 is the batch axis 0 of input [2, 3, 4], which stays in place; expected a dim from 1"
                + " to 2, or from -2 to -1 counting from the end", () -> new Transpose(-3, 1).forward(x));
        assertRejected("Transpose: expected input [N, ...] of rank at least 2, found rank 1 with shape [5]",
                () -> new Transpose(1, 1).forward(Nd4j.zeros(DataType.FLOAT, 5)));
    }

    @Test
    void squeezeRemovesAnAxisOfSizeOne() {
        INDArray x = arange(2, 3, 1, 4);
        assertEquals(arange(2, 3, 4), new Squeeze(2).forward(x));
        assertEquals(arange(2, 3, 4), new Squeeze(-2).forward(x));
        assertEquals(x, new Squeeze(2).backwardDelta(x, arange(2, 3, 4)));
        assertEquals(arange(5), new Squeeze(1).forward(arange(5, 1)), "[N, 1] to [N]");
    }

    @Test
    void squeezeRejectsTheBatchAxisAndAnAxisOfAnotherSize() {
        assertRejected("Squeeze: dim 0 is the batch axis, which stays in place; expected a dim from 1, or counting from the end"
                + " from -1, found 0", () -> new Squeeze(0));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertRejected("Squeeze: axis 2 of input [2, 3, 4] has size 4, not 1", () -> new Squeeze(-1).forward(x));
        assertRejected("Squeeze: dim 3 is out of range for input [2, 3, 4]; expected a dim from 1 to 2, or from -2 to -1"
                + " counting from the end", () -> new Squeeze(3).forward(x));
        assertRejected("Squeeze: expected input [N, ...] of rank at least 2, found rank 1 with shape [5]",
                () -> new Squeeze(1).forward(Nd4j.zeros(DataType.FLOAT, 5)));
    }

    @Test
    void unsqueezeInsertsAnAxisOfSizeOne() {
        INDArray x = arange(2, 3);
        assertEquals(arange(2, 1, 3), new Unsqueeze(1).forward(x));
        assertEquals(arange(2, 3, 1), new Unsqueeze(-1).forward(x), "-1 appends an axis");
        assertEquals(arange(2, 3, 1), new Unsqueeze(2).forward(x));
        assertEquals(arange(2, 1, 3), new Unsqueeze(-2).forward(x));
        assertEquals(x, new Unsqueeze(1).backwardDelta(x, arange(2, 1, 3)));
        assertEquals(arange(4, 1), new Unsqueeze(1).forward(arange(4)), "[N] to [N, 1]");
    }

    @Test
    void unsqueezeRejectsTheBatchAxisAndDimsOutOfRange() {
        assertRejected("Unsqueeze: dim 0 is the batch axis, which stays in place; expected a dim from 1, or counting from the end"
                + " from -1, found 0", () -> new Unsqueeze(0));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertRejected("Unsqueeze: dim 4 is out of range for input [2, 3, 4]; expected a dim from 1 to 3, or from -3 to -1"
                + " counting from the end", () -> new Unsqueeze(4).forward(x));
        assertRejected("Unsqueeze: dim -4 is the batch axis 0 of input [2, 3, 4], which stays in place; expected a dim from 1"
                + " to 3, or from -3 to -1 counting from the end", () -> new Unsqueeze(-4).forward(x));
        assertRejected("Unsqueeze: expected input [N, ...] of rank at least 1, found rank 0 with shape []",
                () -> new Unsqueeze(1).forward(Nd4j.scalar(1f)));
    }

    @Test
    void narrowKeepsConsecutivePositionsAndBackwardPutsDeltaBackAmongZeros() {
        INDArray x = arange(2, 3, 5);
        INDArray y = new Narrow(2, 1, 3).forward(x);
        assertEquals(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 4)), y);
        assertEquals(y, new Narrow(-1, -4, 3).forward(x), "negative dim and start count from the end");
        INDArray d = Nd4j.ones(DataType.DOUBLE, 2, 3, 3);
        INDArray gradInput = new Narrow(2, 1, 3).backwardDelta(x, d);
        assertEquals(Nd4j.createFromArray(new double[] {0, 1, 1, 1, 0}), gradInput.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all()));
        assertEquals(18.0, gradInput.sumNumber().doubleValue());
        assertEquals("[2, 3, 0]", java.util.Arrays.toString(new Narrow(2, 5, 0).forward(x).shape()), "length 0 at the end");
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 2, 3, 5), new Narrow(2, 5, 0).backwardDelta(x, Nd4j.create(DataType.DOUBLE, 2, 3, 0)));
    }

    @Test
    void narrowRejectsTheBatchAxisANegativeLengthAndPositionsOutsideTheAxis() {
        assertRejected("Narrow: dim 0 is the batch axis, which stays in place; expected a dim from 1, or counting from the end"
                + " from -1, found 0", () -> new Narrow(0, 0, 1));
        assertRejected("Narrow: length must be at least 0, found -1", () -> new Narrow(1, 0, -1));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertRejected("Narrow: start 3 + length 2 exceeds the size 4 of axis 2 of input [2, 3, 4]",
                () -> new Narrow(2, 3, 2).forward(x));
        assertRejected("Narrow: start -5 is out of range for axis 2 of size 4 of input [2, 3, 4] (expected -4 to 4)",
                () -> new Narrow(2, -5, 1).forward(x));
        assertRejected("Narrow: dim -3 is the batch axis 0 of input [2, 3, 4], which stays in place; expected a dim from 1 to 2,"
                + " or from -2 to -1 counting from the end", () -> new Narrow(-3, 0, 1).forward(x));
        assertRejected("Narrow: expected input [N, ...] of rank at least 2, found rank 1 with shape [5]",
                () -> new Narrow(1, 0, 1).forward(Nd4j.zeros(DataType.FLOAT, 5)));
    }

    /**
     * Outputs and dL/dinput are new c-ordered arrays that the caller may keep and modify: never a view of the input or
     * of delta, also for an input that is itself a strided view.
     */
    @Test
    void shapeModulesReturnCOrderedCopiesThatAliasNeitherInputNorDelta() {
        List<Supplier<Module>> modules = List.of(() -> new Reshape(4, -1), () -> new Permute(0, 2, 1), () -> new Transpose(1, 2),
                () -> new Squeeze(1), () -> new Unsqueeze(2), () -> new Narrow(2, 1, 2), Flatten::new,
                () -> new Dropout2D(0.5, 1).eval(), () -> new Dropout2D(0.5, 1).freezeMask());
        for (Supplier<Module> factory : modules) {
            Module m = factory.get();
            INDArray shapeOf = Nd4j.zeros(DataType.DOUBLE, 2, m instanceof Squeeze ? 1 : 3, 4);
            for (INDArray x : TestArrays.otherLayouts(TestArrays.uniform(3, DataType.DOUBLE, shapeOf.shape())).values()) {
                INDArray before = x.dup();
                INDArray y = m.forward(x);
                INDArray d = TestArrays.otherLayouts(TestArrays.uniform(4, DataType.DOUBLE, y.shape())).values().iterator().next();
                INDArray deltaBefore = d.dup();
                INDArray g = m.backwardDelta(x, d);
                assertEquals('c', y.ordering(), m + " output");
                assertEquals('c', g.ordering(), m + " dL/dinput");
                y.assign(-7);
                g.assign(-7);
                assertEquals(before, x, m + ": the output is no view of the input");
                assertEquals(deltaBefore, d, m + ": dL/dinput is no view of delta");
                assertEquals(m.forward(before), m.forward(x), m + ": the same values from a copy");
            }
        }
    }

    @Test
    void shapeModulesPrintThemselves() {
        assertEquals("Reshape(4, -1)", new Reshape(4, -1).toString());
        assertEquals("Permute(0, -1, 1)", new Permute(0, -1, 1).toString());
        assertEquals("Transpose(1, -1)", new Transpose(1, -1).toString());
        assertEquals("Squeeze(dim=2)", new Squeeze(2).toString());
        assertEquals("Unsqueeze(dim=-1)", new Unsqueeze(-1).toString());
        assertEquals("Narrow(dim=2, start=-3, length=2)", new Narrow(2, -3, 2).toString());
    }
}
