package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** IDX parsing on small generated files: exact values, and every kind of corrupt file. */
class MnistReadTest {

    @TempDir
    Path dir;

    // two 2x3 images: 0, 51, 102, 153, 204, 255 and its reverse
    private static final byte[] PIXELS = {0, 51, 102, (byte) 153, (byte) 204, (byte) 255,
        (byte) 255, (byte) 204, (byte) 153, 102, 51, 0};

    @Test
    void readsGzippedAndPlainFilesToTheSameScaledValues() throws IOException {
        Path gzImages = IdxFiles.write(dir, "a-images.gz", IdxFiles.gzip(IdxFiles.images(2, 2, 3, PIXELS)));
        Path gzLabels = IdxFiles.write(dir, "a-labels.gz", IdxFiles.gzip(IdxFiles.labels((byte) 7, (byte) 0)));
        Path images = IdxFiles.write(dir, "b-images", IdxFiles.images(2, 2, 3, PIXELS));
        Path labels = IdxFiles.write(dir, "b-labels", IdxFiles.labels((byte) 7, (byte) 0));
        for (ImageSet set : List.of(Mnist.read(gzImages, gzLabels), Mnist.read(images, labels))) {
            assertEquals(DataType.FLOAT, set.features().dataType());
            assertArrayEquals(new long[] {2, 6}, set.features().shape());
            assertArrayEquals(new float[] {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f}, set.features().getRow(0).toFloatVector(), 1e-7f);
            assertArrayEquals(new float[] {1f, 0.8f, 0.6f, 0.4f, 0.2f, 0f}, set.features().getRow(1).toFloatVector(), 1e-7f);
            assertArrayEquals(new int[] {7, 0}, set.labels());
            assertEquals(2, set.height());
            assertEquals(3, set.width());
        }
    }

    @Test
    void imageViewSharesTheFeatureMemory() throws IOException {
        ImageSet set = Mnist.read(IdxFiles.write(dir, "i", IdxFiles.images(2, 2, 3, PIXELS)),
                IdxFiles.write(dir, "l", IdxFiles.labels((byte) 1, (byte) 2)));
        INDArray images = set.images();
        assertArrayEquals(new long[] {2, 1, 2, 3}, images.shape());
        assertEquals(0.6f, images.getFloat(0, 0, 1, 0), 1e-7f); // row 1, column 0 of image 0 = pixel 3
        // same buffer: a write through the view shows in the features (no copy was made)
        images.putScalar(new long[] {1, 0, 1, 2}, 42f);
        assertEquals(42f, set.features().getFloat(1, 5));
    }

    @Test
    void rejectsAWrongMagicNumber() throws IOException {
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels((byte) 1));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(labels));
        assertEquals("Idx: " + labels + ": expected magic number 2051 (IDX images: unsigned bytes, 3 dimensions),"
                + " found 2049", e.getMessage());
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(1, 2, 3, Arrays.copyOf(PIXELS, 6)));
        e = assertThrows(DataFileException.class, () -> Idx.readLabels(images, 10));
        assertEquals("Idx: " + images + ": expected magic number 2049 (IDX labels: unsigned bytes, 1 dimension),"
                + " found 2051", e.getMessage());
    }

    @Test
    void rejectsATruncatedPayloadAndHeader() throws IOException {
        byte[] whole = IdxFiles.images(2, 2, 3, PIXELS);
        Path cut = IdxFiles.write(dir, "cut.gz", IdxFiles.gzip(Arrays.copyOf(whole, whole.length - 4)));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(cut));
        assertEquals("Idx: " + cut + " is truncated: expected 2 images of 2x3 (12 bytes after the header), found 8 bytes",
                e.getMessage());
        Path header = IdxFiles.write(dir, "header", Arrays.copyOf(whole, 10));
        e = assertThrows(DataFileException.class, () -> Idx.readImages(header));
        assertEquals("Idx: " + header + " is truncated: expected a 16-byte header, found 10 bytes", e.getMessage());
        Path labels = IdxFiles.write(dir, "labels", Arrays.copyOf(IdxFiles.labels((byte) 1, (byte) 2, (byte) 3), 10));
        e = assertThrows(DataFileException.class, () -> Idx.readLabels(labels, 10));
        assertEquals("Idx: " + labels + " is truncated: expected 3 labels (3 bytes after the header), found 2 bytes",
                e.getMessage());
    }

    @Test
    void rejectsAGzipStreamCutShort() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 2, 3, PIXELS));
        Path cut = IdxFiles.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length - 12));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(cut));
        assertEquals("Idx: " + cut + ": expected a complete gzip stream, found corrupt or truncated gzip data"
                + " (Unexpected end of ZLIB input stream)", e.getMessage());
    }

    @Test
    void rejectsBytesAfterTheDeclaredImages() throws IOException {
        Path extra = IdxFiles.write(dir, "extra", IdxFiles.images(1, 2, 3, PIXELS));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(extra));
        assertEquals("Idx: " + extra + ": expected 1 images of 2x3 (6 bytes after the header), found more bytes"
                + " after them", e.getMessage());
    }

    @Test
    void rejectsImageAndLabelCountsThatDiffer() throws IOException {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(2, 2, 3, PIXELS));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels((byte) 1, (byte) 2, (byte) 3));
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.read(images, labels));
        assertEquals("Mnist: expected as many labels as images, found 2 images in " + images + " and 3 labels in "
                + labels, e.getMessage());
    }

    @Test
    void rejectsALabelOutsideZeroToNine() throws IOException {
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels((byte) 1, (byte) 9, (byte) 10));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readLabels(labels, 10));
        assertEquals("Idx: " + labels + ": expected labels 0..9, found 10 at index 2", e.getMessage());
        Path high = IdxFiles.write(dir, "high", IdxFiles.labels((byte) 255));
        e = assertThrows(DataFileException.class, () -> Idx.readLabels(high, 10));
        assertEquals("Idx: " + high + ": expected labels 0..9, found 255 at index 0", e.getMessage());
    }

    @Test
    void rejectsNegativeSizesAndMissingFiles() throws IOException {
        Path bad = IdxFiles.write(dir, "bad", IdxFiles.idx(new int[] {Idx.IMAGES_MAGIC, 2, -3, 3}, new byte[0]));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(bad));
        assertEquals("Idx: " + bad + ": expected a non-negative image count and positive sizes in the header,"
                + " found 2 images of -3x3", e.getMessage());
        Path none = dir.resolve("none");
        e = assertThrows(DataFileException.class, () -> Idx.readImages(none));
        assertEquals("Idx: " + none + " does not exist", e.getMessage());
    }

    @Test
    void prefersAnUncompressedCopyToTheGzippedName() throws IOException {
        Path mnist = dir.resolve("mnist");
        IdxFiles.write(mnist, "t10k-images-idx3-ubyte", IdxFiles.images(2, 2, 3, PIXELS));
        IdxFiles.write(mnist, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels((byte) 3, (byte) 4)));
        // nothing is missing, so the (unreachable) mirror is never asked
        ImageSet set = Mnist.test(dir, new Downloader(List.of("http://127.0.0.1:9/")));
        assertArrayEquals(new int[] {3, 4}, set.labels());
        assertTrue(Nd4j.createFromArray(1f, 0.8f, 0.6f, 0.4f, 0.2f, 0f).equalsWithEps(set.features().getRow(1), 1e-7));
    }

    @Test
    void aHeaderClaimingTwoGigabytesOfAShortFileIsTruncatedNotAnOutOfMemoryError() throws IOException {
        // 2,739,000 images of 28x28 are 2,147,376,000 bytes (just under 2^31), more than the test's heap
        byte[] images = IdxFiles.images(2_739_000, 28, 28, PIXELS);
        byte[] labels = IdxFiles.idx(new int[] {Idx.LABELS_MAGIC, 2_000_000_000}, new byte[] {1, 2, 3});
        for (boolean gzip : new boolean[] {false, true}) {
            Path imageFile = IdxFiles.write(dir, "huge-images" + (gzip ? ".gz" : ""), gzip ? IdxFiles.gzip(images) : images);
            DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(imageFile));
            assertEquals("Idx: " + imageFile + " is truncated: expected 2739000 images of 28x28 (2147376000 bytes after"
                    + " the header), found 12 bytes", e.getMessage());
            Path labelFile = IdxFiles.write(dir, "huge-labels" + (gzip ? ".gz" : ""), gzip ? IdxFiles.gzip(labels) : labels);
            e = assertThrows(DataFileException.class, () -> Idx.readLabels(labelFile, 10));
            assertEquals("Idx: " + labelFile + " is truncated: expected 2000000000 labels (2000000000 bytes after the"
                    + " header), found 3 bytes", e.getMessage());
        }
    }
}
