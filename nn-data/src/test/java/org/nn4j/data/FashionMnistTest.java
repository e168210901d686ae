package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Fashion-MNIST: generated files (checked by the SHA-256 of their decompressed content, so any
 * compression is accepted) and, when {@code $NN4J_DATA} is set, the real files.
 */
class FashionMnistTest {

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

    /** gzip at the given level: the same content, other compressed bytes. */
    private static byte[] gzip(byte[] bytes, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void acceptsAnyCompressionOfTheRightContentAndRejectsOtherContent() throws IOException {
        byte[] content = IdxFiles.labels((byte) 3, (byte) 1, (byte) 4, (byte) 1, (byte) 5, (byte) 9);
        RemoteFile file = RemoteFile.ofGzipContent("labels.gz", Sha256.of(content));
        byte[] fast = gzip(content, Deflater.BEST_SPEED);
        byte[] stored = gzip(content, Deflater.NO_COMPRESSION);
        assertEquals(false, Sha256.of(fast).equals(Sha256.of(stored)));
        for (byte[] gz : List.of(fast, stored)) {
            Path folder = dir.resolve("f" + gz.length);
            server.serve("m/labels.gz", gz);
            new Downloader(List.of(server.base("m")), 5000).ensure("Test", folder, List.of(file));
            assertArrayEquals(gz, Files.readAllBytes(folder.resolve("labels.gz")));
            assertArrayEquals(new int[] {3, 1, 4, 1, 5, 9}, Idx.readLabels(folder.resolve("labels.gz"), 10));
        }
        byte[] other = gzip(IdxFiles.labels((byte) 3), 6);
        server.serve("bad/labels.gz", other);
        Path folder = dir.resolve("bad");
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> new Downloader(List.of(server.base("bad")), 5000).ensure("Test", folder, List.of(file)));
        assertEquals("Test: 1 file(s) missing from " + folder.toAbsolutePath() + " and not downloadable; put each"
                + " file there (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  labels.gz  SHA-256 of the decompressed content " + file.sha256() + "\n"
                + "    " + server.base("bad") + "labels.gz: checksum mismatch: expected SHA-256 of the decompressed"
                + " content " + file.sha256() + ", found " + Sha256.of(IdxFiles.labels((byte) 3)) + " ("
                + other.length + " bytes); the file was discarded", e.getMessage());
        assertEquals(false, Files.exists(folder.resolve("labels.gz")));
    }

    @Test
    void rejectsADownloadThatIsNotGzip() throws IOException {
        RemoteFile file = RemoteFile.ofGzipContent("labels.gz", Sha256.of(new byte[] {1}));
        server.serve("m/labels.gz", new byte[] {1, 2, 3});
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> new Downloader(List.of(server.base("m")), 5000).ensure("Test", dir, List.of(file)));
        assertEquals(true, e.getMessage().contains("labels.gz: expected gzip data (3 bytes), found corrupt or"
                + " truncated gzip data ("), e.getMessage());
        assertEquals(false, Files.exists(dir.resolve("labels.gz")));
    }

    @Test
    void offlineListsTheMissingFilesTheirChecksumsAndTheFolder() throws IOException {
        String mirror = LocalServer.refusingMirror("fashion");
        Path root = dir.resolve("data");
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> FashionMnist.test(root, new Downloader(List.of(mirror), 5000)));
        Path folder = root.resolve("fashion-mnist").toAbsolutePath();
        assertEquals("FashionMnist: 2 file(s) missing from " + folder + " and not downloadable; put each file there"
                + " (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  t10k-images-idx3-ubyte.gz  SHA-256 of the decompressed content"
                + " 5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b\n"
                + "    " + mirror + "t10k-images-idx3-ubyte.gz: ConnectException: Connection refused\n"
                + "  t10k-labels-idx1-ubyte.gz  SHA-256 of the decompressed content"
                + " 0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34\n"
                + "    " + mirror + "t10k-labels-idx1-ubyte.gz: ConnectException: Connection refused", e.getMessage());
    }

    @Test
    void readsLocalFilesGzippedOrNotFromItsFolder() throws IOException {
        Path folder = dir.resolve("fashion-mnist");
        byte[] pixels = {0, (byte) 255, 51, 102, 0, 0};
        IdxFiles.write(folder, "t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(1, 2, 3, pixels)));
        IdxFiles.write(folder, "t10k-labels-idx1-ubyte", IdxFiles.labels((byte) 8));
        ImageSet set = FashionMnist.test(dir, new Downloader(List.of()));
        assertArrayEquals(new int[] {8}, set.labels());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 0, 0}, set.features().reshape(6).toFloatVector(), 1e-7f);
        assertEquals("Bag", FashionMnist.CLASS_NAMES.get(set.label(0)));
    }

    @Test
    void realFilesHaveTheirPublishedContentChecksumsAndClassCounts() throws IOException {
        String env = System.getenv(DataFolder.ENV);
        if (env == null || env.isBlank()) {
            System.out.println("FashionMnistTest: real-data test skipped, NN4J_DATA is unset (point it at the folder"
                    + " holding fashion-mnist/)");
        }
        assumeTrue(env != null && !env.isBlank(), "NN4J_DATA is unset: the real-data test needs the folder holding"
                + " fashion-mnist/");
        Path root = DataFolder.resolve(null);
        for (RemoteFile f : FashionMnist.FILES) {
            assertEquals(f.sha256(), Sha256.ofGunzipped(root.resolve(FashionMnist.FOLDER).resolve(f.name())), f.name());
        }
        Downloader offline = new Downloader(List.of());
        ImageSet train = FashionMnist.train(root, offline);
        ImageSet test = FashionMnist.test(root, offline);
        assertEquals(DataType.FLOAT, train.features().dataType());
        assertArrayEquals(new long[] {60000, 784}, train.features().shape());
        assertArrayEquals(new long[] {10000, 784}, test.features().shape());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, train.classCounts());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
        assertEquals(9, train.label(0));
        assertEquals(9, test.label(0));
        assertEquals(2, test.label(1));
        // sum of the first test image's bytes, read independently
        assertEquals(33456 / 255.0, test.features().getRow(0).sumNumber().doubleValue(), 1e-3);
    }
}
