package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SyntheticTest {

    @Test
    void normalCdfMatchesKnownValues() {
        assertEquals(0.5, StandardNormal.cdf(0), 1e-15);
        assertEquals(0.8413447460685429, StandardNormal.cdf(1), 1e-12);
        assertEquals(0.024997895148220435, StandardNormal.cdf(-1.96), 1e-12);
        assertEquals(0.9213503964748574, StandardNormal.cdf(Math.sqrt(2)), 1e-12);
        assertEquals(0.9997673709209645, StandardNormal.cdf(3.5), 1e-12);
        assertEquals(9.865876450377e-10, StandardNormal.cdf(-6), 1e-20);
    }

    @Test
    void twoGaussiansHaveTheirCentresStdAndBalancedZeroOneLabels() {
        Synthetic.Data d = Synthetic.genArti(1, -2, 0.3, 4000, 0, 0, 5);
        assertArrayEquals(new long[] {4000, 2}, d.x().shape());
        assertArrayEquals(new long[] {4000, 1}, d.y().shape());
        assertEquals(2000, d.y().sumNumber().intValue());
        INDArray positive = d.x().getRows(rows(d.y(), 1));
        INDArray mean = positive.mean(0);
        assertEquals(1, mean.getDouble(0), 0.03);
        assertEquals(-2, mean.getDouble(1), 0.03);
        assertEquals(0.3, positive.getColumn(0).stdNumber().doubleValue(), 0.02);
        assertEquals(-1, d.x().getRows(rows(d.y(), 0)).mean(0).getDouble(0), 0.03);
    }

    @Test
    void xorPutsDiagonalClustersInTheSameClass() {
        Synthetic.Data d = Synthetic.genArti(1, 1, 0.05, 800, 1, 0, 9);
        // with tiny clusters the sign of x·y is the label
        INDArray product = d.x().getColumn(0).mul(d.x().getColumn(1));
        assertEquals(d.y().reshape(800), product.gt(0).castTo(d.y().dataType()));
        assertEquals(400, d.y().sumNumber().intValue());
    }

    @Test
    void checkerboardLabelsAreTheCellParityIn4x4Cells() {
        Synthetic.Data d = Synthetic.genArti(1, 1, 0.1, 2000, 2, 0, 4);
        assertTrue(d.x().amaxNumber().doubleValue() <= 2);
        float[] x = Nd4j.toFlattened(d.x()).toFloatVector();
        float[] y = d.y().reshape(2000).toFloatVector();
        for (int i = 0; i < 2000; i++) {
            long cell = (long) Math.floor(x[2 * i]) + (long) Math.floor(x[2 * i + 1]);
            assertEquals(cell % 2 == 0 ? 1f : 0f, y[i], "point " + x[2 * i] + ", " + x[2 * i + 1]);
        }
        Arti known = new Arti(2, 1, 1, 0, 0);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0}, known.bayesPredict(Nd4j.createFromArray(new float[][] {
            {0.5f, 0.5f}, {1.5f, 0.5f}, {-0.5f, 0.5f}, {-0.5f, -0.5f}, {-1.5f, 1.5f}})).reshape(5).toFloatVector());
    }

    @Test
    void epsilonFlipsExactlyThatFractionOfLabels() {
        for (int type = 0; type < 3; type++) {
            Arti clean = new Arti(type, 1, 1, 0.01, 0.15);
            Synthetic.Data d = clean.generate(1000, 21);
            // the clusters do not overlap, so the Bayes decision is the clean label
            assertEquals(0.85, clean.bayesAccuracy(d), 1e-12, "type " + type);
            assertEquals(0.85, clean.bayesAccuracy(), 1e-12);
        }
    }

    @Test
    void bayesAccuracyIsTheAnalyticValueAndMatchesGeneratedSets() {
        Arti two = new Arti(0, 1, 1, 1, 0.1);
        double clean = StandardNormal.cdf(Math.sqrt(2));
        assertEquals(clean * 0.9 + (1 - clean) * 0.1, two.bayesAccuracy(), 1e-12);
        Arti xor = new Arti(1, 1, 0.5, 0.5, 0.05);
        double p = StandardNormal.cdf(2);
        double q = StandardNormal.cdf(1);
        assertEquals((p * q + (1 - p) * (1 - q)) * 0.95 + (1 - p * q - (1 - p) * (1 - q)) * 0.05, xor.bayesAccuracy(), 1e-12);
        assertEquals(0.8, new Arti(2, 1, 1, 0, 0.2).bayesAccuracy(), 1e-12);
        int n = 40_000;
        for (Arti a : new Arti[] {two, xor, Arti.defaults(0), new Arti(1, 1, 1, 0.8, 0.02)}) {
            double empirical = a.bayesAccuracy(a.generate(n, 77));
            double tolerance = 4 * Math.sqrt(a.bayesAccuracy() * (1 - a.bayesAccuracy()) / n) + 1e-9;
            System.out.printf("%s: Bayes accuracy %.4f expected, %.4f on %d points%n", a, a.bayesAccuracy(), empirical, n);
            assertEquals(a.bayesAccuracy(), empirical, tolerance, a.toString());
        }
    }

    @Test
    void generationIsSeeded() {
        assertEquals(Synthetic.genArti(1, 1, 0.1, 100, 1, 0.02, 3).x(), Synthetic.genArti(1, 1, 0.1, 100, 1, 0.02, 3).x());
        assertTrue(!Synthetic.genArti(1, 1, 0.1, 100, 1, 0.02, 3).x().equals(Synthetic.genArti(1, 1, 0.1, 100, 1, 0.02, 4).x()));
    }

    @Test
    void linearDataFollowsTheLine() {
        Synthetic.Data exact = Synthetic.linear(50, 3, -1, 0, 2);
        assertEquals(exact.x().mul(3).sub(1), exact.y());
        Synthetic.Data noisy = Synthetic.linear(20_000, 3, -1, 0.5, 2);
        INDArray residual = noisy.y().sub(noisy.x().mul(3).sub(1));
        assertEquals(0, residual.meanNumber().doubleValue(), 0.02);
        assertEquals(0.5, residual.stdNumber().doubleValue(), 0.02);
        assertTrue(noisy.x().minNumber().doubleValue() >= -1 && noisy.x().maxNumber().doubleValue() < 1);
    }

    @Test
    void rejectsUnknownTypesAndBadNoise() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synthetic.genArti(1, 1, 0.1, 10, 3, 0.02, 1));
        assertEquals("Arti: expected data type 0 (two Gaussians), 1 (XOR) or 2 (checkerboard), found 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Synthetic.genArti(1, 1, 0.1, 10, 0, 1.5, 1));
        assertEquals("Arti: expected sigma >= 0, epsilon in [0, 1] and non-zero centres for the checkerboard, found"
                + " sigma 0.1, epsilon 1.5, centre (1.0, 1.0)", e.getMessage());
    }

    private static int[] rows(INDArray y, float label) {
        float[] v = y.reshape(y.length()).toFloatVector();
        return java.util.stream.IntStream.range(0, v.length).filter(i -> v[i] == label).toArray();
    }

}
