package org.nn4j.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.Module;
import org.nn4j.data.DataFileException;
import org.nn4j.data.MissingDataException;

/** Vocabulary, TextCorpus, CharWindows and TextSampler on generated text; Fortunes on the team's file when NN4J_DATA is set. */
class TextDataTest {

    private static final String TEXT = "the cat sat on the mat.\n%\nthe dog ate the log!\n%\n";

    @Test
    void vocabularyIsTheSortedDistinctCharactersAndRoundTrips() {
        Vocabulary v = Vocabulary.of(TEXT);
        assertEquals("\n !%.acdeghlmnost", v.decode(range(v.size())));
        assertEquals(TEXT, v.decode(v.encode(TEXT)));
        assertEquals(0, v.encode("\n")[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("tax"));
        assertEquals("Vocabulary: character 'x' at position 2 is not among the 17 characters of the vocabulary", e.getMessage());
        assertEquals("Vocabulary: character U+00E9 at position 0 is not among the 17 characters of the vocabulary",
                assertThrows(IllegalArgumentException.class, () -> v.encode("é")).getMessage());
        assertEquals("Vocabulary: expected an index in 0..16, found 17",
                assertThrows(IllegalArgumentException.class, () -> v.decode(17)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(""));
    }

    @Test
    void splitCutsTheTextContiguously() {
        TextCorpus corpus = TextCorpus.of(TEXT);
        TextCorpus.Split split = corpus.split(0.25);
        int validation = Math.round(0.25f * TEXT.length());
        assertEquals(validation, split.validation().length);
        assertEquals(TEXT.substring(0, TEXT.length() - validation), corpus.vocabulary().decode(split.train()));
        assertEquals(TEXT.substring(TEXT.length() - validation), corpus.vocabulary().decode(split.validation()));
        assertEquals("TextCorpus: expected a validation fraction in (0, 1), found 1.0",
                assertThrows(IllegalArgumentException.class, () -> corpus.split(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextCorpus.of("abc").split(0.5));
    }

    @Test
    void randomWindowsAreFollowedByTheirNextCharacterAndRedrawnEachEpoch() {
        int[] indices = range(500);
        CharWindows windows = CharWindows.random(indices, 7, 5, 3, 42);
        assertEquals(3, windows.batchesPerEpoch());
        assertEquals(15, windows.samplesPerEpoch());
        List<Batch> first = batches(windows);
        assertEquals(3, first.size());
        for (Batch b : first) {
            assertArrayEquals(new long[] {5, 7}, b.x().shape());
            assertEquals(DataType.INT, b.x().dataType());
            int[][] x = b.x().toIntMatrix();
            int[][] y = b.y().toIntMatrix();
            for (int n = 0; n < 5; n++) {
                for (int t = 0; t < 7; t++) {
                    assertEquals(x[n][0] + t, x[n][t], "a window is contiguous text");
                    assertEquals(x[n][t] + 1, y[n][t], "y is the next character");
                }
            }
        }
        List<Batch> second = batches(windows);
        assertNotEquals(first.get(0).x(), second.get(0).x(), "each epoch draws new windows");
        List<Batch> again = batches(CharWindows.random(indices, 7, 5, 3, 42));
        assertEquals(first.get(2).x(), again.get(2).x(), "the same seed gives the same windows");
    }

    @Test
    void sequentialStreamsContinueRowByRow() {
        int[] indices = range(100);
        CharWindows windows = CharWindows.sequential(indices, 4, 3);
        // (100 - 1) / 3 = 33 characters per stream, 8 windows of 4
        assertEquals(8, windows.batchesPerEpoch());
        List<Batch> all = batches(windows);
        for (int k = 0; k < all.size(); k++) {
            int[][] x = all.get(k).x().toIntMatrix();
            int[][] y = all.get(k).y().toIntMatrix();
            for (int n = 0; n < 3; n++) {
                assertEquals(n * 33 + k * 4, x[n][0], "row n of batch k starts where row n of batch k-1 ended");
                assertEquals(x[n][3] + 1, y[n][3]);
            }
        }
        assertEquals("CharWindows: 10 characters are too few for 3 streams of at least one window of 4 (needs 13)",
                assertThrows(IllegalArgumentException.class, () -> CharWindows.sequential(range(10), 4, 3)).getMessage());
        assertEquals("CharWindows: a window of 9 characters and its next character need 10 characters, the text has 9",
                assertThrows(IllegalArgumentException.class, () -> CharWindows.random(range(9), 9, 1, 1, 0)).getMessage());
    }

    @Test
    void greedySamplingFollowsTheModelsMostLikelyCharacter() {
        Vocabulary v = Vocabulary.of("abcd");
        TextSampler sampler = new TextSampler(new NextLetter(4, 10), v, 3);
        assertEquals("cdabcdab", sampler.sample("ab", 8, 0, 1));
        Module model = new NextLetter(4, 10);
        model.train();
        new TextSampler(model, v, 3).sample("a", 2, 0, 1);
        assertTrue(model.isTraining(), "the model's mode is restored");
        assertEquals("TextSampler: expected a non-empty prime, a length ≥ 0 and a temperature ≥ 0, found prime '',"
                        + " length 3, temperature 1.0",
                assertThrows(IllegalArgumentException.class, () -> sampler.sample("", 3, 1, 0)).getMessage());
    }

    @Test
    void samplingDrawsFromTheSoftmaxAtTheTemperature() {
        double[] logits = {0, Math.log(2), Math.log(5)};
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[3];
        int draws = 80_000;
        for (int i = 0; i < draws; i++) {
            counts[TextSampler.draw(logits, 1, random)]++;
        }
        assertEquals(1 / 8.0, counts[0] / (double) draws, 0.005);
        assertEquals(5 / 8.0, counts[2] / (double) draws, 0.005);
        // temperature 2 takes the square root of the odds: 1 : √2 : √5
        counts = new int[3];
        for (int i = 0; i < draws; i++) {
            counts[TextSampler.draw(logits, 2, random)]++;
        }
        double total = 1 + Math.sqrt(2) + Math.sqrt(5);
        assertEquals(Math.sqrt(5) / total, counts[2] / (double) draws, 0.005);
    }

    @Test
    void aMissingCorpusSaysWhereToPutIt(@TempDir Path dir) throws Exception {
        MissingDataException e = assertThrows(MissingDataException.class, () -> Fortunes.load(dir));
        assertTrue(e.getMessage().startsWith("Fortunes: 1 file(s) missing from " + dir.resolve("fortunes").toAbsolutePath()),
                e.getMessage());
        assertTrue(e.getMessage().contains("fortunes.txt  SHA-256 " + Fortunes.FILE.sha256()), e.getMessage());
        Files.createDirectories(dir.resolve("fortunes"));
        Files.writeString(dir.resolve("fortunes/fortunes.txt"), "not the corpus");
        DataFileException wrong = assertThrows(DataFileException.class, () -> Fortunes.load(dir));
        assertTrue(wrong.getMessage().contains("is not the expected corpus"), wrong.getMessage());
    }

    @Test
    void theTeamsCorpus() {
        String env = System.getenv("NN4J_DATA");
        if (env == null || env.isBlank()) {
            System.out.println("TextDataTest: theTeamsCorpus skipped, NN4J_DATA is unset (point it at the folder holding fortunes/)");
        }
        assumeTrue(env != null && !env.isBlank(), "NN4J_DATA is unset: the corpus test needs the folder holding fortunes/");
        String text = Fortunes.text(Path.of(env));
        assertEquals(2_472_398, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertEquals(14_385, text.lines().filter("%"::equals).count(), "quotations, each ended by a line '%'");
        TextCorpus corpus = TextCorpus.of(text);
        assertEquals(113, corpus.vocabulary().size());
        assertEquals(text.length(), corpus.length());
    }

    private static List<Batch> batches(CharWindows windows) {
        List<Batch> all = new ArrayList<>();
        windows.forEach(all::add);
        return all;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A stand-in model: logits [1, V, T] that make the letter after each input letter the most likely. */
    private static final class NextLetter extends Module {
        private final int v;
        private final double margin;

        NextLetter(int v, double margin) {
            this.v = v;
            this.margin = margin;
        }

        @Override
        public INDArray forward(INDArray input) {
            int t = (int) input.size(1);
            INDArray logits = Nd4j.zeros(DataType.FLOAT, 1, v, t);
            for (int i = 0; i < t; i++) {
                logits.putScalar(new long[] {0, (input.getInt(0, i) + 1) % v, i}, margin);
            }
            return logits;
        }

        @Override
        public INDArray backwardDelta(INDArray input, INDArray delta) {
            throw new UnsupportedOperationException();
        }
    }
}
