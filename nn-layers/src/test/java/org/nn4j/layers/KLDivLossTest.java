package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.testing.TestArrays;

class KLDivLossTest {

    @Test
    void isTheDivergencePerSampleByDefault() {
        INDArray q = Nd4j.createFromArray(new double[][] {{0.25, 0.75}, {0.5, 0.5}});
        INDArray p = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {1, 0}});
        double kl0 = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
        double kl1 = Math.log(1 / 0.5);
        INDArray logQ = Transforms.log(q, true);
        assertEquals((kl0 + kl1) / 2, new KLDivLoss().forward(p, logQ), 1e-15);
        assertEquals(kl0 + kl1, new KLDivLoss(Reduction.SUM).forward(p, logQ), 1e-15);
        assertEquals((kl0 + kl1) / 4, new KLDivLoss(Reduction.MEAN).forward(p, logQ), 1e-15);
        assertEquals(p.neg().divi(2), new KLDivLoss().backward(p, logQ));
        // the same first row as log-probabilities (the second's log 0 = −∞ would give NaN, as in PyTorch)
        assertEquals(kl0, new KLDivLoss(Reduction.BATCH_MEAN, true).forward(Nd4j.createFromArray(new double[][] {{Math.log(0.5), Math.log(0.5)}}),
                logQ.getRow(0, true)), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{-0.5, -0.5}}), new KLDivLoss(Reduction.BATCH_MEAN, true)
                .backward(Nd4j.createFromArray(new double[][] {{Math.log(0.5), Math.log(0.5)}}), logQ.getRow(0, true)));
    }

    /**
     * PyTorch defines 0·log 0 = 0: a target of 0 adds nothing whatever the (finite) prediction, even −1000, and its
     * gradient is −0; a prediction of −∞ there gives NaN (0·∞), as PyTorch 1.13's.
     */
    @Test
    void aZeroTargetAddsNothingUnlessItsPredictionIsMinusInfinity() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray p = Nd4j.createFromArray(1.0, 0.0, 0.0).castTo(type);
            INDArray x = Nd4j.createFromArray(-0.5, -1000, 3).castTo(type);
            assertEquals(0.5, new KLDivLoss(Reduction.SUM).forward(p, x), 1e-6, type.toString());
            assertEquals(Nd4j.createFromArray(-1.0, 0, 0).castTo(type), new KLDivLoss(Reduction.SUM).backward(p, x));
            x.putScalar(1, Double.NEGATIVE_INFINITY);
            assertEquals(Double.NaN, new KLDivLoss(Reduction.SUM).forward(p, x), type.toString());
            // with log targets a target of −∞ (probability 0) gives NaN too: exp(−∞)·(−∞ − x) = 0·(−∞)
            INDArray logP = Nd4j.createFromArray(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).castTo(type);
            assertEquals(Double.NaN, new KLDivLoss(Reduction.SUM, true).forward(logP, Nd4j.createFromArray(-0.5, -1, -2).castTo(type)));
        }
    }

    /** batchmean of a scalar is the sum, as PyTorch's (it divides by input.size(0) only when there is an axis 0). */
    @Test
    void batchMeanOfAScalarIsTheSum() {
        double expected = 0.5 * (Math.log(0.5) + 1);
        assertEquals(expected, new KLDivLoss().forward(Nd4j.scalar(0.5), Nd4j.scalar(-1.0)), 1e-15);
        assertEquals(-0.5, new KLDivLoss().backward(Nd4j.scalar(0.5), Nd4j.scalar(-1.0)).getDouble(0));
        assertEquals(-0.5 / 7, new KLDivLoss().backward(Nd4j.valueArrayOf(7, 0.5).castTo(DataType.DOUBLE), Nd4j.valueArrayOf(7, -1.0).castTo(DataType.DOUBLE)).getDouble(3), 1e-15);
    }

    @Test
    void rejectsProbabilityTargetsOutsideZeroOneNamingTheValueAndWhere() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, -3.0, 0.0, 2, 2);
        assertEquals("KLDivLoss: expected every target (a probability) in [0, 1], found -0.5 at index [1, 0]",
                assertThrows(IllegalArgumentException.class,
                        () -> new KLDivLoss().forward(Nd4j.createFromArray(new double[][] {{0, 1}, {-0.5, 1}}), x)).getMessage());
        assertEquals("KLDivLoss: expected every target (a probability) in [0, 1], found 2 at index [0, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> new KLDivLoss().backward(Nd4j.createFromArray(new double[][] {{0, 2}, {0.5, 1}}), x)).getMessage());
        // log targets are log-probabilities: any value is taken, as PyTorch does
        assertTrue(Double.isFinite(new KLDivLoss(Reduction.SUM, true).forward(Nd4j.createFromArray(new double[][] {{0, 2}, {-0.5, 1}}), x)));
    }

    @Test
    void namesItsOptions() {
        assertEquals("KLDivLoss: expected reduction BATCH_MEAN, SUM or MEAN, found null",
                assertThrows(IllegalArgumentException.class, () -> new KLDivLoss(null)).getMessage());
        assertEquals("KLDivLoss(reduction=BATCH_MEAN)", new KLDivLoss().toString());
        assertEquals("KLDivLoss(reduction=SUM, logTarget=true)", new KLDivLoss(Reduction.SUM, true).toString());
        assertTrue(new KLDivLoss(Reduction.MEAN, true).isLogTarget());
        assertEquals(Reduction.MEAN, new KLDivLoss(Reduction.MEAN, true).reduction());
    }
}
