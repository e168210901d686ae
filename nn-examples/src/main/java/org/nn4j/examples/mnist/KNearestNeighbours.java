package org.nn4j.examples.mnist;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * k nearest neighbours with distance weights (scikit-learn's {@code weights="distance"}): each
 * of the k nearest training points votes for its class with weight 1 / (Euclidean distance);
 * when some of them are at distance 0, only those vote. Ties go to the smallest class.
 *
 * <p>Distances are batched: for a chunk of queries A and the training points B,
 * ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b, the last term one GEMM per chunk. Chunks bound the memory of
 * the distance block to about {@link #BLOCK_FLOATS} floats; the k smallest of each row are then
 * picked by one linear scan in Java (k is tiny, so this beats sorting the row).
 */
final class KNearestNeighbours {

    /** Floats of one distance block, [chunk, M]: 64 M floats = 256 MB. */
    static final long BLOCK_FLOATS = 64L << 20;

    private final INDArray train;      // [M, D], c-order float32
    private final float[] trainNorms;  // ‖b‖², [M]
    private final int[] labels;
    private final int classes;
    private final long blockFloats;
    private double gemmSeconds;
    private double selectSeconds;

    /**
     * @param train  {@code [M, D]} training points; not modified (copied once when not c-ordered float32)
     * @param labels one class in {@code 0 .. classes-1} per training point
     */
    KNearestNeighbours(INDArray train, int[] labels, int classes) {
        this(train, labels, classes, BLOCK_FLOATS);
    }

    /** With distance blocks of about {@code blockFloats} floats (at least one query per block). */
    KNearestNeighbours(INDArray train, int[] labels, int classes, long blockFloats) {
        if (train.rank() != 2 || train.size(0) != labels.length) {
            throw new IllegalArgumentException("KNearestNeighbours: expected training points [M, D] with one label each, found "
                    + java.util.Arrays.toString(train.shape()) + " and " + labels.length + " labels");
        }
        this.train = train.dataType() == DataType.FLOAT && train.ordering() == 'c' && train.elementWiseStride() == 1
                ? train : train.castTo(DataType.FLOAT).dup('c');
        this.trainNorms = squaredNorms(this.train);
        this.labels = labels.clone();
        this.classes = classes;
        this.blockFloats = blockFloats;
    }

    /**
     * The predicted class of every query.
     *
     * @param queries {@code [N, D]}; not modified
     */
    int[] predict(INDArray queries, int k) {
        int m = labels.length;
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("KNearestNeighbours: k must be in 1.." + m + ", found " + k);
        }
        int n = Math.toIntExact(queries.size(0));
        int chunk = (int) Math.max(1, Math.min(n, blockFloats / m));
        int[] predicted = new int[n];
        int[] nearest = new int[k];
        float[] nearestD2 = new float[k];
        for (int start = 0; start < n; start += chunk) {
            int rows = Math.min(chunk, n - start);
            INDArray a = queries.get(NDArrayIndex.interval(start, start + rows), NDArrayIndex.all())
                    .castTo(DataType.FLOAT).dup('c');
            float[] queryNorms = squaredNorms(a);
            long t0 = System.nanoTime();
            FloatBuffer dots = minusTwoDots(a);
            long t1 = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                kSmallest(dots, i * m, nearest, nearestD2);
                for (int j = 0; j < k; j++) {
                    nearestD2[j] += queryNorms[i];
                }
                predicted[start + i] = vote(nearestD2, nearest, labels, classes);
            }
            gemmSeconds += (t1 - t0) / 1e9;
            selectSeconds += (System.nanoTime() - t1) / 1e9;
        }
        return predicted;
    }

    /**
     * The squared distances of every query to every training point, {@code [N, M]} (for small
     * sets: no chunking).
     *
     * @param queries {@code [N, D]}; not modified
     */
    INDArray squaredDistances(INDArray queries) {
        INDArray a = queries.castTo(DataType.FLOAT).dup('c');
        int n = Math.toIntExact(a.size(0));
        int m = labels.length;
        FloatBuffer dots = minusTwoDots(a);
        float[] queryNorms = squaredNorms(a);
        float[][] d2 = new float[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                d2[i][j] = Math.max(0, queryNorms[i] + trainNorms[j] + dots.get(i * m + j));
            }
        }
        return Nd4j.createFromArray(d2);
    }

    /**
     * −2 a·bᵀ for the chunk {@code a} [rows, D], as a buffer in which row i of the chunk (its dot
     * products with all M training points) is contiguous from i·M: the GEMM writes
     * B·aᵀ [M, rows] in f-order, which is [rows, M] in c-order.
     */
    private FloatBuffer minusTwoDots(INDArray a) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {labels.length, a.size(0)}, 'f');
        Nd4j.gemm(train, a, out, false, true, -2.0, 0.0);
        return out.data().asNioFloat();
    }

    /**
     * Indices (into the training set) and ‖b‖² − 2a·b of the k smallest entries of the row at
     * {@code offset}, sorted ascending. Adding ‖a‖² afterwards gives the squared distances.
     */
    private void kSmallest(FloatBuffer dots, int offset, int[] nearest, float[] nearestD2) {
        int k = nearest.length;
        java.util.Arrays.fill(nearestD2, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(nearest, -1);
        float worst = Float.POSITIVE_INFINITY;
        for (int j = 0; j < trainNorms.length; j++) {
            float d = trainNorms[j] + dots.get(offset + j);
            if (d < worst) {
                int at = k - 1;
                while (at > 0 && nearestD2[at - 1] > d) {
                    nearestD2[at] = nearestD2[at - 1];
                    nearest[at] = nearest[at - 1];
                    at--;
                }
                nearestD2[at] = d;
                nearest[at] = j;
                worst = nearestD2[k - 1];
            }
        }
    }

    /**
     * The distance-weighted vote of the neighbours: weight 1/√d² each, or, when some are at
     * distance 0, one vote for each of those only.
     *
     * @param squaredDistances of the neighbours (negative values, from rounding, count as 0)
     * @param neighbours       their indices into {@code labels}
     */
    static int vote(float[] squaredDistances, int[] neighbours, int[] labels, int classes) {
        double[] score = new double[classes];
        boolean exact = false;
        for (float d2 : squaredDistances) {
            exact |= d2 <= 0;
        }
        for (int j = 0; j < neighbours.length; j++) {
            double d2 = squaredDistances[j];
            if (exact) {
                score[labels[neighbours[j]]] += d2 <= 0 ? 1 : 0;
            } else {
                score[labels[neighbours[j]]] += 1 / Math.sqrt(d2);
            }
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        return best;
    }

    /** ‖row‖² of every row, without a temporary the size of {@code x} (the 9× training set is 1.7 GB). */
    private static float[] squaredNorms(INDArray x) {
        INDArray norms = x.norm2(1);
        return norms.muli(norms).toFloatVector();
    }

    /** Seconds spent in the distance GEMMs so far. */
    double gemmSeconds() {
        return gemmSeconds;
    }

    /** Seconds spent picking the k nearest and voting so far. */
    double selectSeconds() {
        return selectSeconds;
    }
}
