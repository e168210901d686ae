package org.nn4j.data;

import java.util.Iterator;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;
import org.nn4j.core.Minibatches;

/**
 * Mini-batches over (x, y) for training, like PyTorch's {@code DataLoader}: a batch size, a
 * seeded reshuffle each epoch, the last partial batch kept or dropped, and optionally a
 * transform applied to each batch as it is drawn (fresh noise every epoch, for instance).
 * Each epoch permutes indices and gathers one batch at a time (nn-core's {@link Minibatches});
 * the data set is never copied.
 *
 * <pre>{@code
 * DataLoader train = new DataLoader(mnist.features(), mnist.oneHot(), 64, 42);
 * for (Batch b : train) { ... }            // one epoch; the next loop reshuffles
 * }</pre>
 */
public final class DataLoader implements Batches {

    private final Minibatches batches;
    private final UnaryOperator<Batch> transform;

    /**
     * @param x         inputs, batch-first; not modified, not copied
     * @param y         targets, batch-first; not modified, not copied
     * @param shuffle   a new seeded order each epoch (else the stored order)
     * @param dropLast  drop the final batch when smaller than {@code batchSize}
     * @param seed      seed of the shuffling: the same seed gives the same epochs
     */
    public DataLoader(INDArray x, INDArray y, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        this(new Minibatches(x, y, batchSize, shuffle, dropLast, seed), UnaryOperator.identity());
    }

    /** Shuffled each epoch, keeping the final partial batch. */
    public DataLoader(INDArray x, INDArray y, int batchSize, long seed) {
        this(x, y, batchSize, true, false, seed);
    }

    private DataLoader(Minibatches batches, UnaryOperator<Batch> transform) {
        this.batches = batches;
        this.transform = transform;
    }

    /**
     * The same batches, each passed through {@code transform} as it is drawn. The transform
     * receives fresh arrays it may modify in place. The new loader shares this one's shuffling
     * state: iterate one of them, not both.
     */
    public DataLoader map(UnaryOperator<Batch> transform) {
        UnaryOperator<Batch> before = this.transform;
        return new DataLoader(batches, b -> transform.apply(before.apply(b)));
    }

    @Override
    public long batchesPerEpoch() {
        return batches.batchesPerEpoch();
    }

    @Override
    public long samplesPerEpoch() {
        return batches.samplesPerEpoch();
    }

    /** One epoch: each call reshuffles (when shuffling). */
    @Override
    public Iterator<Batch> iterator() {
        Iterator<Batch> epoch = batches.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return epoch.hasNext();
            }

            @Override
            public Batch next() {
                return transform.apply(epoch.next());
            }
        };
    }
}
