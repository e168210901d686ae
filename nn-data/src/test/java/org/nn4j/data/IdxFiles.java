package org.nn4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files (gzipped or not) for the tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** Header ints (big-endian) followed by the payload bytes. */
    static byte[] idx(int[] header, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 * header.length + payload.length);
        for (int h : header) {
            b.putInt(h);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(new int[] {Idx.IMAGES_MAGIC, count, rows, cols}, pixels);
    }

    static byte[] labels(byte... labels) {
        return idx(new int[] {Idx.LABELS_MAGIC, labels.length}, labels);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static Path write(Path folder, String name, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        return Files.write(folder.resolve(name), bytes);
    }
}
