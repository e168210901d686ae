package org.nn4j.core;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In-memory mini-batches over (x, y): each epoch draws a new permutation from a seeded
 * generator and gathers one batch at a time (the data set itself is never copied).
 * The last, smaller batch is kept unless {@code dropLast}.
 */
public class Minibatches implements Batches {

    private final INDArray x;
    private final INDArray y;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Random random;

    /**
     * @param x         inputs, batch-first; not modified, not copied
     * @param y         targets, batch-first; not modified, not copied
     * @param batchSize samples per batch
     * @param shuffle   draw a new order each epoch
     * @param dropLast  drop the final batch when it is smaller than {@code batchSize}
     * @param seed      seed of the shuffling
     */
    public Minibatches(INDArray x, INDArray y, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("Minibatches: x and y have different numbers of samples: x "
                    + Checks.shape(x) + ", y " + Checks.shape(y));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Minibatches: batch size must be at least 1, found " + batchSize);
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.random = new Random(seed);
    }

    /** Shuffled, keeping the last partial batch. */
    public Minibatches(INDArray x, INDArray y, int batchSize, long seed) {
        this(x, y, batchSize, true, false, seed);
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
                return new Batch(gather(x, rows), gather(y, rows));
            }
        };
    }

    /** Rows {@code rows} of {@code a} along axis 0, as one new array (one native op). */
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
