package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.ConvTranspose2D;
import org.nn4j.layers.Linear;
import org.nn4j.layers.Upsample2D;

/**
 * Requests beyond the native-memory limit throw a catchable OutOfMemoryError before anything is allocated, and the
 * JVM carries on (these crashed it inside ND4J's allocation). The tests run with a limit of a few GB
 * ({@code -Dorg.bytedeco.javacpp.maxbytes}, the JVM's -Xmx by default); their outputs need tens of GB or more from
 * small inputs, so nothing large is ever allocated.
 */
class NativeMemoryTest {

    private static String overLimit(String kernel, String result, String arrays, long bytes) {
        return kernel + ": its " + result + ", " + arrays + " needs " + NativeMemory.size(bytes)
                + " of native memory, more than the limit org.bytedeco.javacpp.maxbytes = " + NativeMemory.size(Pointer.maxBytes())
                + " allows; use a smaller batch or raise the limit with -Dorg.bytedeco.javacpp.maxbytes=<bytes> (e.g. "
                + ((bytes >> 30) + 1) + "G; -Dorg.bytedeco.javacpp.maxphysicalbytes, which counts the heap too, must then be"
                + " larger still)";
    }

    /** What is in use when the test runs depends on the tests before it: that part of the message is not compared. */
    private static String withoutInUse(String message) {
        // " (3.0 MiB (3129536 bytes) of it in use)": the part holds parentheses of its own
        return message.replaceFirst(" \\([^()]*(?:\\([^()]*\\))?[^()]* of it in use\\)", "");
    }

    /** Below 64 MB in use, the suggested limit ("e.g. 128G") does not depend on what is in use. */
    private static final long LITTLE_IN_USE = 64L << 20;

    private static void assumeLimitBelow(long bytes) {
        assumeTrue(Pointer.maxBytes() > 0 && Pointer.maxBytes() < bytes && Pointer.totalBytes() < LITTLE_IN_USE,
                "needs a native-memory limit below " + bytes + " bytes with less than 64 MB in use, found limit "
                        + Pointer.maxBytes() + ", in use " + Pointer.totalBytes());
    }

    /** The case that crashed: a Conv2D(1, 512, 3) on [64, 1, 1024, 1024] (256 MB) asks for a 137 GB output. */
    @Test
    void conv2dWhoseOutputExceedsTheLimitThrowsAndTheJvmCarriesOn() {
        long bytes = 64L * 512 * 1022 * 1022 * 4;
        assumeLimitBelow(bytes);
        Conv2D conv = new Conv2D(1, 512, 3);
        INDArray input = Nd4j.create(DataType.FLOAT, 64, 1, 1024, 1024);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> conv.forward(input));
        assertEquals(overLimit("Conv2D", "output", "an array [64, 512, 1022, 1022] FLOAT", bytes), withoutInUse(e.getMessage()));
        input.close();
        // the same module and the JVM work on
        INDArray small = TestArrays.uniform(1, DataType.FLOAT, 2, 1, 5, 5);
        assertArrayEquals(new long[] {2, 512, 3, 3}, conv.forward(small).shape());
    }

    @Test
    void upsamplingByAHugeFactorThrowsBeforeAllocating() {
        long bytes = 2L * 3 * 4 * 30000 * 5 * 30000 * 8;
        assumeLimitBelow(bytes);
        INDArray x = TestArrays.uniform(2, DataType.DOUBLE, 2, 3, 4, 5);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> new Upsample2D(30000).forward(x));
        assertEquals(overLimit("Upsample2D", "output", "an array [2, 3, 120000, 150000] DOUBLE", bytes),
                withoutInUse(e.getMessage()));
        assertArrayEquals(new long[] {2, 3, 8, 10}, new Upsample2D(2).forward(x).shape());
    }

    @Test
    void linearWithAHugeOutputThrowsBeforeAllocating() {
        long bytes = 8192L * (1 << 20) * 4;
        assumeLimitBelow(bytes);
        Linear linear = new Linear(1, 1 << 20);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> linear.forward(TestArrays.uniform(3, DataType.FLOAT, 8192, 1)));
        assertEquals(overLimit("Linear", "output", "an array [8192, 1048576] FLOAT", bytes), withoutInUse(e.getMessage()));
    }

    /**
     * A transposed convolution allocates its output and a work image of the same shape: both are counted. The
     * batch is chosen from the configured limit so that either array alone would fit and the two together do not.
     */
    @Test
    void transposedConvolutionCountsItsWorkImage() {
        long perSample = 512L * 256 * 256 * 4;   // [512, 256, 256] float32: a 127×127 input, stride 2, kernel 3, output padding 1
        assumeTrue(Pointer.maxBytes() > 8 * perSample && Pointer.totalBytes() < LITTLE_IN_USE,
                "needs a native-memory limit above " + 8 * perSample + " bytes with less than 64 MB in use, found limit "
                        + Pointer.maxBytes() + ", in use " + Pointer.totalBytes());
        int batch = (int) ((Pointer.maxBytes() * 55 / 100 + perSample - 1) / perSample);
        long each = batch * perSample;
        ConvTranspose2D deconv = new ConvTranspose2D(1, 512, 3, 2, 0, 1);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> deconv.forward(TestArrays.uniform(4, DataType.FLOAT, batch, 1, 127, 127)));
        assertEquals(overLimit("ConvTranspose2D", "output and work image",
                "arrays [" + batch + ", 512, 256, 256] + [" + batch + ", 512, 256, 256] FLOAT", 2 * each)
                .replace(" needs ", " need "), withoutInUse(e.getMessage()));
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertEquals("512 bytes", NativeMemory.size(512));
        assertEquals("4.0 GiB (4294967296 bytes)", NativeMemory.size(4L << 30));
        assertEquals("127.5 GiB (136902606848 bytes)", NativeMemory.size(136902606848L));
    }

    /** Shapes whose element count overflows a long are over any limit, not negative. */
    @Test
    void anOverflowingShapeIsOverTheLimit() {
        assumeTrue(Pointer.maxBytes() > 0);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> NativeMemory.require("Test", "output", DataType.FLOAT, new long[] {1L << 40, 1L << 40}));
        assertEquals("Test: its output, an array [1099511627776, 1099511627776] FLOAT needs more than " + Long.MAX_VALUE
                + " bytes of native memory, more than the limit org.bytedeco.javacpp.maxbytes = " + NativeMemory.size(Pointer.maxBytes())
                + " allows; use a smaller batch or raise the limit with -Dorg.bytedeco.javacpp.maxbytes=<bytes> (e.g. a larger"
                + " value; -Dorg.bytedeco.javacpp.maxphysicalbytes, which counts the heap too, must then be larger still)",
                withoutInUse(e.getMessage()));
    }
}
