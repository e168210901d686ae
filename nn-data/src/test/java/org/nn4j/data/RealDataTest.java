package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;

/**
 * The real MNIST and USPS files of {@code $NN4J_DATA} (CI sets it; skipped with a printed
 * reason otherwise), checked against the counts and checksums of shared/datasets/README.md.
 */
class RealDataTest {

    private static Path root;

    // per test, so that each skipped test is reported as skipped
    @BeforeEach
    void requireData() {
        String env = System.getenv(DataFolder.ENV);
        if (env == null || env.isBlank()) {
            System.out.println("RealDataTest: test skipped, NN4J_DATA is unset (point it at the folder holding mnist/ and usps/)");
        }
        assumeTrue(env != null && !env.isBlank(),
                "NN4J_DATA is unset: the real-data tests need the folder holding mnist/ and usps/");
        root = DataFolder.resolve(null);
    }

    @Test
    void sharedFilesHaveTheirPublishedSha256() throws IOException {
        List<String> lines = new ArrayList<>();
        for (RemoteFile f : Mnist.FILES) {
            assertEquals(f.sha256(), Sha256.of(root.resolve("mnist").resolve(f.name())), f.name());
            lines.add(f.sha256() + "  mnist/" + f.name());
        }
        for (RemoteFile f : Usps.FILES) {
            assertEquals(f.sha256(), Sha256.of(root.resolve("usps").resolve(f.name())), f.name());
            lines.add(f.sha256() + "  usps/" + f.name());
        }
        Path sums = root.resolve("SHA256SUMS");
        if (Files.exists(sums)) {
            assertTrue(Files.readAllLines(sums).containsAll(lines), "SHA256SUMS lists " + lines);
        }
    }

    @Test
    void mnistTrainingSetHasTheKnownSizeFirstLabelAndCountsAndLoadsInSeconds() {
        long start = System.nanoTime();
        ImageSet train = Mnist.train(root);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("MNIST train: %d images loaded in %.2f s%n", train.size(), seconds);
        assertTrue(seconds < 15, "loading MNIST took " + seconds + " s");
        assertArrayEquals(new long[] {60000, 784}, train.features().shape());
        assertArrayEquals(new long[] {60000, 1, 28, 28}, train.images().shape());
        assertEquals(5, train.label(0));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
        Normalise stats = Normalise.fit(train.features());
        assertEquals(0.1307, stats.mean(), 1e-4);
        assertEquals(0.3081, stats.std(), 1e-4);
        assertEquals(0f, train.features().minNumber().floatValue());
        assertEquals(1f, train.features().maxNumber().floatValue());
    }

    @Test
    void oneShuffledEpochOverMnistSeesEveryClassCountOnce() {
        ImageSet train = Mnist.train(root);
        DataLoader loader = new DataLoader(train.images(), train.oneHot(), 128, 42);
        long start = System.nanoTime();
        INDArray perClass = Nd4j.zeros(DataType.FLOAT, 10);
        long batches = 0;
        for (Batch b : loader) {
            perClass.addi(b.y().sum(0));
            batches++;
        }
        System.out.printf("MNIST: one epoch of %d batches of 128 in %.2f s%n", batches, (System.nanoTime() - start) / 1e9);
        assertEquals(469, batches);
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, perClass.toIntVector());
    }

    @Test
    void mnistTestSetHasTheKnownSizeAndCounts() {
        ImageSet test = Mnist.test(root);
        assertArrayEquals(new long[] {10000, 1, 28, 28}, test.images().shape());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.classCounts());
        assertEquals(0.1325, Normalise.fit(test.features()).mean(), 1e-4);
        assertEquals(0.3105, Normalise.fit(test.features()).std(), 1e-4);
    }

    @Test
    void uspsHasTheKnownSizesAndCounts() {
        ImageSet train = Usps.train(root);
        ImageSet test = Usps.test(root);
        assertArrayEquals(new long[] {7291, 1, 16, 16}, train.images().shape());
        assertArrayEquals(new long[] {2007, 256}, test.features().shape());
        assertArrayEquals(new int[] {1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644}, train.classCounts());
        assertArrayEquals(new int[] {359, 264, 198, 166, 200, 160, 170, 147, 166, 177}, test.classCounts());
        // the README's means are on the files' [0, 2] scale
        assertEquals(0.509 / 2, Normalise.fit(train.features()).mean(), 1e-3);
        assertEquals(0.769 / 2, Normalise.fit(train.features()).std(), 1e-3);
        assertEquals(0.535 / 2, Normalise.fit(test.features()).mean(), 1e-3);
        assertEquals(1f, train.features().maxNumber().floatValue());
    }

    @Test
    void downloadsAndVerifiesTheRealFilesFromALocalMirror(@TempDir Path empty) throws IOException {
        try (LocalServer server = new LocalServer()) {
            for (RemoteFile f : List.of(Mnist.TEST_IMAGES, Mnist.TEST_LABELS)) {
                server.serve("mnist/" + f.name(), Files.readAllBytes(root.resolve("mnist").resolve(f.name())));
            }
            Downloader mirrors = new Downloader(List.of(server.base("gone"), server.base("mnist")), 5000);
            ImageSet downloaded = Mnist.test(empty, mirrors);
            assertEquals(Mnist.TEST_IMAGES.sha256(), Sha256.of(empty.resolve("mnist").resolve(Mnist.TEST_IMAGES.name())));
            assertEquals(Mnist.test(root).features(), downloaded.features());
            assertArrayEquals(Mnist.test(root).labels(), downloaded.labels());
        }
    }
}
