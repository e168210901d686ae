package org.nn4j.data.text;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;

/**
 * Batches of character windows for a language model: {@code x} is {@code [N, T]} character indices (int32) and
 * {@code y} the same windows one character later, so {@code y[n, t]} is the character that follows
 * {@code x[n, t]}. Two orders:
 * <ul>
 *   <li>{@link #random}: each window starts at a random position (nanoGPT's sampling); a fixed number of
 *       batches per epoch, new positions every epoch, the same ones for the same seed;</li>
 *   <li>{@link #sequential}: the text cut into {@code N} contiguous streams, batch {@code k} holding the
 *       {@code k}-th window of each stream (char-rnn's order), so row {@code n} of one batch continues row
 *       {@code n} of the previous one — what truncated back-propagation through time with a recurrent model's
 *       {@code remember()} needs, and a pass over (almost) every character for validation.</li>
 * </ul>
 * With a model whose output is {@code [N, T, V]} logits, the loss is {@code CrossEntropyLoss} on the
 * {@code [N, V, T]} transpose (or on the flattened {@code [N·T, V]}), its mean in nats; bits per character are
 * that mean divided by {@code ln 2}.
 */
public final class CharWindows implements Batches {

    private final int[] indices;
    private final int length;
    private final int batchSize;
    private final int batches;
    private final long seed;
    private final boolean random;
    private int epoch;

    private CharWindows(int[] indices, int length, int batchSize, int batches, long seed, boolean random) {
        this.indices = indices;
        this.length = length;
        this.batchSize = batchSize;
        this.batches = batches;
        this.seed = seed;
        this.random = random;
    }

    /**
     * Windows at random positions.
     *
     * @param indices         the text as character indices; not modified (not copied either: do not change it)
     * @param length          T, the characters per window
     * @param batchSize       N, the windows per batch
     * @param batchesPerEpoch the batches one epoch gives
     * @param seed            the same seed gives the same windows, epoch by epoch
     * @return the batches
     * @throws IllegalArgumentException when a size is below 1 or the text is not longer than one window
     */
    public static CharWindows random(int[] indices, int length, int batchSize, int batchesPerEpoch, long seed) {
        check(indices, length, batchSize);
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("CharWindows: expected at least 1 batch per epoch, found " + batchesPerEpoch);
        }
        return new CharWindows(indices, length, batchSize, batchesPerEpoch, seed, true);
    }

    /**
     * Contiguous streams, for truncated back-propagation through time and for validation.
     *
     * @param indices   the text as character indices; not modified (not copied either: do not change it)
     * @param length    T, the characters per window
     * @param batchSize N, the streams
     * @return the batches: {@code floor((length(indices) - 1) / N / T)} of them; the few characters at the end of
     *         each stream that do not fill a window are left out
     * @throws IllegalArgumentException when a size is below 1 or the text is too short for one batch
     */
    public static CharWindows sequential(int[] indices, int length, int batchSize) {
        check(indices, length, batchSize);
        int batches = (indices.length - 1) / batchSize / length;
        if (batches < 1) {
            throw new IllegalArgumentException("CharWindows: " + indices.length + " characters are too few for "
                    + batchSize + " streams of at least one window of " + length + " (needs "
                    + ((long) batchSize * length + 1) + ")");
        }
        return new CharWindows(indices, length, batchSize, batches, 0, false);
    }

    private static void check(int[] indices, int length, int batchSize) {
        if (length < 1 || batchSize < 1) {
            throw new IllegalArgumentException("CharWindows: expected a window length and a batch size of at least 1, "
                    + "found length " + length + ", batch size " + batchSize);
        }
        if (indices.length < length + 1) {
            throw new IllegalArgumentException("CharWindows: a window of " + length + " characters and its next "
                    + "character need " + (length + 1) + " characters, the text has " + indices.length);
        }
    }

    @Override
    public long batchesPerEpoch() {
        return batches;
    }

    @Override
    public long samplesPerEpoch() {
        return (long) batches * batchSize;
    }

    /** @return T, the characters per window */
    public int windowLength() {
        return length;
    }

    @Override
    public Iterator<Batch> iterator() {
        SplittableRandom draws = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * ++epoch));
        int streamLength = (indices.length - 1) / batchSize;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("CharWindows: the epoch's " + batches + " batches are done");
                }
                int[] x = new int[batchSize * length];
                int[] y = new int[batchSize * length];
                for (int n = 0; n < batchSize; n++) {
                    int start = random ? draws.nextInt(indices.length - length)
                            : n * streamLength + next * length;
                    System.arraycopy(indices, start, x, n * length, length);
                    System.arraycopy(indices, start + 1, y, n * length, length);
                }
                next++;
                return new Batch(Nd4j.createFromArray(x).reshape(batchSize, length),
                        Nd4j.createFromArray(y).reshape(batchSize, length));
            }
        };
    }
}
