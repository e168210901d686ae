package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on 127.0.0.1 serving generated files. */
class DownloaderTest {

    @TempDir
    Path dir;

    private LocalServer server;
    private final byte[] content = randomBytes(200_000, 7);
    private final RemoteFile file = new RemoteFile("data.bin", Sha256.of(content));

    @BeforeEach
    void start() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsAVerifiedFileIntoPlace() throws IOException {
        server.serve("a/data.bin", content);
        Path folder = dir.resolve("new/folder");
        new Downloader(List.of(server.base("a")), 5000).ensure("Test", folder, List.of(file));
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("data.bin")));
        assertEquals(List.of(folder.resolve("data.bin")), list(folder));
    }

    @Test
    void leavesFilesAlreadyThereAlone() throws IOException {
        Files.writeString(dir.resolve("data.bin"), "local copy");
        new Downloader(List.of(server.base("a")), 5000).ensure("Test", dir, List.of(file));
        assertEquals("local copy", Files.readString(dir.resolve("data.bin")));
        assertEquals(0, server.requests());
    }

    @Test
    void rejectsAWrongChecksumAndLeavesNothing() throws IOException {
        byte[] other = "not the file".getBytes(StandardCharsets.US_ASCII);
        server.serve("a/data.bin", other);
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> new Downloader(List.of(server.base("a")), 5000).ensure("Test", dir, List.of(file)));
        assertEquals("Test: 1 file(s) missing from " + dir.toAbsolutePath() + " and not downloadable; put each file"
                + " there (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  data.bin  SHA-256 " + file.sha256() + "\n"
                + "    " + server.base("a") + "data.bin: checksum mismatch: expected SHA-256 " + file.sha256()
                + ", found " + Sha256.of(other) + " (12 bytes); the file was discarded", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void rejectsAConnectionDroppedMidFileAndLeavesNothing() throws IOException {
        server.serve("a/data.bin", content).truncate("a/data.bin", 50_000);
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> new Downloader(List.of(server.base("a")), 5000).ensure("Test", dir, List.of(file)));
        assertEquals("Test: 1 file(s) missing from " + dir.toAbsolutePath() + " and not downloadable; put each file"
                + " there (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  data.bin  SHA-256 " + file.sha256() + "\n"
                + "    " + server.base("a") + "data.bin: connection closed after 50000 of 200000 bytes", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void fallsBackToTheNextMirrorAfterA404() throws IOException {
        server.serve("second/data.bin", content);
        new Downloader(List.of(server.base("first"), server.base("second")), 5000).ensure("Test", dir, List.of(file));
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("data.bin")));
        assertEquals(2, server.requests());
    }

    @Test
    void offlineListsEveryMissingFileItsChecksumAndTheFolder() throws IOException {
        String mirror = LocalServer.refusingMirror("mnist");
        Path root = dir.resolve("data");
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> Mnist.train(root, new Downloader(List.of(mirror, server.base("empty")), 5000)));
        Path folder = root.resolve("mnist").toAbsolutePath();
        assertEquals("Mnist: 2 file(s) missing from " + folder + " and not downloadable; put each file there"
                + " (the data folder comes from --data DIR, $NN4J_DATA or ./data):\n"
                + "  train-images-idx3-ubyte.gz  SHA-256 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609\n"
                + "    " + mirror + "train-images-idx3-ubyte.gz: ConnectException: Connection refused\n"
                + "    " + server.base("empty") + "train-images-idx3-ubyte.gz: HTTP 404 Not Found\n"
                + "  train-labels-idx1-ubyte.gz  SHA-256 3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c\n"
                + "    " + mirror + "train-labels-idx1-ubyte.gz: ConnectException: Connection refused\n"
                + "    " + server.base("empty") + "train-labels-idx1-ubyte.gz: HTTP 404 Not Found", e.getMessage());
        assertEquals(List.of(), list(folder));
    }

    @Test
    void downloadsOnlyTheMissingFilesOfADataSet() throws IOException {
        byte[] labels = IdxFiles.gzip(IdxFiles.labels((byte) 1, (byte) 2));
        byte[] images = IdxFiles.gzip(IdxFiles.images(2, 1, 2, new byte[] {0, (byte) 255, (byte) 255, 0}));
        RemoteFile imagesFile = new RemoteFile("images.gz", Sha256.of(images));
        RemoteFile labelsFile = new RemoteFile("labels.gz", Sha256.of(labels));
        server.serve("m/images.gz", images).serve("m/labels.gz", labels);
        Files.write(dir.resolve("labels.gz"), labels);
        new Downloader(List.of(server.base("m")), 5000).ensure("Test", dir, List.of(imagesFile, labelsFile));
        assertEquals(1, server.requests());
        ImageSet set = Mnist.read(dir.resolve("images.gz"), dir.resolve("labels.gz"));
        assertArrayEquals(new float[] {0, 1, 1, 0}, set.features().reshape(4).toFloatVector());
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
