package org.nn4j.spark;

import java.util.SplittableRandom;

/** Seeds derived from the trainer's one seed, so that every partition, epoch and round draws its own numbers. */
final class Seeding {

    private Seeding() {
    }

    /**
     * A seed for the pair ({@code a}, {@code b}) under {@code seed}: different pairs give unrelated seeds.
     *
     * @param seed the trainer's seed
     * @param a    e.g. the partition
     * @param b    e.g. the epoch or the round
     * @return a derived seed
     */
    static long of(long seed, long a, long b) {
        long s = new SplittableRandom(seed ^ 0x6e6e346a5370726bL).nextLong();
        s = new SplittableRandom(s + 0x9E3779B97F4A7C15L * (a + 1)).nextLong();
        return new SplittableRandom(s + 0xBF58476D1CE4E5B9L * (b + 1)).nextLong();
    }
}
