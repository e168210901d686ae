package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.kernels.cblas.CblasGemm;
import org.nn4j.kernels.onednn.OneDnn;

/**
 * {@link Extents}: every array ND4J makes passes, arrays whose shape, strides and offset reach past their buffer
 * (which ND4J lets one make with {@code Nd4j.create(buffer, shape, strides, offset, order)}) or whose buffer was freed
 * are rejected, by the check itself and by the native calls that run it.
 */
class ExtentsTest {

    /** A 6 × 10 float32 array: 60 elements, 240 bytes. */
    private static INDArray base() {
        return Nd4j.linspace(1, 60, 60, DataType.FLOAT).reshape(6, 10);
    }

    @Test
    void everyArrayNd4jMakesPasses() {
        INDArray base = base();
        INDArray[] arrays = {
            base,
            base.dup('f'),
            base.transpose(),                                                                  // an f-ordered view
            base.get(NDArrayIndex.interval(3, 6), NDArrayIndex.interval(1, 10)),              // the last rows, offset 31
            base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2, 10)),                    // odd offset, stride 2
            base.get(NDArrayIndex.interval(1, 6), NDArrayIndex.all()).permute(1, 0),
            Nd4j.create(DataType.FLOAT, new long[] {7, 4}, 'f').get(NDArrayIndex.interval(1, 6), NDArrayIndex.all()),
            Nd4j.create(base.data(), new long[] {3, 3}, new long[] {28, 1}, 1, 'c'),         // reaches element 59, the last
            base.getRow(5),
            base.getColumn(9),
            base.getScalar(5, 9),
            Nd4j.create(DataType.FLOAT, 0, 5),
            OneDnn.newArray(4, 65_536),                                                        // an aligned view
            // every second element, reshaped: ND4J gives its buffer the length 3, less than the 5 elements it spans
            Nd4j.linspace(1, 6, 6, DataType.FLOAT).get(NDArrayIndex.interval(0, 2, 6)).reshape(1, 1, 1, 3),
        };
        for (INDArray a : arrays) {
            Extents.check("test", a);
            Extents.checkBytes("test", a, a.length() * 4);
        }
    }

    @Test
    void anArrayLongerThanItsBufferIsRejected() {
        INDArray tooTall = Nd4j.create(base().data(), new long[] {7, 10}, new long[] {10, 1}, 0, 'c');
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extents.check("oneDNN test", tooTall));
        assertEquals("oneDNN test: an array reaches outside its buffer: shape [7, 10], strides [10, 1], offset 0, FLOAT"
                + " (4 bytes an element) addresses elements 0 to 69 from its buffer's start, and its allocation holds 60"
                + " from there (240 bytes; offset 0 of 60 elements)", e.getMessage());
    }

    @Test
    void aViewAtAnOddOffsetWithAnOddStrideOnePastTheEndIsRejected() {
        // Offset 3, then 2 rows of stride 29 and 2 columns: element 3 + 58 + 2 = 63 of a 60-element allocation.
        INDArray view = Nd4j.create(base().data(), new long[] {3, 3}, new long[] {29, 1}, 3, 'c');
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extents.check("cblas sgemm", view));
        assertEquals("cblas sgemm: an array reaches outside its buffer: shape [3, 3], strides [29, 1], offset 3, FLOAT"
                + " (4 bytes an element) addresses elements 0 to 60 from its buffer's start, and its allocation holds 57"
                + " from there (228 bytes; offset 3 of 60 elements)", e.getMessage());
    }

    @Test
    void anFOrderedViewPastTheEndIsRejected() {
        // 'f' order: 5 rows of stride 1, 5 columns of stride 12, from offset 1: element 1 + 4 + 48 = 53 of 50.
        INDArray view = Nd4j.create(Nd4j.create(DataType.DOUBLE, 50).data(), new long[] {5, 5}, new long[] {1, 12}, 1, 'f');
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extents.check("Host.values", view));
        assertEquals("Host.values: an array reaches outside its buffer: shape [5, 5], strides [1, 12], offset 1, DOUBLE"
                + " (8 bytes an element) addresses elements 0 to 52 from its buffer's start, and its allocation holds 49"
                + " from there (392 bytes; offset 1 of 50 elements)", e.getMessage());
    }

    @Test
    void anArrayWhoseBufferWasFreedIsRejected() {
        INDArray freed = Nd4j.create(DataType.FLOAT, 3, 3);
        freed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extents.check("oneDNN test", freed));
        assertEquals("oneDNN test: an array's buffer was freed (closed) before the native call: shape [3, 3], strides [3, 1],"
                + " offset 0, FLOAT (4 bytes an element)", e.getMessage());
    }

    @Test
    void aByteCountBeyondTheBufferIsRejected() {
        INDArray rows = base().get(NDArrayIndex.interval(4, 6), NDArrayIndex.all()); // 20 elements from offset 40
        Extents.checkBytes("test", rows, 80);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extents.checkBytes("oneDNN test", rows, 84));
        assertEquals("oneDNN test: the native call would touch 84 bytes from an array's first element, its buffer holds 80:"
                + " shape [2, 10], strides [10, 1], offset 40, FLOAT (4 bytes an element)", e.getMessage());
    }

    @Test
    void cblasRejectsAnOperandLongerThanItsBuffer() {
        INDArray a = Nd4j.create(Nd4j.create(DataType.FLOAT, 6).data(), new long[] {3, 4}, new long[] {4, 1}, 0, 'c');
        INDArray b = Nd4j.rand(DataType.FLOAT, 4, 2);
        INDArray c = Nd4j.create(DataType.FLOAT, 3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CblasGemm.multiply(a, false, b, false, c, 1, 0));
        assertTrue(e.getMessage().startsWith("cblas sgemm: an array reaches outside its buffer: shape [3, 4], strides [4, 1]"),
                e.getMessage());
    }

    @Test
    void cblasRejectsAViewItWouldReadAsDense() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 5, 4).get(NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 2);
        INDArray c = Nd4j.create(DataType.DOUBLE, 3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CblasGemm.multiply(a, false, b, false, c, 1, 0));
        assertEquals("cblas dgemm: operand a is not dense from its buffer's start: shape [3, 4], strides [4, 1], offset 4,"
                + " buffer length 12", e.getMessage());
    }

    @Test
    void cblasRejectsOperandsSmallerThanTheProductNeeds() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.rand(DataType.FLOAT, 2, 2); // the product needs [4, 2]
        INDArray c = Nd4j.create(DataType.FLOAT, 3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CblasGemm.multiply(a, false, b, false, c, 1, 0));
        assertEquals("cblas sgemm: operand b would be read as a 2 × 4 column-major matrix of leading dimension 2 (8 elements);"
                + " it has shape [2, 2], strides [2, 1], offset 0, buffer length 4", e.getMessage());
    }

    @Test
    void hostRejectsAnArrayLongerThanItsBuffer() {
        INDArray tooTall = Nd4j.create(base().data(), new long[] {7, 10}, new long[] {10, 1}, 0, 'c');
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Host.values(tooTall));
        assertTrue(e.getMessage().startsWith("Host.values: an array reaches outside its buffer: shape [7, 10]"), e.getMessage());
    }
}
