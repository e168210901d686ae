package org.nn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;

/**
 * One partition's examples as arrays, and its sequence of mini-batches: epoch after epoch, each
 * a new permutation drawn from a seed of its own (derived from the trainer's seed, the partition
 * and the epoch), cut into batches of the batch size, the last one smaller when the shard does not
 * divide. Batch {@code j} of a partition is therefore the same whichever task, attempt or driver
 * asks for it. One shard may serve two tasks at once (a speculative copy): drawing a batch is synchronised.
 */
final class Shard {

    private final int partition;
    private final INDArray x;
    private final INDArray y;
    private final int batchSize;
    private final long seed;
    private long epochOfOrder = -1;
    private int[] order;

    private Shard(int partition, INDArray x, INDArray y, int batchSize, long seed) {
        this.partition = partition;
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /**
     * Reads a partition's examples into arrays of {@code dataType}.
     *
     * @param partition   the partition's index, for messages and seeds
     * @param examples    its examples, read to the end
     * @param sampleShape the shape of one input, or null for a flat row
     * @param dataType    the network's dtype
     * @param batchSize   samples per batch
     * @param seed        the trainer's seed
     * @return the shard
     * @throws IllegalArgumentException when the partition is empty or its examples differ in length
     *                                  from each other or from the sample shape
     */
    static Shard read(int partition, Iterator<Example> examples, long[] sampleShape, DataType dataType, int batchSize, long seed) {
        List<Example> all = new ArrayList<>();
        examples.forEachRemaining(all::add);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("nn-spark: partition " + partition + " holds no example; every partition"
                    + " trains, so repartition the data (JavaRDD.repartition) to at most as many partitions as examples");
        }
        int inputs = all.get(0).input().length;
        int targets = all.get(0).target().length;
        long[] shape = sampleShape == null ? new long[] {inputs} : sampleShape;
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != inputs) {
            throw new IllegalArgumentException("nn-spark: partition " + partition + ": an example has " + inputs
                    + " input values, the input shape " + Arrays.toString(shape) + " needs "
                    + Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        }
        float[] xs = new float[all.size() * inputs];
        float[] ys = new float[all.size() * targets];
        for (int i = 0; i < all.size(); i++) {
            Example e = all.get(i);
            if (e.input().length != inputs || e.target().length != targets) {
                throw new IllegalArgumentException("nn-spark: partition " + partition + ", example " + i + ": " + e.input().length
                        + " input and " + e.target().length + " target values, the partition's first example has "
                        + inputs + " and " + targets);
            }
            System.arraycopy(e.input(), 0, xs, i * inputs, inputs);
            System.arraycopy(e.target(), 0, ys, i * targets, targets);
        }
        long[] xShape = new long[shape.length + 1];
        xShape[0] = all.size();
        System.arraycopy(shape, 0, xShape, 1, shape.length);
        INDArray x = Nd4j.create(xs, xShape, 'c').castTo(dataType);
        INDArray y = Nd4j.create(ys, new long[] {all.size(), targets}, 'c').castTo(dataType);
        return new Shard(partition, x, y, batchSize, seed);
    }

    /** {@return how many samples the shard holds} */
    int size() {
        return (int) x.size(0);
    }

    /** {@return batches per pass over the shard (the last may be smaller)} */
    long batchesPerEpoch() {
        return (size() + batchSize - 1) / batchSize;
    }

    /**
     * Batch {@code j} of this partition's sequence.
     *
     * @param j from 0; batch {@code batchesPerEpoch()} is the first of the second epoch
     * @return new arrays (gathered rows)
     */
    synchronized Batch batch(long j) {
        long epoch = j / batchesPerEpoch();
        int from = (int) (j % batchesPerEpoch()) * batchSize;
        int to = Math.min(size(), from + batchSize);
        int[] order = order(epoch);
        long[] rows = new long[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order[from + i];
        }
        return new Batch(DataLoader.gather(x, rows), DataLoader.gather(y, rows));
    }

    private int[] order(long epoch) {
        if (epoch != epochOfOrder) {
            SplittableRandom random = new SplittableRandom(Seeding.of(seed, partition, epoch));
            order = new int[size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates
                int k = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
            epochOfOrder = epoch;
        }
        return order;
    }
}
