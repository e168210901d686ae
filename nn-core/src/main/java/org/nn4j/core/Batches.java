package org.nn4j.core;

/**
 * What training consumes: an iterable of {@link Batch}es, one pass per epoch. Each call to
 * {@link #iterator()} starts a new epoch (a shuffling source reshuffles). {@link DataLoader}
 * implements it over arrays in memory; implement it yourself to stream batches from elsewhere.
 */
public interface Batches extends Iterable<Batch> {

    /**
     * Batches per epoch, or -1 when unknown (progress bars then show a count only).
     *
     * @return the number of batches in one epoch, or -1
     */
    default long batchesPerEpoch() {
        return -1;
    }

    /**
     * Samples per epoch, or -1 when unknown.
     *
     * @return the number of samples in one epoch, or -1
     */
    default long samplesPerEpoch() {
        return -1;
    }
}
