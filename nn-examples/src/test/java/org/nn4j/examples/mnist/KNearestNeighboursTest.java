package org.nn4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KNearestNeighboursTest {

    @Test
    void oneCloseNeighbourOutvotesTwoFarOnes() {
        // class 0 at distance 1, class 1 twice at distance 3: weights 1 against 2/3
        int[] labels = {0, 1, 1};
        assertEquals(0, KNearestNeighbours.vote(new float[] {1, 9, 9}, new int[] {0, 1, 2}, labels, 2));
        // at distance 1.5 for class 1 the pair wins: 1 against 4/3
        assertEquals(1, KNearestNeighbours.vote(new float[] {1, 2.25f, 2.25f}, new int[] {0, 1, 2}, labels, 2));
    }

    @Test
    void exactMatchesAloneVote() {
        int[] labels = {2, 0, 0, 0};
        assertEquals(2, KNearestNeighbours.vote(new float[] {0, 1e-6f, 1e-6f, 1e-6f}, new int[] {0, 1, 2, 3}, labels, 3));
    }

    @Test
    void predictsTheWeightedVoteOfTheFourNearestOnAHandMadeLine() {
        // points on a line: 0, 1, 2 are class 0; 10, 11 are class 1; query 8: neighbours 10, 11, 2, 1
        INDArray train = Nd4j.createFromArray(new float[][] {{0}, {1}, {2}, {10}, {11}});
        int[] labels = {0, 0, 0, 1, 1};
        KNearestNeighbours knn = new KNearestNeighbours(train, labels, 2);
        // weights class 1: 1/2 + 1/3 = 0.83; class 0: 1/6 + 1/7 = 0.31
        assertArrayEquals(new int[] {1, 0}, knn.predict(Nd4j.createFromArray(new float[][] {{8}, {4}}), 4));
    }

    @Test
    void batchedDistancesEqualBruteForce() {
        long seed = 20261122;
        System.out.println("batchedDistancesEqualBruteForce seed " + seed);
        Random random = new Random(seed);
        float[][] a = randomPoints(random, 7, 13);
        float[][] b = randomPoints(random, 11, 13);
        KNearestNeighbours knn = new KNearestNeighbours(Nd4j.createFromArray(b), new int[11], 1);
        float[][] d2 = knn.squaredDistances(Nd4j.createFromArray(a)).toFloatMatrix();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int f = 0; f < a[i].length; f++) {
                    s += (a[i][f] - b[j][f]) * (a[i][f] - b[j][f]);
                }
                assertEquals(s, d2[i][j], 1e-4 * Math.max(1, s), "distance " + i + ", " + j);
            }
        }
    }

    @Test
    void chunkedPredictionsEqualBruteForceNearestNeighbour() {
        long seed = 7;
        System.out.println("chunkedPredictionsEqualBruteForceNearestNeighbour seed " + seed);
        Random random = new Random(seed);
        float[][] b = randomPoints(random, 300, 5);
        int[] labels = new int[b.length];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = random.nextInt(3);
        }
        float[][] a = randomPoints(random, 50, 5);
        int[] expected = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int f = 0; f < 5; f++) {
                    s += (a[i][f] - b[j][f]) * (a[i][f] - b[j][f]);
                }
                if (s < best) {
                    best = s;
                    expected[i] = labels[j];
                }
            }
        }
        // blocks of 7 queries: 7 full chunks and a partial one
        KNearestNeighbours knn = new KNearestNeighbours(Nd4j.createFromArray(b), labels, 3, 7 * 300);
        assertArrayEquals(expected, knn.predict(Nd4j.createFromArray(a), 1));
    }

    private static float[][] randomPoints(Random random, int n, int d) {
        float[][] p = new float[n][d];
        for (float[] row : p) {
            for (int f = 0; f < d; f++) {
                row[f] = (float) random.nextGaussian();
            }
        }
        return p;
    }
}
