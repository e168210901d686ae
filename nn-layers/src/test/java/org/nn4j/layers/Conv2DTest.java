package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.init.Initialisers;

class Conv2DTest {

    @Test
    void kernelAndBiasSettersInitialiseAsPyTorchForTheSeedWhateverTheOrder() {
        Parameter weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, 8, 3, 3, 2));
        Initialisers.pytorchDefault(weight, null, 3 * 3 * 2, 42);
        Conv2D a = new Conv2D(3, 8, 3).kernel(3, 2).bias(false).reset(42);
        Conv2D b = new Conv2D(3, 8, 3).reset(42).bias(false).kernel(3, 2);
        for (Conv2D c : new Conv2D[] {a, b}) {
            assertArrayEquals(weight.value().shape(), c.weight().value().shape());
            assertArrayEquals(weight.value().reshape(-1).toFloatVector(), c.weight().value().reshape(-1).toFloatVector(), 0);
            assertNull(c.bias());
            assertEquals(1, c.parameters().size());
        }
        assertEquals("Conv2D(in=3, out=8, kernel=3×2, stride=1×1, padding=0×0, bias=false)", a.toString());
        Conv2D withBias = new Conv2D(3, 8, 3).bias(false).bias(true).reset(5);
        assertEquals(2, withBias.parameters().size());
        assertEquals(new Conv2D(3, 8, 3).reset(5).bias().value(), withBias.bias().value());
    }

    @Test
    void slidesTheKernelOverTheInputAndAddsTheBias() {
        Conv2D conv = new Conv2D(1, 1, 2).reset(1);
        conv.weight().set(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        conv.bias().set(Nd4j.createFromArray(0.5f));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 1, 3, 3);
        assertEquals(Nd4j.createFromArray(new float[] {12.5f, 16.5f, 24.5f, 28.5f}).reshape(1, 1, 2, 2), conv.forward(x));
    }

    @Test
    void samePaddingOfAnEvenKernelPadsBottomAndRightAsPyTorch() {
        Conv2D conv = new Conv2D(1, 1, 2).bias(false).reset(1).padding("same");
        conv.weight().set(Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        // [[1+2+3+4, 2+4], [3+4, 4]]: the zero row and column are below and to the right.
        assertEquals(Nd4j.createFromArray(new float[] {10, 6, 7, 4}).reshape(1, 1, 2, 2), conv.forward(x));
    }

    @Test
    void float32AgreesWithFloat64() {
        // float32 runs oneDNN's kernels, float64 ND4J's own: both must compute the same thing.
        long seed = TestArrays.testSeed("Conv2DTest.float32AgreesWithFloat64");
        INDArray x = TestArrays.uniform(seed, DataType.DOUBLE, 3, 3, 9, 8);
        INDArray d = TestArrays.uniform(seed + 1, DataType.DOUBLE, 3, 4, 5, 4);
        Conv2D single = new Conv2D(3, 4, 3).reset(seed).stride(2).padding(1);
        Conv2D dbl = (Conv2D) new Conv2D(3, 4, 3).reset(seed).stride(2).padding(1).to(DataType.DOUBLE);
        assertClose(dbl.forward(x), single.forward(x.castTo(DataType.FLOAT)));
        INDArray gradInput32 = single.backward(x.castTo(DataType.FLOAT), d.castTo(DataType.FLOAT), true);
        assertClose(dbl.backward(x, d, true), gradInput32);
        assertClose(dbl.weight().grad(), single.weight().grad());
        assertClose(dbl.bias().grad(), single.bias().grad());
    }

    @Test
    void backwardInOneCallEqualsTheTwoHalvesInEitherOrder() {
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 2, 6, 5);
        INDArray d = TestArrays.uniform(2, DataType.FLOAT, 2, 3, 4, 3);
        Conv2D a = new Conv2D(2, 3, 3).reset(9);
        Conv2D b = new Conv2D(2, 3, 3).reset(9);
        Conv2D c = new Conv2D(2, 3, 3).reset(9);
        INDArray da = a.backwardDelta(x, d);
        a.backwardUpdateGradient(x, d);
        b.backwardUpdateGradient(x, d);
        INDArray db = b.backwardDelta(x, d);
        INDArray dc = c.backward(x, d, true);
        assertEquals(da, db);
        assertEquals(da, dc);
        assertEquals(a.weight().grad(), b.weight().grad());
        assertEquals(a.weight().grad(), c.weight().grad());
        assertEquals(a.bias().grad(), c.bias().grad());
        assertNull(new Conv2D(2, 3, 3).backward(x, d, false), "no dL/dinput when not asked");
    }

    @Test
    void initialisesLikePyTorchWithinOneOverSqrtFanIn() {
        Conv2D conv = new Conv2D(4, 50, 3).reset(3);
        double bound = 1 / Math.sqrt(4 * 3 * 3);
        double max = conv.weight().value().amaxNumber().doubleValue();
        assertTrue(max <= bound && max > 0.9 * bound, "weights spread over ±" + bound + ", max " + max);
        assertTrue(conv.bias().value().amaxNumber().doubleValue() <= bound);
        assertEquals(0, conv.weight().value().meanNumber().doubleValue(), 0.01);
        assertEquals(DataType.FLOAT, conv.weight().value().dataType());
        assertEquals(conv.weight().value(), new Conv2D(4, 50, 3).reset(3).weight().value(), "seeded");
    }

    @Test
    void conv2dRejectsARank3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 3).forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 5)));
        assertEquals("Conv2D: expected input [N, C, H, W] with C = 3, found rank 3 with shape [2, 3, 5]", e.getMessage());
    }

    @Test
    void conv2dRejectsTheWrongNumberOfChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 3).forward(Nd4j.zeros(DataType.FLOAT, 2, 4, 5, 5)));
        assertEquals("Conv2D: expected input [N, C, H, W] with C = 3, found C = 4 (input shape [2, 4, 5, 5])", e.getMessage());
    }

    @Test
    void conv2dRejectsAKernelLargerThanTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 3).forward(Nd4j.zeros(DataType.FLOAT, 1, 3, 2, 5)));
        assertEquals("Conv2D: kernel 3×3 is larger than the input 2×5 (input shape [1, 3, 2, 5])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 5, 1, 1).forward(Nd4j.zeros(DataType.FLOAT, 1, 3, 2, 9)));
        assertEquals("Conv2D: kernel 5×5 is larger than the padded input 4×11 (input shape [1, 3, 2, 9], padding 1×1)",
                e.getMessage());
    }

    @Test
    void conv2dRejectsADeltaOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 3).backwardDelta(Nd4j.zeros(DataType.FLOAT, 2, 3, 5, 5), Nd4j.zeros(DataType.FLOAT, 2, 8, 3, 4)));
        assertEquals("Conv2D: delta must be shaped like the output [2, 8, 3, 3] of input [2, 3, 5, 5], found [2, 8, 3, 4]",
                e.getMessage());
    }

    @Test
    void conv2dRejectsAnInputOfAnotherDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(3, 8, 3).forward(Nd4j.zeros(DataType.DOUBLE, 2, 3, 5, 5)));
        assertTrue(e.getMessage().startsWith("Conv2D: expected FLOAT input"), e.getMessage());
    }

    @Test
    void samePaddingNeedsStrideOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(3, 8, 3, 2, "same"));
        assertEquals("Conv2D: padding \"same\" needs stride 1 (as in PyTorch), found stride 2×2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(3, 8, 3, 1, "full"));
        assertEquals("Conv2D: padding must be \"same\" or \"valid\", found \"full\"", e.getMessage());
    }

    @Test
    void printsItsGeometry() {
        assertEquals("Conv2D(in=1, out=32, kernel=3×3, stride=1×1, padding=0×0)", new Conv2D(1, 32, 3).toString());
        assertEquals("Conv2D(in=3, out=8, kernel=3×2, stride=1×1, padding=same, bias=false)",
                new Conv2D(3, 8, 3).kernel(3, 2).bias(false).reset(1).padding("same").toString());
        assertEquals("Conv2D(in=2, out=4, kernel=5×5, stride=2×2, padding=1×1)", new Conv2D(2, 4, 5, 2, 1).toString());
    }

    @Test
    void groupsSplitTheChannelsAndDilationSpacesTheTaps() {
        Conv2D conv = new Conv2D(4, 6, 3).groups(2).reset(3);
        assertArrayEquals(new long[] {6, 2, 3, 3}, conv.weight().value().shape());
        assertEquals("Conv2D(in=4, out=6, kernel=3×3, stride=1×1, padding=1×1, dilation=2×1, groups=2)",
                conv.padding(1).dilation(2, 1).toString());
        // Depthwise: each channel is its own image under its own kernel.
        Conv2D depthwise = new Conv2D(2, 2, 2).groups(2).bias(false).reset(1).dilation(2);
        depthwise.weight().set(Nd4j.createFromArray(new float[] {1, 0, 0, 1, 0, 1, 1, 0}).reshape(2, 1, 2, 2));
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9}).reshape(1, 2, 3, 3);
        // Taps 2 apart over a 3×3 image: corners only. Channel 0: 1 + 9; channel 1: −3 − 7.
        assertEquals(Nd4j.createFromArray(new float[] {10, -10}).reshape(1, 2, 1, 1), depthwise.forward(x));
    }

    @Test
    void groupsMustDivideBothChannelCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 6, 3).groups(4));
        assertEquals("Conv2D: groups must be at least 1 and divide in and out channels, found groups=4, in=4, out=6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 6, 3).groups(0));
        assertTrue(e.getMessage().startsWith("Conv2D: groups must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 6, 3).dilation(0));
        assertEquals("Conv2D: dilation must be at least 1, found 0×0", e.getMessage());
    }

    @Test
    void aDilatedKernelLargerThanTheInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(1, 1, 3).dilation(3).forward(Nd4j.zeros(DataType.FLOAT, 1, 1, 6, 7)));
        assertEquals("Conv2D: kernel 3×3 with dilation 3×3 (spanning 7×7) is larger than the input 6×7 (input shape [1, 1, 6, 7])",
                e.getMessage());
    }

    @Test
    void groupedDilatedFloat32AgreesWithFloat64() {
        long seed = TestArrays.testSeed("Conv2DTest.groupedDilatedFloat32AgreesWithFloat64");
        for (int groups : new int[] {2, 8}) {
            INDArray x = TestArrays.uniform(seed, DataType.DOUBLE, 3, 8, 11, 10);
            INDArray d = TestArrays.uniform(seed + 1, DataType.DOUBLE, 3, 8, 6, 10);
            Conv2D single = new Conv2D(8, 8, 3).groups(groups).reset(seed).stride(2, 1).padding(2, 1).dilation(2, 1);
            Conv2D dbl = (Conv2D) new Conv2D(8, 8, 3).groups(groups).reset(seed).stride(2, 1).padding(2, 1).dilation(2, 1)
                    .to(DataType.DOUBLE);
            assertClose(dbl.forward(x), single.forward(x.castTo(DataType.FLOAT)));
            INDArray gradInput32 = single.backward(x.castTo(DataType.FLOAT), d.castTo(DataType.FLOAT), true);
            assertClose(dbl.backward(x, d, true), gradInput32);
            assertClose(dbl.weight().grad(), single.weight().grad());
            assertClose(dbl.bias().grad(), single.bias().grad());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "float32 differs from float64 by " + diff);
    }
}
