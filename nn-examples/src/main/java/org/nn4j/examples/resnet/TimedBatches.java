package org.nn4j.examples.resnet;

import java.util.Iterator;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;

/**
 * Batches that count the time the training thread spends waiting for them (in {@code next()}): the data stall. With
 * augmentation on the training thread this is the augmentation's whole cost; with prefetching workers, only what
 * they could not hide.
 */
final class TimedBatches implements Batches {

    private final Batches source;
    private long nanos;

    TimedBatches(Batches source) {
        this.source = source;
    }

    /** {@return the seconds spent waiting since the last call, and resets the count} */
    double takeSeconds() {
        double s = nanos / 1e9;
        nanos = 0;
        return s;
    }

    @Override
    public long batchesPerEpoch() {
        return source.batchesPerEpoch();
    }

    @Override
    public long samplesPerEpoch() {
        return source.samplesPerEpoch();
    }

    @Override
    public Iterator<Batch> iterator() {
        long start = System.nanoTime();
        Iterator<Batch> it = source.iterator();
        nanos += System.nanoTime() - start;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Batch next() {
                long t = System.nanoTime();
                Batch b = it.next();
                nanos += System.nanoTime() - t;
                return b;
            }
        };
    }
}
