package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BCELossTest {

    @Test
    void isMinusMeanOfTheBinaryLogLikelihood() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.8}, {0.4}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1}, {0}});
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, new BCELoss().forward(t, p), 1e-15);
        INDArray expected = Nd4j.createFromArray(new double[][] {{-1 / 0.8}, {1 / 0.6}}).divi(2);
        assertTrue(expected.equalsWithEps(new BCELoss().backward(t, p), 1e-14));
    }

    @Test
    void clampsTheLogAtMinus100LikePyTorch() {
        INDArray p = Nd4j.createFromArray(0f, 1f);
        // log 0 = −∞ clamped to −100 for the first element, log 1 = 0 for the second: (100 + 0)/2
        assertEquals(50, new BCELoss().forward(Nd4j.createFromArray(1f, 1f), p), 1e-4);
        INDArray g = new BCELoss().backward(Nd4j.createFromArray(1f, 1f), p);
        assertEquals(DataType.FLOAT, g.dataType());
        assertEquals(-1e12 / 2, g.getDouble(0), 1e6);
        assertEquals(0, g.getDouble(1));
    }

    @Test
    void rejectsTargetsOutsideZeroOneNamingTheValueAndWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Nd4j.createFromArray(new double[][] {{0, 1}, {1, 1.5}}), Nd4j.zeros(2, 2)));
        assertEquals("BCELoss: expected every target in [0, 1], found 1.5 at index [1, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Nd4j.createFromArray(-1.0), Nd4j.zeros(1)));
        assertEquals("BCELoss: expected every target in [0, 1], found -1 at index [0]", e.getMessage());
    }

    @Test
    void rejectsPredictionsOutsideZeroOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().backward(Nd4j.zeros(3), Nd4j.createFromArray(0.5, 2.0, 0.1)));
        assertEquals("BCELoss: expected every prediction (a probability) in [0, 1], found 2 at index [1]", e.getMessage());
    }

    @Test
    void rejectsShapeMismatchNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Nd4j.zeros(4), Nd4j.zeros(4, 1)));
        assertEquals("BCELoss: target and prediction shapes differ: target [4], prediction [4, 1]", e.getMessage());
    }

    @Test
    void largeArraysGiveTheSameLossGradientAndErrors() {
        // 2^16 + 3 elements go through ND4J ops, not the Java loop: same formula, clamp and messages.
        int n = (1 << 16) + 3;
        double[] p = new double[n];
        double[] t = new double[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            p[i] = i < 2 ? i : random.nextDouble(); // p = 0 and 1: logs clamped at −100
            t[i] = i < 2 ? 1 - i : random.nextDouble();
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += t[i] * Math.max(Math.log(p[i]), -100) + (1 - t[i]) * Math.max(Math.log(1 - p[i]), -100);
        }
        INDArray pa = Nd4j.createFromArray(p);
        INDArray ta = Nd4j.createFromArray(t);
        assertEquals(-sum / n, new BCELoss().forward(ta, pa), 1e-12);
        INDArray g = new BCELoss().backward(ta, pa);
        for (int i : new int[] {0, 1, 2, n / 2, n - 1}) {
            assertEquals((p[i] - t[i]) / Math.max(p[i] * (1 - p[i]), 1e-12) / n, g.getDouble(i), 1e-12 * Math.abs(g.getDouble(i)) + 1e-18);
        }
        ta.putScalar(n - 1, 1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BCELoss().forward(ta, pa));
        assertEquals("BCELoss: expected every target in [0, 1], found 1.5 at index [" + (n - 1) + "]", e.getMessage());
    }

    /**
     * One NaN among 3 or 2^16 + 3 predictions (the Java loop and the ND4J ops) gives a NaN loss at both sizes, as a NaN
     * target does (PyTorch's loss for a NaN target; PyTorch 1.13 raises for a NaN prediction, nn4j returns NaN so
     * that Optim rejects the step and Trainer reports the divergence).
     */
    @Test
    void aNanPredictionOrTargetGivesANanLossAtEverySize() {
        for (int n : new int[] {3, (1 << 16) + 3}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray p = Nd4j.valueArrayOf(new long[] {n}, 0.3, type);
                INDArray t = Nd4j.valueArrayOf(new long[] {n}, 1.0, type);
                p.putScalar(1, Double.NaN);
                assertTrue(Double.isNaN(new BCELoss().forward(t, p)), n + " " + type + " NaN prediction");
                p.putScalar(1, 0.3);
                t.putScalar(1, Double.NaN);
                assertTrue(Double.isNaN(new BCELoss().forward(t, p)), n + " " + type + " NaN target");
            }
        }
    }
}
