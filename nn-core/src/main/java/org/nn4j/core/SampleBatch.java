package org.nn4j.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of inputs copied to the host for {@link SampleTransform}s: the values of every sample, c-order, and the
 * seeds of their generators. Transforming touches no ND4J array, so it may run on any thread; only {@link #of} and
 * {@link #toArray} call ND4J, on the loader's thread.
 */
final class SampleBatch {

    private final double[][] samples;
    private final long[] shape;      // of one sample, no batch axis
    private final long[] seeds;

    private SampleBatch(double[][] samples, long[] shape, long[] seeds) {
        this.samples = samples;
        this.shape = shape;
        this.seeds = seeds;
    }

    /**
     * Copies {@code x}'s samples to the host.
     *
     * @param x             the gathered inputs {@code [n, ...]}
     * @param seed          the loader's seed
     * @param epoch         the epoch, from 0
     * @param firstPosition the position in the epoch of the batch's first sample
     */
    static SampleBatch of(INDArray x, long seed, long epoch, long firstPosition) {
        int n = Math.toIntExact(x.size(0));
        long[] shape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        double[] all = x.dup('c').data().asDouble();
        int per = n == 0 ? 0 : all.length / n;
        double[][] samples = new double[n][];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            samples[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
            seeds[i] = seed(seed, epoch, firstPosition + i);
        }
        return new SampleBatch(samples, shape, seeds);
    }

    /** The seed of the sample at {@code position} of {@code epoch}: independent streams, whatever the order drawn. */
    static long seed(long seed, long epoch, long position) {
        return mix(mix(mix(seed ^ 0x6A09E667F3BCC909L) + epoch) + position);
    }

    /** SplitMix64's finaliser: consecutive inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Every sample through {@code transform}, each with its own generator. */
    SampleBatch transform(SampleTransform transform) {
        double[][] out = new double[samples.length][];
        long[] outShape = shape;
        for (int i = 0; i < samples.length; i++) {
            Sample s = transform.apply(new Sample(samples[i], shape.clone()), new SplittableRandom(seeds[i]));
            if (s == null) {
                throw new IllegalStateException("DataLoader: a sample transform returned null for sample " + i
                        + " of a batch");
            }
            if (i == 0) {
                outShape = s.shape().clone();
            } else if (!Arrays.equals(outShape, s.shape())) {
                throw new IllegalStateException("DataLoader: a sample transform gave samples of different shapes in"
                        + " one batch: " + Arrays.toString(outShape) + " and " + Arrays.toString(s.shape())
                        + " (sample " + i + ")");
            }
            out[i] = s.values();
        }
        return new SampleBatch(out, outShape, seeds);
    }

    /** The samples as one array {@code [n, ...shape]} of {@code dtype}. */
    INDArray toArray(DataType dtype) {
        int per = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        double[] all = new double[Math.multiplyExact(samples.length, per)];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(samples[i], 0, all, i * per, per);
        }
        long[] full = new long[shape.length + 1];
        full[0] = samples.length;
        System.arraycopy(shape, 0, full, 1, shape.length);
        INDArray a = Nd4j.create(all, full, 'c');
        return a.dataType() == dtype ? a : a.castTo(dtype);
    }
}
