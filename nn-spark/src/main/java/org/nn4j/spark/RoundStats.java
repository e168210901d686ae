package org.nn4j.spark;

/**
 * What one round did.
 *
 * @param round          the round, from 0
 * @param loss           the mean loss of the round's steps, over every partition
 * @param samples        how many samples the round's steps saw, over every partition
 * @param seconds        the round's wall time on the driver: broadcast, training, aggregation, averaging
 * @param broadcastBytes the size of the state sent to the executors
 * @param learningRate   the learning rate the round trained with
 */
public record RoundStats(int round, double loss, long samples, double seconds, long broadcastBytes, double learningRate) {

    /**
     * Samples per second of the round.
     *
     * @return {@code samples / seconds}
     */
    public double samplesPerSecond() {
        return samples / seconds;
    }
}
