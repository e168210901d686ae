package org.nn4j.kernels.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.ConvGeometry;

/**
 * ND4J's path: a large batch runs in chunks of samples, and the results must not depend on it.
 */
class Nd4jConvolutionTest {

    /** Samples of [32, 32, 32] floats (128 KB) for 2.5 chunks: 3 native calls. */
    private static final int N = (int) (Nd4jCalls.CHUNK_BYTES * 5 / 2 / (32 * 32 * 32 * 4)) + 1;

    @Test
    void chunksSplitTheBatchEvenlyAndCoverIt() {
        INDArray big = Nd4j.zeros(DataType.FLOAT, 40, 32, 32, 32); // 5 MB: 3 chunks of ≤ 2 MB
        INDArray small = Nd4j.zeros(DataType.FLOAT, 40, 1, 32, 32);
        long[][] runs = Nd4jCalls.chunks(small, big, 2L << 20);
        assertEquals(3, runs.length);
        assertArrayEquals(new long[] {0, 13}, runs[0]);
        assertArrayEquals(new long[] {13, 26}, runs[1]);
        assertArrayEquals(new long[] {26, 40}, runs[2]);
        assertEquals(1, Nd4jCalls.chunks(small, small, 2L << 20).length);
        assertEquals(3, Nd4jCalls.chunks(Nd4j.zeros(DataType.FLOAT, N, 1, 32, 32), Nd4j.zeros(DataType.FLOAT, N, 32, 32, 32)).length);
    }

    @Test
    void aChunkedConvolutionEqualsOneSampleAtATime() {
        ConvGeometry geometry = ConvGeometry.of2d("Conv2D", 3, 3, 1, 1, 0, 0).withSamePadding();
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, N, 16, 32, 32);
        INDArray w = TestArrays.uniform(2, DataType.FLOAT, 32, 16, 3, 3);
        INDArray b = TestArrays.uniform(3, DataType.FLOAT, 32);
        INDArray d = TestArrays.uniform(4, DataType.FLOAT, N, 32, 32, 32);
        INDArray y = Nd4jConvolution.conv2d(x, w, b, geometry);
        INDArray[] g = Nd4jConvolution.backwardInOneCall(x, w, b, d, geometry);
        INDArray gw = w.like();
        INDArray gb = b.like();
        for (int n = 0; n < N; n++) {
            INDArray xn = sample(x, n);
            INDArray[] gn = Nd4jConvolution.backwardInOneCall(xn, w, b, sample(d, n), geometry);
            assertClose(Nd4jConvolution.conv2d(xn, w, b, geometry), sample(y, n));
            assertClose(gn[0], sample(g[0], n));
            gw.addi(gn[1]);
            gb.addi(gn[2]);
        }
        assertClose(gw, g[1]);
        assertClose(gb, g[2]);
    }

    @Test
    void backwardAsConvolutionsEqualsConv2dBp() {
        // 1→16 5×5 "same" on 28×28, delta 1.5 chunks: the weight gradient sums 2 of them.
        int n = (int) (Nd4jCalls.CHUNK_BYTES * 3 / 2 / (16 * 28 * 28 * 4)) + 1;
        assertSameGradients(ConvGeometry.of2d("Conv2D", 5, 5, 1, 1, 0, 0).withSamePadding(), n, 1, 16, 28, 28);
        // Fewer outputs than inputs: the weight gradient takes delta as its batch.
        assertSameGradients(ConvGeometry.of2d("Conv2D", 3, 3, 1, 1, 1, 1), 6, 8, 1, 9, 7);
        assertSameGradients(ConvGeometry.of2d("Conv2D", 3, 2, 1, 1, 0, 1), 3, 4, 5, 6, 5);
    }

    @Test
    void backwardAsConvolutionsNeedsStrideOneAndSymmetricPadding() {
        assertArrayEquals(new int[] {1, 2}, ConvGeometry.of2d("Conv2D", 3, 5, 1, 1, 0, 0).withSamePadding().symmetricStrideOnePadding());
        assertArrayEquals(new int[] {1, 0}, ConvGeometry.of2d("Conv2D", 3, 3, 1, 1, 1, 0).symmetricStrideOnePadding());
        assertNull(ConvGeometry.of2d("Conv2D", 3, 3, 2, 1, 0, 0).symmetricStrideOnePadding());
        assertNull(ConvGeometry.of2d("Conv2D", 3, 4, 1, 1, 0, 0).withSamePadding().symmetricStrideOnePadding());
        assertNull(ConvGeometry.of2d("Conv2D", 1, 3, 1, 1, 1, 0).symmetricStrideOnePadding());
    }

    private static void assertSameGradients(ConvGeometry geometry, int n, int in, int out, int h, int w) {
        INDArray x = TestArrays.uniform(10, DataType.FLOAT, n, in, h, w);
        INDArray weight = TestArrays.uniform(11, DataType.FLOAT, out, in, geometry.kernel2d()[0], geometry.kernel2d()[1]);
        INDArray bias = TestArrays.uniform(12, DataType.FLOAT, out);
        INDArray d = TestArrays.uniform(13, DataType.FLOAT, geometry.outputShape(x, out));
        INDArray[] expected = Nd4jConvolution.backwardInOneCall(x, weight, bias, d, geometry);
        INDArray[] all = Nd4jConvolution.conv2dBackward(x, weight, bias, d, geometry, true);
        INDArray[] first = Nd4jConvolution.conv2dBackward(x, weight, null, d, geometry, false);
        for (int i = 0; i < 3; i++) {
            assertClose(expected[i], all[i]);
        }
        assertNull(first[0], "no dL/dinput when not asked");
        assertClose(expected[1], first[1]);
        assertNull(first[2], "no bias, no bias gradient");
        assertClose(expected[0], Nd4jConvolution.conv2dInputGradient(x, weight, d, geometry));
        assertClose(expected[1], Nd4jConvolution.conv2dWeightGradient(x, weight, d, geometry));
        assertClose(expected[2], Nd4jConvGradients.bias(d));
    }

    @Test
    void aChunkedMaxPoolEqualsOneSampleAtATime() {
        ConvGeometry geometry = ConvGeometry.of2d("MaxPool2D", 2, 2, 2, 2, 0, 0);
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, N, 32, 32, 32);
        INDArray d = TestArrays.uniform(6, DataType.FLOAT, N, 32, 16, 16);
        INDArray y = Nd4jPooling.maxPool2d(x, geometry);
        INDArray gx = Nd4jPooling.maxPool2dBackward(x, d, geometry);
        for (int n = 0; n < N; n++) {
            assertEquals(Nd4jPooling.maxPool2d(sample(x, n), geometry), sample(y, n));
            assertEquals(Nd4jPooling.maxPool2dBackward(sample(x, n), sample(d, n), geometry), sample(gx, n));
        }
    }

    /** Sample n as a batch of one, a copy. */
    private static INDArray sample(INDArray x, int n) {
        return x.get(NDArrayIndex.interval(n, n + 1)).dup();
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, "max difference " + diff);
    }
}
