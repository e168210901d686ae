package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Padding2DTest {

    private static final INDArray ROW = Nd4j.createFromArray(new double[] {1, 2, 3}).reshape(1, 1, 1, 3);

    @Test
    void eachModePadsARowAsPyTorch() {
        assertEquals(row(0, 0, 1, 2, 3, 0), new ZeroPad2D(2, 1, 0, 0).forward(ROW));
        assertEquals(row(3, 2, 1, 2, 3, 2), new ReflectionPad2D(2, 1, 0, 0).forward(ROW));
        assertEquals(row(1, 1, 1, 2, 3, 3), new ReplicationPad2D(2, 1, 0, 0).forward(ROW));
    }

    @Test
    void dLdInputSumsOverTheCopies() {
        INDArray delta = row(1, 10, 100, 1000, 10000, 100000);
        assertEquals(row(100, 1000, 10000), new ZeroPad2D(2, 1, 0, 0).backwardDelta(ROW, delta));
        assertEquals(row(100, 1000 + 10 + 100000, 10000 + 1), new ReflectionPad2D(2, 1, 0, 0).backwardDelta(ROW, delta));
        assertEquals(row(1 + 10 + 100, 1000, 10000 + 100000), new ReplicationPad2D(2, 1, 0, 0).backwardDelta(ROW, delta));
    }

    @Test
    void reflectionPaddingMustBeSmallerThanTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReflectionPad2D(0, 0, 1, 0).forward(ROW));
        assertEquals("ReflectionPad2D: padding must be smaller than the input's size along its axis, found padding "
                + "left=0, right=0, top=1, bottom=0 for input H×W 1×3 (input shape [1, 1, 1, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ZeroPad2D(1, -1, 0, 0));
        assertEquals("ZeroPad2D: padding must be at least 0, found left=1, right=-1, top=0, bottom=0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReplicationPad2D(1).forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 4)));
        assertEquals("ReplicationPad2D: expected input [N, C, H, W], found rank 3 with shape [2, 3, 4]", e.getMessage());
        assertEquals("ZeroPad2D(left=1, right=1, top=1, bottom=1)", new ZeroPad2D(1).toString());
    }

    private static INDArray row(double... v) {
        return Nd4j.createFromArray(v).reshape(1, 1, 1, v.length);
    }
}
