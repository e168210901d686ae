package org.nn4j.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Per-sample augmentation, as PyTorch users write it, is a {@link SampleTransform} ({@link #transform}): every
 * sample gets its own generator, seeded from the loader's seed, the epoch and its position in the epoch, so the same
 * seed gives the same augmented epochs. {@link #prefetch} runs those transforms on worker threads, a bounded number
 * of batches ahead, so that augmentation does not stall the training thread; the batches are the same, bit for bit,
 * with or without workers.
 *
 * <pre>{@code
 * DataLoader train = new DataLoader(mnist.features(), mnist.oneHot(), 64, 42);
 * for (Batch b : train) { ... }            // one epoch; the next loop reshuffles
 * DataLoader augmented = new DataLoader(images, labels, 128, 42)
 *         .transform(Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip()))
 *         .prefetch(2, 4);                // two worker threads, up to four batches ahead
 * }</pre>
 */
public final class DataLoader implements Batches {

    private final INDArray x;
    private final INDArray y;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private static final UnaryOperator<Batch> IDENTITY = UnaryOperator.identity();

    private final Random random;
    private final long seed;
    private final AtomicLong epochs;
    private final UnaryOperator<Batch> transform;
    private final SampleTransform sampleTransform;
    private final int workers;
    private final int queueDepth;
    private volatile Executor pool;

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
        this.seed = seed;
        this.epochs = new AtomicLong();
        this.transform = IDENTITY;
        this.sampleTransform = null;
        this.workers = 0;
        this.queueDepth = 0;
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

    private DataLoader(DataLoader source, UnaryOperator<Batch> transform, SampleTransform sampleTransform,
                       int workers, int queueDepth) {
        this.x = source.x;
        this.y = source.y;
        this.batchSize = source.batchSize;
        this.shuffle = source.shuffle;
        this.dropLast = source.dropLast;
        this.random = source.random;
        this.seed = source.seed;
        this.epochs = source.epochs;
        this.transform = transform;
        this.sampleTransform = sampleTransform;
        this.workers = workers;
        this.queueDepth = queueDepth;
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
        return new DataLoader(this, b -> transform.apply(before.apply(b)), sampleTransform, workers, queueDepth);
    }

    /**
     * The same batches with every input sample passed through {@code transform} (PyTorch's per-sample
     * {@code transforms}; targets are not transformed). Each sample gets its own generator, a function of this loader's
     * seed, the epoch (the number of epochs drawn before, by this loader and those derived from it) and the sample's
     * position in the epoch. Sample transforms run before the batch transforms of {@link #map}; under
     * {@link #prefetch} they run on worker threads. The new loader shares this one's shuffling state: iterate one of
     * them, not both.
     *
     * @param transform applied to each input sample (shape without the batch axis) after the sample transforms already
     *                  given
     * @return a new loader over the same data
     * @throws IllegalStateException when this loader already has batch transforms ({@link #map}): the sample
     *                               transforms would run after them otherwise
     */
    public DataLoader transform(SampleTransform transform) {
        Objects.requireNonNull(transform, "transform");
        if (this.transform != IDENTITY) {
            throw new IllegalStateException("DataLoader: add sample transforms (transform) before batch transforms"
                    + " (map): sample transforms run first");
        }
        SampleTransform composed = sampleTransform == null ? transform : sampleTransform.andThen(transform);
        return new DataLoader(this, this.transform, composed, workers, queueDepth);
    }

    /**
     * The same batches, their sample transforms ({@link #transform}) run on {@code workers} background threads up to
     * {@code queueDepth} batches ahead of the training thread (PyTorch's {@code num_workers} and
     * {@code prefetch_factor}). Gathering rows and the batch transforms of {@link #map} stay on the iterating thread,
     * so a {@code map} transform may call ND4J as before. The batches are the same as without workers, bit for bit.
     * Worker threads are daemons and end when idle for a second. The new loader shares this one's shuffling state:
     * iterate one of them, not both.
     *
     * @param workers    threads running the sample transforms, at least 1
     * @param queueDepth batches prepared ahead of the one being used, at least 1
     * @return a new loader over the same data
     * @throws IllegalArgumentException when {@code workers} or {@code queueDepth} is below 1
     */
    public DataLoader prefetch(int workers, int queueDepth) {
        if (workers < 1 || queueDepth < 1) {
            throw new IllegalArgumentException("DataLoader: prefetch needs at least 1 worker and a queue depth of at"
                    + " least 1, found " + workers + " worker(s) and depth " + queueDepth);
        }
        return new DataLoader(this, transform, sampleTransform, workers, queueDepth);
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
        long epoch = epochs.getAndIncrement();
        long batches = batchesPerEpoch();
        ArrayDeque<Pending> ahead = new ArrayDeque<>();
        return new Iterator<>() {
            private long drawn = 0;    // batches gathered (and, under prefetch, handed to the workers)
            private long taken = 0;    // batches returned

            @Override
            public boolean hasNext() {
                return taken < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (drawn < batches && (ahead.isEmpty() || ahead.size() <= queueDepth)) {
                    ahead.add(draw(drawn++));
                }
                taken++;
                return transform.apply(ahead.poll().finish());
            }

            private Pending draw(long k) {
                int from = Math.toIntExact(k * batchSize);
                int to = Math.min(n, from + batchSize);
                long[] rows = new long[to - from];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = order[from + i];
                }
                INDArray xb = gather(x, rows);
                INDArray yb = gather(y, rows);
                if (sampleTransform == null) {
                    return new Pending(xb, yb, null);
                }
                SampleBatch samples = SampleBatch.of(xb, seed, epoch, from);
                CompletableFuture<SampleBatch> done = workers == 0
                        ? CompletableFuture.completedFuture(samples.transform(sampleTransform))
                        : CompletableFuture.supplyAsync(() -> samples.transform(sampleTransform), pool());
                return new Pending(xb, yb, done);
            }
        };
    }

    /** A batch drawn: its gathered arrays and, when it has sample transforms, their result to come. */
    private record Pending(INDArray x, INDArray y, CompletableFuture<SampleBatch> samples) {

        Batch finish() {
            if (samples == null) {
                return new Batch(x, y);
            }
            try {
                return new Batch(samples.get().toArray(x.dataType()), y);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("DataLoader: a sample transform failed", e.getCause());
            }
        }
    }

    private Executor pool() {
        Executor p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    AtomicInteger count = new AtomicInteger();
                    ThreadPoolExecutor e = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "nn4j-loader-" + count.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    e.allowCoreThreadTimeOut(true);
                    pool = e;
                }
                p = pool;
            }
        }
        return p;
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
