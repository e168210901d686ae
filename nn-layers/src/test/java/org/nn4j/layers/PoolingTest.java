package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.NonFiniteLossException;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

/** MaxPool2D and MaxPool1D. */
class PoolingTest {

    /** Windows are cut from dense copies: ND4J's point indices on some strided views returned empty arrays. */
    @Test
    void adaptiveAvgPoolGivesTheSameResultsForViewsOfLargerArrays() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 1, 3, 8, 7);
        INDArray delta = TestArrays.uniform(2, DataType.DOUBLE, 1, 3, 5, 2);
        AdaptiveAvgPool2D pool = new AdaptiveAvgPool2D(5, 2);
        for (char order : new char[] {'c', 'f'}) {
            INDArray bigX = Nd4j.create(DataType.DOUBLE, new long[] {2, 5, 10, 9}, order);
            INDArray xView = bigX.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 4), NDArrayIndex.interval(1, 9),
                    NDArrayIndex.interval(1, 8)).assign(x);
            INDArray bigDelta = Nd4j.create(DataType.DOUBLE, new long[] {2, 4, 6, 3}, order);
            INDArray deltaView = bigDelta.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 4),
                    NDArrayIndex.interval(1, 6), NDArrayIndex.interval(1, 3)).assign(delta);
            assertEquals(pool.forward(x), pool.forward(xView));
            assertEquals(pool.backwardDelta(x, delta), pool.backwardDelta(xView, deltaView));
            assertEquals(pool.backwardDelta(x, delta), pool.backwardDelta(x, delta.permute(0, 1, 3, 2).dup('c').permute(0, 1, 3, 2)));
        }
    }

    @Test
    void maxPool2dKeepsTheMaximumOfEachWindowAndRoutesTheDeltaToIt() {
        INDArray x = Nd4j.createFromArray(new float[] {
            1, 5, 2, 0,
            3, 4, 8, 1,
            0, 0, 1, 1,
            9, 0, 1, 2}).reshape(1, 1, 4, 4);
        MaxPool2D pool = new MaxPool2D(2);
        assertEquals(Nd4j.createFromArray(new float[] {5, 8, 9, 2}).reshape(1, 1, 2, 2), pool.forward(x));
        INDArray d = Nd4j.createFromArray(new float[] {10, 20, 30, 40}).reshape(1, 1, 2, 2);
        assertEquals(Nd4j.createFromArray(new float[] {
            0, 10, 0, 0,
            0, 0, 20, 0,
            0, 0, 0, 0,
            30, 0, 0, 40}).reshape(1, 1, 4, 4), pool.backwardDelta(x, d));
    }

    @Test
    void maxPool1dKeepsTheMaximumOfEachWindow() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 5, 2, 0, 3, 7, 4}).reshape(1, 1, 7);
        assertEquals(Nd4j.createFromArray(new float[] {5, 3, 7}).reshape(1, 1, 3), new MaxPool1D(3, 2).forward(x));
    }

    @Test
    void float32AgreesWithFloat64() {
        long seed = TestArrays.testSeed("PoolingTest.float32AgreesWithFloat64");
        INDArray x = SpecCases.withoutTies(seed, DataType.DOUBLE, new long[] {2, 3, 9, 8});
        INDArray d = TestArrays.uniform(seed + 1, DataType.DOUBLE, 2, 3, 4, 3);
        MaxPool2D pool = new MaxPool2D(3, 2);
        assertEquals(pool.forward(x).castTo(DataType.FLOAT), pool.forward(x.castTo(DataType.FLOAT)));
        assertEquals(pool.backwardDelta(x, d).castTo(DataType.FLOAT),
                pool.backwardDelta(x.castTo(DataType.FLOAT), d.castTo(DataType.FLOAT)));
    }

    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /**
     * Each input as it reaches every kernel: float64 (the ND4J reference), dense float32 (oneDNN where it runs) and a
     * float32 view at an offset (the ND4J reference in float32).
     */
    private static final List<UnaryOperator<INDArray>> EVERY_PATH = List.of(
            x -> x.castTo(DataType.DOUBLE),
            x -> x.castTo(DataType.FLOAT),
            x -> {
                INDArray wider = Nd4j.zeros(DataType.FLOAT, x.size(0) + 1, x.size(1), x.size(2), x.rank() == 4 ? x.size(3) : 1)
                        .reshape(x.rank() == 4 ? new long[] {x.size(0) + 1, x.size(1), x.size(2), x.size(3)}
                                : new long[] {x.size(0) + 1, x.size(1), x.size(2)});
                INDArray view = wider.get(NDArrayIndex.interval(1, x.size(0) + 1));
                view.assign(x);
                return view;
            });

    // Expected values are PyTorch 1.13's: F.max_pool2d / F.max_pool1d forward, and backward with the given delta.
    // A window holding a NaN gives NaN, and its delta goes to the window's last NaN (row-major order).

    @Test
    void maxPool2dPropagatesNaNAndRoutesTheDeltaToTheLastNaNOfTheWindowAsPyTorch() {
        INDArray x = Nd4j.createFromArray(new float[] {
            1, NAN, 3, 4,
            NAN, 2, 7, NAN,
            5, 6, NAN, NAN,
            NAN, NAN, NAN, NAN}).reshape(1, 1, 4, 4);
        INDArray d = Nd4j.createFromArray(new float[] {10, 20, 30, 40}).reshape(1, 1, 2, 2);
        INDArray gradInput = Nd4j.createFromArray(new float[] {
            0, 0, 0, 0,
            10, 0, 0, 20,
            0, 0, 0, 0,
            0, 30, 0, 40}).reshape(1, 1, 4, 4);
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray in = path.apply(x);
            MaxPool2D pool = new MaxPool2D(2);
            assertSame(Nd4j.createFromArray(new float[] {NAN, NAN, NAN, NAN}).reshape(1, 1, 2, 2),
                    pool.forward(in).castTo(DataType.FLOAT), in.dataType() + " " + in.isView());
            assertSame(gradInput, pool.backwardDelta(in, d.castTo(in.dataType())).castTo(DataType.FLOAT),
                    in.dataType() + " " + in.isView());
        }
    }

    @Test
    void maxPool2dWithOverlappingWindowsPropagatesNaNOnlyToTheWindowsHoldingIt() {
        INDArray x = Nd4j.createFromArray(new float[] {
            1, NAN, 3,
            0, 2, 7,
            5, 6, INF}).reshape(1, 1, 3, 3);
        INDArray d = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray in = path.apply(x);
            MaxPool2D pool = new MaxPool2D(2, 1);
            assertSame(Nd4j.createFromArray(new float[] {NAN, NAN, 6, INF}).reshape(1, 1, 2, 2),
                    pool.forward(in).castTo(DataType.FLOAT), in.dataType() + " " + in.isView());
            assertSame(Nd4j.createFromArray(new float[] {0, 3, 0, 0, 0, 0, 0, 3, 4}).reshape(1, 1, 3, 3),
                    pool.backwardDelta(in, d.castTo(in.dataType())).castTo(DataType.FLOAT), in.dataType() + " " + in.isView());
        }
    }

    @Test
    void maxPool1dPropagatesNaNAndRoutesTheDeltaToTheLastNaNOfTheWindowAsPyTorch() {
        INDArray x = Nd4j.createFromArray(new float[] {1, NAN, NAN, 3, 2, INF, -INF, NAN}).reshape(1, 1, 8);
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray in = path.apply(x);
            String what = in.dataType() + " " + in.isView();
            assertSame(Nd4j.createFromArray(new float[] {NAN, NAN, INF, NAN}).reshape(1, 1, 4),
                    new MaxPool1D(2).forward(in).castTo(DataType.FLOAT), what);
            MaxPool1D pool = new MaxPool1D(3, 1);
            assertSame(Nd4j.createFromArray(new float[] {NAN, NAN, NAN, INF, INF, NAN}).reshape(1, 1, 6),
                    pool.forward(in).castTo(DataType.FLOAT), what);
            INDArray d = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6}).reshape(1, 1, 6).castTo(in.dataType());
            assertSame(Nd4j.createFromArray(new float[] {0, 0, 6, 0, 0, 9, 0, 6}).reshape(1, 1, 8),
                    pool.backwardDelta(in, d).castTo(DataType.FLOAT), what);
        }
    }

    /**
     * The forward pass's NaN verdict is reused only by the backward pass of the same input: a backward pass of another
     * input, and a forward pass of the same array after it was changed, read their input again.
     */
    @Test
    void theNaNVerdictOfAForwardPassIsReusedOnlyForTheSameInput() {
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray clean = path.apply(Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2));
            INDArray poisoned = path.apply(Nd4j.createFromArray(new float[] {1, NAN, 3, 4}).reshape(1, 1, 2, 2));
            INDArray d = Nd4j.createFromArray(new float[] {10}).reshape(1, 1, 1, 1).castTo(clean.dataType());
            String what = clean.dataType() + " " + clean.isView();
            MaxPool2D pool = new MaxPool2D(2);
            assertSame(Nd4j.createFromArray(new float[] {4}).reshape(1, 1, 1, 1), pool.forward(clean).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.createFromArray(new float[] {0, 10, 0, 0}).reshape(1, 1, 2, 2),
                    pool.backwardDelta(poisoned, d).castTo(DataType.FLOAT), what);
            clean.putScalar(new long[] {0, 0, 0, 0}, Double.NaN);
            assertSame(Nd4j.createFromArray(new float[] {NAN}).reshape(1, 1, 1, 1), pool.forward(clean).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.createFromArray(new float[] {10, 0, 0, 0}).reshape(1, 1, 2, 2),
                    pool.backwardDelta(clean, d).castTo(DataType.FLOAT), what);
        }
    }

    /** Equal shapes and values, NaN where {@code expected} has NaN. */
    private static void assertSame(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(expected.reshape(-1).toDoubleVector(), actual.reshape(-1).toDoubleVector(), what);
    }

    /** One NaN pixel makes the loss NaN, so that Optim rejects the step and the weights stay as they were. */
    @Test
    void aNanPixelInAConvNetGivesANanLossAndARejectedStep() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Sequential net = new Sequential(new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Linear(4 * 3 * 3, 3));
            net.to(type);
            INDArray x = TestArrays.uniform(7, type, 5, 1, 8, 8);
            x.putScalar(new long[] {2, 0, 4, 5}, Double.NaN);
            INDArray y = Nd4j.createFromArray(new long[] {0, 1, 2, 1, 0});
            assertTrue(Double.isNaN(new CrossEntropyLoss().forward(y, net.forward(x))), type.toString());
            INDArray weightBefore = net.parameters().get(0).value().dup();
            Optim optim = new Optim(net, new CrossEntropyLoss(), 0.1);
            assertThrows(NonFiniteLossException.class, () -> optim.step(x, y), type.toString());
            assertEquals(weightBefore, net.parameters().get(0).value(), type.toString());
        }
    }

    @Test
    void maxPool2dRejectsARank3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertEquals("MaxPool2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]", e.getMessage());
    }

    @Test
    void maxPool2dRejectsAKernelLargerThanTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(3).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 5)));
        assertEquals("MaxPool2D: kernel 3×3 is larger than the input 2×5 (input shape [1, 2, 2, 5])", e.getMessage());
    }

    @Test
    void maxPool1dRejectsBadInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool1D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5)));
        assertEquals("MaxPool1D: expected input [N, C, L], found rank 2 with shape [2, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool1D(4).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 3)));
        assertEquals("MaxPool1D: kernel 4 is larger than the input 3 (input shape [1, 2, 3])", e.getMessage());
    }

    @Test
    void maxPoolRejectsADeltaOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2D(2).backwardDelta(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 4), Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 4)));
        assertEquals("MaxPool2D: delta must be shaped like the output [1, 2, 2, 2] of input [1, 2, 4, 4], found [1, 2, 4, 4]",
                e.getMessage());
    }

    @Test
    void printsItsWindow() {
        assertEquals("MaxPool2D(kernel=2×2, stride=2×2)", new MaxPool2D(2).toString());
        assertEquals("MaxPool1D(kernel=3, stride=2)", new MaxPool1D(3, 2).toString());
    }
}
