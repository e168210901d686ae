package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** CIFAR-10 on small generated files in the binary version's format: unpacked, as the archive, and downloaded. */
class Cifar10Test {

    @TempDir
    Path dir;

    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One record: the label, then pixel {@code (c, y, x)} = {@code (base + 7c + 3y + x) mod 256}. */
    private static byte[] record(int label, int base) {
        byte[] r = new byte[3073];
        r[0] = (byte) label;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    r[1 + c * 1024 + y * 32 + x] = (byte) ((base + 7 * c + 3 * y + x) & 0xff);
                }
            }
        }
        return r;
    }

    private static byte[] batch(int... labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) {
            out.writeBytes(record(labels[i], 10 * labels[i] + i));
        }
        return out.toByteArray();
    }

    /** The archive as the authors pack it: every member inside {@code cifar-10-batches-bin/}, plus a text file. */
    private static byte[] archive(List<String> names, List<byte[]> contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            List<String> all = new ArrayList<>(names);
            List<byte[]> bytes = new ArrayList<>(contents);
            all.add(0, "batches.meta.txt");
            bytes.add(0, "airplane\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < all.size(); i++) {
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + all.get(i));
                e.setSize(bytes.get(i).length);
                tar.putArchiveEntry(e);
                tar.write(bytes.get(i));
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static void assertImage(INDArray images, int n, int label, int base) {
        for (int c = 0; c < 3; c++) {
            for (int y : new int[] {0, 13, 31}) {
                for (int x : new int[] {0, 5, 31}) {
                    float expected = ((base + 7 * c + 3 * y + x) & 0xff) / 255f;
                    assertEquals(expected, images.getFloat(n, c, y, x), 1e-7f, "image " + n + " (" + c + ", " + y
                            + ", " + x + ") of label " + label);
                }
            }
        }
    }

    @Test
    void readsTheUnpackedFolderAsRgbImagesInFileAndRecordOrder() throws IOException {
        Path unpacked = dir.resolve("cifar-10").resolve("cifar-10-batches-bin");
        Files.createDirectories(unpacked);
        for (int k = 1; k <= 5; k++) {
            Files.write(unpacked.resolve("data_batch_" + k + ".bin"), batch(k, 9 - k));
        }
        Files.write(unpacked.resolve("test_batch.bin"), batch(3));
        ImageSet train = Cifar10.train(dir, new Downloader(List.of()));
        assertEquals(3, train.channels());
        assertEquals(DataType.FLOAT, train.features().dataType());
        assertArrayEquals(new long[] {10, 3, 32, 32}, train.images().shape());
        assertArrayEquals(new int[] {1, 8, 2, 7, 3, 6, 4, 5, 5, 4}, train.labels());
        assertImage(train.images(), 0, 1, 10);
        assertImage(train.images(), 3, 7, 71);
        ImageSet test = Cifar10.test(dir, new Downloader(List.of()));
        assertArrayEquals(new int[] {3}, test.labels());
        assertEquals("cat", Cifar10.CLASS_NAMES.get(test.label(0)));
        assertEquals("ImageSet(1 images of 3x32x32, 10 classes, counts [0, 0, 0, 1, 0, 0, 0, 0, 0, 0])", test.toString());
    }

    @Test
    void readsTheArchiveInPlaceWithoutUnpackingIt() throws IOException {
        Path folder = dir.resolve("cifar-10");
        Files.createDirectories(folder);
        List<byte[]> train = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            train.add(batch(k % 10));
        }
        List<String> names = new ArrayList<>(Cifar10.TRAIN_FILES);
        names.add("test_batch.bin");
        train.add(batch(0, 9));
        Files.write(folder.resolve("cifar-10-binary.tar.gz"), archive(names, train));
        ImageSet test = Cifar10.test(dir, new Downloader(List.of()));
        assertArrayEquals(new int[] {0, 9}, test.labels());
        assertImage(test.images(), 1, 9, 91);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, Cifar10.train(dir, new Downloader(List.of())).labels());
        assertEquals(false, Files.exists(folder.resolve("cifar-10-batches-bin")));
    }

    @Test
    void downloadsTheArchiveCheckedByItsSha256() throws IOException {
        byte[] archive = archive(List.of("test_batch.bin"), List.of(batch(4)));
        server.serve("kriz/cifar-10-binary.tar.gz", archive);
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> Cifar10.test(dir, new Downloader(List.of(server.base("kriz")), 5000)));
        assertEquals(true, e.getMessage().contains("cifar-10-binary.tar.gz: checksum mismatch: expected SHA-256 "
                + Cifar10.ARCHIVE.sha256() + ", found " + Sha256.of(archive)), e.getMessage());
        assertEquals(false, Files.exists(dir.resolve("cifar-10").resolve("cifar-10-binary.tar.gz")));
    }

    @Test
    void offlineNamesTheArchiveItsChecksumAndTheFolder() throws IOException {
        String mirror = LocalServer.refusingMirror("kriz");
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> Cifar10.train(dir, new Downloader(List.of(mirror), 5000)));
        assertEquals("Cifar10: 1 file(s) missing from " + dir.resolve("cifar-10").toAbsolutePath() + " and not"
                + " downloadable; put each file there (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  cifar-10-binary.tar.gz  SHA-256 c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd\n"
                + "    " + mirror + "cifar-10-binary.tar.gz: ConnectException: Connection refused", e.getMessage());
    }

    @Test
    void rejectsPartialRecordsBadLabelsAndMissingMembers() throws IOException {
        Path bin = dir.resolve("short.bin");
        Files.write(bin, new byte[3073 + 5]);
        DataFileException partial = assertThrows(DataFileException.class, () -> Cifar10.read(List.of(bin)));
        assertEquals("Cifar10: expected whole records of 3073 bytes (a label and 3072 pixels) in " + bin
                + ", found 3078 bytes", partial.getMessage());
        byte[] bad = batch(2, 3);
        bad[3073] = 10;
        Files.write(bin, bad);
        DataFileException label = assertThrows(DataFileException.class, () -> Cifar10.read(List.of(bin)));
        assertEquals("Cifar10: expected labels 0..9, found 10 in record 1 of " + bin, label.getMessage());
        Path folder = dir.resolve("cifar-10");
        Files.createDirectories(folder);
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        Files.write(archive, archive(List.of("test_batch.bin"), List.of(batch(1))));
        DataFileException missing = assertThrows(DataFileException.class,
                () -> Cifar10.train(dir, new Downloader(List.of())));
        assertEquals("Cifar10: the archive " + archive + " has no data_batch_1.bin, data_batch_2.bin,"
                + " data_batch_3.bin, data_batch_4.bin, data_batch_5.bin", missing.getMessage());
    }
}
