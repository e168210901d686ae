package org.nn4j.core;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches over in-memory (x, y) for training, like PyTorch's {@code DataLoader}: a batch
 * size, a seeded reshuffle each epoch, the last partial batch kept or dropped, and optionally a
 * transform applied to each batch as it is drawn ({@link #map}: fresh noise every epoch, for
 * instance). Each epoch draws a new permutation from the seeded generator and gathers one batch
 * at a time; the data set itself is never copied. The same seed gives the same epochs.
 *
 * <pre>{@code
 * DataLoader train = new DataLoader(mnist.features(), mnist.oneHot(), 64, 42);
 * for (Batch b : train) { ... }            // one epoch; the next loop reshuffles
 * }</pre>
 */
public final class DataLoader implements Batches {

    private final INDArray x;
    private final INDArray y;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Random random;
    private final UnaryOperator<Batch> transform;

    /**
     * @param x         inputs, batch-first; not modified, not copied
     * @param y         targets, batch-first; not modified, not copied
     * @param batchSize samples per batch, at least 1
     * @param shuffle   a new seeded order each epoch (else the stored order)
     * @param dropLast  drop the final batch when it is smaller than {@code batchSize}
     * @param seed      seed of the shuffling: the same seed gives the same epochs
     * @throws IllegalArgumentException when x and y hold different numbers of samples, or
     *                                  {@code batchSize < 1}
     */
    public DataLoader(INDArray x, INDArray y, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("DataLoader: x and y have different numbers of samples: x "
                    + Checks.shape(x) + ", y " + Checks.shape(y));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be at least 1, found " + batchSize);
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.random = new Random(seed);
        this.transform = UnaryOperator.identity();
    }

    /**
     * Shuffled each epoch, keeping the final partial batch.
     *
     * @param x         inputs, batch-first; not modified, not copied
     * @param y         targets, batch-first; not modified, not copied
     * @param batchSize samples per batch, at least 1
     * @param seed      seed of the shuffling: the same seed gives the same epochs
     */
    public DataLoader(INDArray x, INDArray y, int batchSize, long seed) {
        this(x, y, batchSize, true, false, seed);
    }

    private DataLoader(DataLoader source, UnaryOperator<Batch> transform) {
        this.x = source.x;
        this.y = source.y;
        this.batchSize = source.batchSize;
        this.shuffle = source.shuffle;
        this.dropLast = source.dropLast;
        this.random = source.random;
        this.transform = transform;
    }

    /**
     * The same batches, each passed through {@code transform} as it is drawn. The transform
     * receives fresh arrays it may modify in place. The new loader shares this one's shuffling
     * state: iterate one of them, not both.
     *
     * @param transform applied to each batch after the transforms already mapped
     * @return a new loader over the same data
     */
    public DataLoader map(UnaryOperator<Batch> transform) {
        UnaryOperator<Batch> before = this.transform;
        return new DataLoader(this, b -> transform.apply(before.apply(b)));
    }

    @Override
    public long batchesPerEpoch() {
        long n = x.size(0);
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public long samplesPerEpoch() {
        return dropLast ? batchesPerEpoch() * batchSize : x.size(0);
    }

    /** One epoch: each call reshuffles (when shuffling). */
    @Override
    public Iterator<Batch> iterator() {
        int n = Math.toIntExact(x.size(0));
        int[] order = permutation(n);
        long batches = batchesPerEpoch();
        return new Iterator<>() {
            private long next = 0;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = Math.toIntExact(next * batchSize);
                int to = Math.min(n, from + batchSize);
                next++;
                long[] rows = new long[to - from];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = order[from + i];
                }
                return transform.apply(new Batch(gather(x, rows), gather(y, rows)));
            }
        };
    }

    /**
     * Rows {@code rows} of {@code a} along axis 0, as one new array (one native op).
     *
     * @param a    batch-first array; not modified
     * @param rows indices into axis 0, in the order wanted
     * @return a new array of shape {@code [rows.length, ...]} (the other axes as in {@code a})
     */
    public static INDArray gather(INDArray a, long[] rows) {
        return Nd4j.pullRows(a.reshape(a.size(0), -1), 1, toInts(rows)).reshape(shapeWithBatch(a, rows.length));
    }

    private static int[] toInts(long[] rows) {
        int[] r = new int[rows.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(rows[i]);
        }
        return r;
    }

    private static long[] shapeWithBatch(INDArray a, long batch) {
        long[] s = a.shape().clone();
        s[0] = batch;
        return s;
    }

    private int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
