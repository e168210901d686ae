package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

/**
 * The package's shared helpers on their own: {@link RowNormalisation} (LayerNorm, GroupNorm, InstanceNorm2D),
 * {@link Axes} (the shape modules), {@link Padding} (the padding modules) and {@link DropoutMasks} (Dropout,
 * Dropout2D). Their modules' spec rows test them through the modules; these tests pin the helpers' own contracts.
 */
class LayerHelpersTest {

    @Test
    void rowNormalisationGivesZeroMeanUnitVarianceRowsAndItsBackwardIsTheGradient() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, -2.0, 3.0, 4, 7);
        RowNormalisation.Normalised n = RowNormalisation.forward(x, 0);
        for (int r = 0; r < 4; r++) {
            assertEquals(0, n.xHat().getRow(r).meanNumber().doubleValue(), 1e-12);
            assertEquals(1, n.xHat().getRow(r).var(false, 0).getDouble(0), 1e-12);
        }
        // L = Σ g ⊙ x̂(x): backward(g) against central differences
        INDArray g = TestArrays.uniform(2, DataType.DOUBLE, -1.0, 1.0, 4, 7);
        double eps = 1e-3;
        INDArray dx = RowNormalisation.backward(g, RowNormalisation.forward(x, eps));
        double h = 1e-6;
        for (int i = 0; i < x.length(); i++) {
            INDArray plus = x.dup();
            INDArray minus = x.dup();
            plus.putScalar(i, x.getDouble(i) + h);
            minus.putScalar(i, x.getDouble(i) - h);
            double numeric = (g.mul(RowNormalisation.forward(plus, eps).xHat()).sumNumber().doubleValue()
                    - g.mul(RowNormalisation.forward(minus, eps).xHat()).sumNumber().doubleValue()) / (2 * h);
            assertEquals(numeric, dx.getDouble(i), 1e-7, "element " + i);
        }
    }

    @Test
    void axesCountNegativeDimsFromTheEndAndKeepTheBatchAxis() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertEquals(2, Axes.sampleAxis("M", -1, 3, x));
        assertEquals(1, Axes.sampleAxis("M", 1, 3, x));
        assertEquals(3, Axes.sampleAxis("M", -1, 4, x)); // an axis of the output, one longer (Unsqueeze)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Axes.sampleAxis("M", -3, 3, x));
        assertEquals("M: dim -3 is the batch axis 0 of input [2, 3, 4], which stays in place; expected a dim from 1 to 2,"
                + " or from -2 to -1 counting from the end", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Axes.sampleAxis("M", 3, 3, x));
        assertEquals("M: dim 3 is out of range for input [2, 3, 4]; expected a dim from 1 to 2, or from -2 to -1 counting"
                + " from the end", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Axes.requireNotBatch("M", 1, 0));
        assertEquals("M: dim 0 is the batch axis, which stays in place; expected dims from 1, or counting from the end"
                + " from -1, found (1, 0)", e.getMessage());
        assertArrayEquals(new long[] {0, 4, 3}, Axes.permuted(Nd4j.create(DataType.FLOAT, 0, 3, 4), new int[] {0, 2, 1}).shape());
        INDArray p = Axes.permuted(Nd4j.arange(6).reshape(1, 2, 3), new int[] {0, 2, 1});
        assertEquals('c', p.ordering());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, p.reshape(6).toDoubleVector());
    }

    @Test
    void paddingModesMapOutsideIndicesAsPyTorchDoes() {
        // a row of 4: index -2, -1 | 0 1 2 3 | 4, 5
        long[] reflect = new long[8];
        long[] replicate = new long[8];
        long[] zero = new long[8];
        for (int i = -2; i < 6; i++) {
            reflect[i + 2] = Padding.Mode.REFLECT.source(i, 4);
            replicate[i + 2] = Padding.Mode.REPLICATE.source(i, 4);
            zero[i + 2] = Padding.Mode.ZERO.source(i, 4);
        }
        assertArrayEquals(new long[] {2, 1, 0, 1, 2, 3, 2, 1}, reflect);
        assertArrayEquals(new long[] {0, 0, 0, 1, 2, 3, 3, 3}, replicate);
        assertArrayEquals(new long[] {-1, -1, 0, 1, 2, 3, -1, -1}, zero);
        assertArrayEquals(new long[] {2, 3, 4 + 1 + 2, 5 + 3 + 0},
                Padding.outputShape(Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 5), new int[] {3, 0, 1, 2}));
    }

    @Test
    void dropoutMasksAreSeededRedrawnEachForwardAndKeptWhileFrozen() {
        DropoutMasks a = new DropoutMasks("M", 0.5, 7);
        DropoutMasks b = new DropoutMasks("M", 0.5, 7);
        long[] shape = {6, 10};
        INDArray first = a.draw(shape, DataType.FLOAT).dup();
        assertEquals(first, b.draw(shape, DataType.FLOAT));
        INDArray second = a.draw(shape, DataType.FLOAT).dup();
        assertNotEquals(first, second);
        for (double v : second.reshape(60).toDoubleVector()) {
            assertEquals(true, v == 0 || v == 2, "mask values are 0 or 1/(1 − p), found " + v);
        }
        a.setFrozen(true);
        INDArray frozen = a.draw(shape, DataType.FLOAT);
        assertEquals(second, frozen);
        assertSame(frozen, a.draw(shape, DataType.FLOAT));
        INDArray delta = Nd4j.zeros(DataType.DOUBLE, 6, 10);
        assertEquals(DataType.DOUBLE, a.forBackward(shape, delta, "").dataType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DropoutMasks("M", 0.5, 7).forBackward(shape, delta, ""));
        assertEquals("M: backward needs the mask of the last training-mode forward, which is shaped (none: forward was"
                + " never called), but delta is [6, 10]", e.getMessage());
    }
}
