package org.nn4j.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's memory objects are set to an array only after {@link org.nn4j.kernels.Extents} and the primitive's memory
 * descriptor agree with it: its extent, the descriptor's size in bytes, its shape and strides.
 */
class OneDnnExtentsTest {

    @BeforeEach
    void oneDnnIsThere() {
        assumeTrue(OneDnn.unavailableReason() == null, () -> "oneDNN is not available: " + OneDnn.unavailableReason());
    }

    @Test
    void anInputLongerThanItsBufferIsRejectedBeforeOneDnnRuns() {
        INDArray tooTall = Nd4j.create(Nd4j.rand(DataType.FLOAT, 4, 5).data(), new long[] {5, 5}, new long[] {5, 1}, 0, 'c');
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneDnnEltwise.forward(dnnl_eltwise_relu, 0, tooTall));
        assertEquals("oneDNN eltwise " + dnnl_eltwise_relu + " 0.0: an array reaches outside its buffer: shape [5, 5], strides"
                + " [5, 1], offset 0, FLOAT (4 bytes an element) addresses elements 0 to 24 from its buffer's start, and its"
                + " allocation holds 20 from there (80 bytes; offset 0 of 20 elements)", e.getMessage());
    }

    @Test
    void aPrimitiveRejectsAnArrayLaidOutOtherwiseThanItsDescriptor() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray out = OneDnn.newArray(3, 4);
        OneDnnEltwise.forward(dnnl_eltwise_relu, 0, x); // builds the primitive for [3, 4] with strides [4, 1]
        OneDnnPrimitive built = OneDnnPrimitive.cached(OneDnnPrimitive.key("eltwise " + dnnl_eltwise_relu + " 0.0", x, out),
                () -> {
                    throw new AssertionError("the primitive should have been built by forward");
                });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> built.run(x.dup('f'), out));
        assertEquals("oneDNN eltwise " + dnnl_eltwise_relu + " 0.0: argument 0 is laid out as shape [3, 4], strides [1, 3],"
                + " the primitive was built for shape [3, 4], strides [4, 1]", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> built.run(x, Nd4j.create(DataType.FLOAT, 4, 3)));
        assertEquals("oneDNN eltwise " + dnnl_eltwise_relu + " 0.0: argument 1 is laid out as shape [4, 3], strides [3, 1],"
                + " the primitive was built for shape [3, 4], strides [4, 1]", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> built.run(x, Nd4j.create(DataType.FLOAT, 11)));
        assertEquals("oneDNN eltwise " + dnnl_eltwise_relu + " 0.0: the native call would touch 48 bytes from an array's first"
                + " element, its buffer holds 44: shape [11], strides [1], offset 0, FLOAT (4 bytes an element)", e.getMessage());
        built.run(x, out);
        assertEquals(x.maxNumber().floatValue(), out.maxNumber().floatValue());
    }
}
