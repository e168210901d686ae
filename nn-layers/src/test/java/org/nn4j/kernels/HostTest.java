package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Workspaces;

/** The bulk copies of {@link Host} against ND4J's element-wise accessors, for every kind of array a loss may get. */
class HostTest {

    @Test
    void valuesAreTheElementsInCOrderForEveryLayout() {
        for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.INT32}) {
            INDArray base = Nd4j.linspace(1, 60, 60, dataType).reshape(6, 10);
            INDArray[] arrays = {
                base,
                base.dup('f'),
                base.transpose(),                                                 // an f-ordered view
                base.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()),        // rows: a view with an offset
                base.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 7)),        // columns: strided
                base.reshape(60),
            };
            for (INDArray a : arrays) {
                assertArrayEquals(a.dup('c').data().asDouble(), Host.values(a), 0, dataType + " " + a.shapeInfoToString());
            }
        }
    }

    @Test
    void arrayHoldsTheValuesInsideAndOutsideAStep() {
        for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double[] values = new double[12];
            for (int i = 0; i < values.length; i++) {
                values[i] = i - 5.5;
            }
            INDArray like = Nd4j.zeros(dataType, 3, 4);
            INDArray outside = Host.array(values, like);
            assertEquals(dataType, outside.dataType());
            assertArrayEquals(values, outside.dup('c').data().asDouble(), 0);
            try (MemoryWorkspace step = Workspaces.step()) {
                Nd4j.createUninitialized(dataType, 7); // not at the start of the workspace
                INDArray inside = Host.array(values, like);
                assertArrayEquals(new long[] {3, 4}, inside.shape());
                assertArrayEquals(values, Host.values(inside), 0);
                assertArrayEquals(values, inside.dup('c').data().asDouble(), 0);
            }
        }
    }
}
