package org.nn4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of LeCun's IDX files (MNIST), gzipped or not: a big-endian int32 magic number,
 * int32 sizes, then unsigned bytes. Whether a file is gzipped is read from its first bytes,
 * not from its name.
 */
public final class Idx {

    /** Unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x803;
    /** Unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x801;

    /** The pixels of {@code count} images of {@code rows × cols}, image after image, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private Idx() {
    }

    /**
     * Reads an {@code idx3-ubyte} file.
     *
     * @param file the file, gzipped or not
     * @return the images' count, size and pixels
     * @throws DataFileException when the file is missing, unreadable, corrupt or truncated
     */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int[] header = header(file, in, IMAGES_MAGIC, 4, "IDX images: unsigned bytes, 3 dimensions");
            int count = header[1];
            int rows = header[2];
            int cols = header[3];
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new DataFileException("Idx: " + file + ": expected a non-negative image count and positive"
                        + " sizes in the header, found " + count + " images of " + rows + "x" + cols);
            }
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 16) {
                throw new DataFileException("Idx: " + file + ": expected at most 2^31 pixels, found a header of "
                        + count + " images of " + rows + "x" + cols);
            }
            byte[] pixels = payload(file, in, (int) size, count + " images of " + rows + "x" + cols, 16);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /**
     * Reads an {@code idx1-ubyte} label file.
     *
     * @param classes labels must lie in {@code 0 .. classes-1}
     * @param file    the file, gzipped or not
     * @return one label per image
     * @throws DataFileException when the file is missing, unreadable, corrupt or truncated, or a label is out of range
     */
    public static int[] readLabels(Path file, int classes) {
        try (InputStream in = open(file)) {
            int count = header(file, in, LABELS_MAGIC, 2, "IDX labels: unsigned bytes, 1 dimension")[1];
            if (count < 0) {
                throw new DataFileException("Idx: " + file + ": expected a non-negative label count in the header, found "
                        + count);
            }
            byte[] bytes = payload(file, in, count, count + " labels", 8);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
                if (labels[i] >= classes) {
                    throw new DataFileException("Idx: " + file + ": expected labels 0.." + (classes - 1) + ", found "
                            + labels[i] + " at index " + i);
                }
            }
            return labels;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    private static int[] header(Path file, InputStream in, int magic, int ints, String kind) throws IOException {
        byte[] bytes = in.readNBytes(4 * ints);
        if (bytes.length >= 4 && ByteBuffer.wrap(bytes).getInt() != magic) {
            throw new DataFileException("Idx: " + file + ": expected magic number " + magic + " (" + kind
                    + "), found " + ByteBuffer.wrap(bytes).getInt());
        }
        if (bytes.length < 4 * ints) {
            throw new DataFileException("Idx: " + file + " is truncated: expected a " + 4 * ints
                    + "-byte header, found " + bytes.length + " bytes");
        }
        int[] header = new int[ints];
        ByteBuffer.wrap(bytes).asIntBuffer().get(header);
        return header;
    }

    /**
     * The {@code size} bytes after the header. The header's sizes are not trusted before the data
     * is there: a plain file's length is checked first, and a gzipped one is read in pieces, so that
     * a header claiming 2 GB of a short file is reported as truncated, not as an OutOfMemoryError.
     */
    private static byte[] payload(Path file, InputStream in, int size, String what, int headerBytes) throws IOException {
        byte[] data;
        int n;
        if (in instanceof GZIPInputStream) {
            data = in.readNBytes(size); // allocates as the data arrives
            n = data.length;
        } else {
            long available = Files.size(file) - headerBytes;
            if (available < size) {
                throw truncated(file, size, what, available);
            }
            data = new byte[size];
            n = in.readNBytes(data, 0, size);
        }
        if (n < size) {
            throw truncated(file, size, what, n);
        }
        if (in.read() != -1) {
            throw new DataFileException("Idx: " + file + ": expected " + what + " (" + size
                    + " bytes after the header), found more bytes after them");
        }
        return data;
    }

    private static DataFileException truncated(Path file, int size, String what, long found) {
        return new DataFileException("Idx: " + file + " is truncated: expected " + what + " (" + size
                + " bytes after the header), found " + found + " bytes");
    }

    private static DataFileException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataFileException("Idx: " + file + " does not exist", e);
        }
        if (e instanceof EOFException || e instanceof ZipException) {
            return new DataFileException("Idx: " + file + ": expected a complete gzip stream, found corrupt or truncated"
                    + " gzip data (" + e.getMessage() + ")", e);
        }
        return new DataFileException("Idx: cannot read " + file + ": " + e, e);
    }
}
