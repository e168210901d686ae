package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.NonFiniteLossException;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

/** MaxPool1D/2D, AvgPool1D/2D, AdaptiveMaxPool2D and AdaptiveAvgPool2D: hand values, NaN, option and input errors. */
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
        assertEquals("MaxPool2D(kernel=3×2, stride=1×2, padding=1×1, dilation=2×1, ceil mode)",
                new MaxPool2D(3, 2, 1, 2).padding(1).dilation(2, 1).ceilMode(true).toString());
        assertEquals("MaxPool1D(kernel=3, stride=2, padding=1, dilation=2)", new MaxPool1D(3, 2, 1).dilation(2).toString());
        assertEquals("AvgPool2D(kernel=3×3, stride=2×2, padding=1×1, ceil mode, padding not counted)",
                new AvgPool2D(3, 2, 1).ceilMode(true).countIncludePad(false).toString());
        assertEquals("AvgPool1D(kernel=2, stride=2)", new AvgPool1D(2).toString());
        assertEquals("AdaptiveMaxPool2D(3×2)", new AdaptiveMaxPool2D(3, 2).toString());
    }

    /**
     * Ceil mode on a 1×5 row, kernel 2, stride 2, padding 1: windows [−1, 0], [1, 2], [3, 4]; PyTorch's divisors are
     * 2, 2, 2 counting the padding and 1, 2, 2 not. With kernel 3, stride 2, padding 1 on 1×6 the last window [5, 7]
     * reaches past the padding (at 6): PyTorch divides it by 2 counting the padding, by 1 not.
     */
    @Test
    void avgPoolDividesAsPyTorchInCeilModeWithAndWithoutThePadding() {
        INDArray x = Nd4j.createFromArray(new double[] {1, 2, 3, 4, 5}).reshape(1, 1, 5);
        for (UnaryOperator<INDArray> path : List.<UnaryOperator<INDArray>>of(a -> a, a -> a.castTo(DataType.FLOAT))) {
            assertSame(Nd4j.createFromArray(new float[] {0.5f, 2.5f, 4.5f}).reshape(1, 1, 3),
                    new AvgPool1D(2, 2, 1).ceilMode(true).forward(path.apply(x)).castTo(DataType.FLOAT), "counted");
            assertSame(Nd4j.createFromArray(new float[] {1, 2.5f, 4.5f}).reshape(1, 1, 3),
                    new AvgPool1D(2, 2, 1).ceilMode(true).countIncludePad(false).forward(path.apply(x)).castTo(DataType.FLOAT), "not counted");
            INDArray row = Nd4j.createFromArray(new double[] {1, 2, 3, 4, 5, 6}).reshape(1, 1, 1, 6);
            AvgPool2D pool = new AvgPool2D(1, 3, 1, 2).padding(0, 1).ceilMode(true);
            INDArray in = path.apply(row);
            assertSame(Nd4j.createFromArray(new float[] {1, 3, 5, 3}).reshape(1, 1, 1, 4), pool.forward(in).castTo(DataType.FLOAT),
                    in.dataType().toString());
            INDArray d = Nd4j.createFromArray(new double[] {3, 6, 9, 12}).reshape(1, 1, 1, 4).castTo(in.dataType());
            assertSame(Nd4j.createFromArray(new float[] {1, 1 + 2, 2, 2 + 3, 3, 3 + 6}).reshape(1, 1, 1, 6),
                    pool.backwardDelta(in, d).castTo(DataType.FLOAT), in.dataType().toString());
            assertSame(Nd4j.createFromArray(new float[] {1.5f, 3, 5, 6}).reshape(1, 1, 1, 4),
                    pool.countIncludePad(false).forward(in).castTo(DataType.FLOAT), in.dataType().toString());
        }
    }

    /** Padding is −∞: it never wins, not even over −∞, where the delta goes to the window's first input element (PyTorch). */
    @Test
    void maxPoolPaddingNeverWins() {
        INDArray x = Nd4j.createFromArray(new float[] {1, NAN, 3, 4}).reshape(1, 1, 2, 2);
        INDArray d = Nd4j.createFromArray(new float[] {10, 20, 30, 40}).reshape(1, 1, 2, 2);
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray in = path.apply(x);
            String what = in.dataType() + " " + in.isView();
            MaxPool2D pool = new MaxPool2D(2, 2, 1);
            assertSame(Nd4j.createFromArray(new float[] {1, NAN, 3, 4}).reshape(1, 1, 2, 2), pool.forward(in).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.createFromArray(new float[] {10, 20, 30, 40}).reshape(1, 1, 2, 2),
                    pool.backwardDelta(in, d.castTo(in.dataType())).castTo(DataType.FLOAT), what);
            INDArray low = path.apply(Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, Float.NEGATIVE_INFINITY, DataType.FLOAT));
            MaxPool2D overlapping = new MaxPool2D(2, 1, 1);
            assertSame(Nd4j.valueArrayOf(new long[] {1, 1, 3, 3}, Float.NEGATIVE_INFINITY, DataType.FLOAT),
                    overlapping.forward(low).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.createFromArray(new float[] {4, 2, 2, 1}).reshape(1, 1, 2, 2),
                    overlapping.backwardDelta(low, Nd4j.ones(low.dataType(), 1, 1, 3, 3)).castTo(DataType.FLOAT), what);
        }
    }

    /** Ceil mode takes a window larger than the input when it starts inside it (PyTorch's rule); floor mode rejects it. */
    @Test
    void ceilModeAcceptsAnInputSmallerThanTheKernel() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 5, 2, 0}).reshape(1, 1, 2, 2);
        assertSame(Nd4j.createFromArray(new float[] {5}).reshape(1, 1, 1, 1), new MaxPool2D(3, 2).ceilMode(true).forward(x), "max");
        assertSame(Nd4j.createFromArray(new float[] {2}).reshape(1, 1, 1, 1), new AvgPool2D(3, 2).ceilMode(true).forward(x), "average");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2D(3, 2).forward(x));
        assertEquals("AvgPool2D: kernel 3×3 is larger than the input 2×2 (input shape [1, 1, 2, 2])", e.getMessage());
    }

    /**
     * A dilated window may fall between the input's elements: kernel 2, dilation 2 and padding 1 on a length-1 input
     * put the one window's taps at −1 and 1. Its maximum is −∞ (as PyTorch) and it sends no delta.
     */
    @Test
    void aMaxPoolWindowThatReadsNoInputGivesMinusInfinity() {
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray x = path.apply(Nd4j.createFromArray(new float[] {3}).reshape(1, 1, 1, 1));
            String what = x.dataType() + " " + x.isView();
            MaxPool2D pool = new MaxPool2D(2, 1, 1).dilation(2);
            assertSame(Nd4j.valueArrayOf(new long[] {1, 1, 1, 1}, Float.NEGATIVE_INFINITY, DataType.FLOAT),
                    pool.forward(x).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.zeros(DataType.FLOAT, 1, 1, 1, 1), pool.backwardDelta(x, Nd4j.ones(x.dataType(), 1, 1, 1, 1)).castTo(DataType.FLOAT),
                    what);
            INDArray row = x.reshape(1, 1, 1);
            MaxPool1D pool1d = new MaxPool1D(2, 1, 1).dilation(2);
            assertSame(Nd4j.valueArrayOf(new long[] {1, 1, 1}, Float.NEGATIVE_INFINITY, DataType.FLOAT),
                    pool1d.forward(row).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.zeros(DataType.FLOAT, 1, 1, 1), pool1d.backwardDelta(row, Nd4j.ones(x.dataType(), 1, 1, 1)).castTo(DataType.FLOAT),
                    what);
        }
    }

    /** Ties: the first maximum (row-major) of each window takes the delta; a NaN in a window wins over everything. */
    @Test
    void adaptiveMaxPoolRoutesTheDeltaToTheFirstMaximumOrTheLastNaN() {
        INDArray x = Nd4j.createFromArray(new float[] {
            2, 1, 2,
            2, NAN, 0,
            NAN, 1, 1}).reshape(1, 1, 3, 3);
        INDArray d = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        for (UnaryOperator<INDArray> path : EVERY_PATH) {
            INDArray in = path.apply(x);
            String what = in.dataType() + " " + in.isView();
            AdaptiveMaxPool2D pool = new AdaptiveMaxPool2D(2);
            assertSame(Nd4j.createFromArray(new float[] {NAN, NAN, NAN, NAN}).reshape(1, 1, 2, 2), pool.forward(in).castTo(DataType.FLOAT),
                    what);
            assertSame(Nd4j.createFromArray(new float[] {0, 0, 0, 0, 1 + 2 + 4, 0, 3, 0, 0}).reshape(1, 1, 3, 3),
                    pool.backwardDelta(in, d.castTo(in.dataType())).castTo(DataType.FLOAT), what);
            INDArray ties = path.apply(Nd4j.createFromArray(new float[] {2, 1, 2, 2, 0, 2, 1, 2, 2}).reshape(1, 1, 3, 3));
            assertSame(Nd4j.createFromArray(new float[] {2, 2, 2, 2}).reshape(1, 1, 2, 2), pool.forward(ties).castTo(DataType.FLOAT), what);
            assertSame(Nd4j.createFromArray(new float[] {1, 0, 2, 3, 0, 4, 0, 0, 0}).reshape(1, 1, 3, 3),
                    pool.backwardDelta(ties, d.castTo(ties.dataType())).castTo(DataType.FLOAT), what);
        }
    }

    @Test
    void rejectsBadOptionsNamingTheModule() {
        assertRejects("AvgPool2D: kernel and stride must be at least 1 and padding at least 0, found kernel 0×0, stride 0×0, padding 0×0",
                () -> new AvgPool2D(0));
        assertRejects("AvgPool1D: kernel and stride must be at least 1 and padding at least 0, found kernel 0, stride 0, padding 0",
                () -> new AvgPool1D(0));
        assertRejects("MaxPool1D: kernel and stride must be at least 1 and padding at least 0, found kernel 2, stride 0, padding 0",
                () -> new MaxPool1D(2, 0));
        assertRejects("MaxPool2D: padding must be at most half the kernel (as in PyTorch), found kernel 3×3, padding 2×2",
                () -> new MaxPool2D(3, 1, 2));
        assertRejects("MaxPool2D: padding must be at most half the kernel (as in PyTorch), found kernel 3×2, padding 1×2",
                () -> new MaxPool2D(3, 2, 1, 1).padding(1, 2));
        assertRejects("MaxPool1D: padding must be at most half the kernel (as in PyTorch), found kernel 3, padding 2",
                () -> new MaxPool1D(3, 1, 2));
        assertRejects("AvgPool2D: padding must be at most half the kernel (as in PyTorch), found kernel 1×1, padding 1×1",
                () -> new AvgPool2D(1).padding(1));
        assertRejects("AvgPool1D: padding must be at most half the kernel (as in PyTorch), found kernel 2, padding 2",
                () -> new AvgPool1D(2, 1, 2));
        assertRejects("AvgPool2D: kernel and stride must be at least 1 and padding at least 0, found kernel 2×2, stride 2×2, padding -1×0",
                () -> new AvgPool2D(2).padding(-1, 0));
        assertRejects("MaxPool2D: dilation must be at least 1, found 0×1", () -> new MaxPool2D(2).dilation(0, 1));
        assertRejects("MaxPool1D: dilation must be at least 1, found 0", () -> new MaxPool1D(2).dilation(0));
        assertRejects("AdaptiveMaxPool2D: output size must be at least 1, found 0×2", () -> new AdaptiveMaxPool2D(0, 2));
        assertRejects("AdaptiveMaxPool2D: output size must be at least 1, found -1×-1", () -> new AdaptiveMaxPool2D(-1));
    }

    @Test
    void rejectsInputsOfTheWrongRankOrTooSmall() {
        assertRejects("AvgPool2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]",
                () -> new AvgPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertRejects("AvgPool1D: expected input [N, C, L], found rank 4 with shape [1, 2, 5, 5]",
                () -> new AvgPool1D(2).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 5, 5)));
        assertRejects("AdaptiveMaxPool2D: expected input of rank 4 [N, C, H, W], found rank 3 with shape [2, 5, 5]",
                () -> new AdaptiveMaxPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertRejects("AdaptiveMaxPool2D: input [N, C, H, W] needs H, W ≥ 1, found [1, 2, 0, 5]",
                () -> new AdaptiveMaxPool2D(2).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 0, 5)));
        assertRejects("MaxPool2D: expected input [N, C, H, W], found rank 3 with shape [2, 5, 5]",
                () -> new MaxPool2D(2).ceilMode(true).forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 5)));
        assertRejects("MaxPool2D: kernel 3×3 with dilation 2×2 (spanning 5×5) is larger than the padded input 4×6 (input shape [1, 2, 2, 4], padding 1×1)",
                () -> new MaxPool2D(3, 1, 1).dilation(2).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 4)));
        assertRejects("AvgPool1D: kernel 4 is larger than the padded input 3 (input shape [1, 2, 1], padding 1)",
                () -> new AvgPool1D(4, 1, 1).forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 1)));
        assertRejects("AvgPool2D: delta must be shaped like the output [1, 2, 3, 3] of input [1, 2, 5, 5], found [1, 2, 2, 2]",
                () -> new AvgPool2D(2).ceilMode(true).backwardDelta(Nd4j.zeros(DataType.FLOAT, 1, 2, 5, 5), Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 2)));
    }

    private static void assertRejects(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
