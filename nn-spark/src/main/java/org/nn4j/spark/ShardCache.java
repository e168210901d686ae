package org.nn4j.spark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shards an executor JVM has read, kept across rounds: gathering a partition of 30,000 MNIST
 * examples into arrays costs about as much as training eight batches on it, every round. RDDs are
 * immutable, so a shard is the same for as long as its RDD is the same; the cache holds the shards
 * of one RDD (the one last trained on) and drops them when another comes.
 */
final class ShardCache {

    /** What a shard's arrays and batches depend on. */
    record Key(int rdd, int partition, String sampleShape, String dataType, int batchSize, long seed) {
        Key(int rdd, int partition, long[] sampleShape, String dataType, int batchSize, long seed) {
            this(rdd, partition, Arrays.toString(sampleShape), dataType, batchSize, seed);
        }
    }

    private static final Map<Key, Shard> SHARDS = new HashMap<>();

    private ShardCache() {
    }

    /**
     * The shard of {@code key}, read by {@code read} when it is not cached.
     *
     * @param key  the RDD, partition and settings
     * @param read reads the shard from the partition's examples
     * @return the cached or newly read shard
     */
    static Shard get(Key key, Supplier<Shard> read) {
        synchronized (SHARDS) {
            Shard cached = SHARDS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Shard shard = read.get(); // outside the lock: two partitions read at once
        synchronized (SHARDS) {
            SHARDS.keySet().removeIf(k -> k.rdd() != key.rdd());
            SHARDS.putIfAbsent(key, shard);
            return SHARDS.get(key);
        }
    }
}
