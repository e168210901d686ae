package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.TestArrays;

class NLLLossTest {

    @Test
    void isMinusMeanOfTheTargetLogProbability() {
        INDArray logp = Nd4j.createFromArray(new double[][] {{-1, -2, -3}, {-4, -5, -6}});
        assertEquals((2 + 4) / 2.0, new NLLLoss().forward(Nd4j.createFromArray(1, 0), logp), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -0.5, 0}, {-0.5, 0, 0}}),
                new NLLLoss().backward(Nd4j.createFromArray(1, 0), logp));
    }

    @Test
    void logSoftmaxThenNllEqualsCrossEntropyOnLogits() {
        INDArray logits = TestArrays.uniform(1, DataType.DOUBLE, 6, 4);
        INDArray t = Nd4j.createFromArray(3, 0, 1, 2, 2, 0);
        LogSoftmax logSoftmax = new LogSoftmax();
        INDArray logp = logSoftmax.forward(logits);
        assertEquals(new CrossEntropyLoss().forward(t, logits), new NLLLoss().forward(t, logp), 1e-12);
        INDArray chained = logSoftmax.backwardDelta(logits, new NLLLoss().backward(t, logp));
        Reference.assertClose("chained gradient", new CrossEntropyLoss().backward(t, logits), chained);
    }

    @Test
    void oneHotTargetsGiveTheSameAsIndicesAndKeepFloat32() {
        INDArray logp = TestArrays.uniform(2, DataType.FLOAT, -3.0, 0.0, 3, 2);
        INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}, {0, 1}});
        INDArray indices = Nd4j.createFromArray(1, 0, 1);
        assertEquals(new NLLLoss().forward(indices, logp), new NLLLoss().forward(oneHot, logp), 1e-7);
        assertEquals(new NLLLoss().backward(indices, logp), new NLLLoss().backward(oneHot, logp));
        assertEquals(DataType.FLOAT, new NLLLoss().backward(indices, logp).dataType());
    }

    @Test
    void rejectsOutOfRangeIndicesAndShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().forward(Nd4j.createFromArray(3), Nd4j.zeros(1, 3)));
        assertEquals("NLLLoss: class index 3 at target[0] is outside [0, 3) (prediction [1, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().backward(Nd4j.zeros(2, 4), Nd4j.zeros(2, 3)));
        assertEquals("NLLLoss: target and prediction shapes differ: target [2, 4], prediction [2, 3]"
                + " (expected class indices [2] or [2, 1], or one-hot [2, 3])", e.getMessage());
    }

    /** Weighted mean over the samples not ignored: −Σ w[y]·logp[n, y] / Σ w[y], as PyTorch's NLLLoss(weight, ignore_index). */
    @Test
    void weightsAndAnIgnoredIndexGivePyTorchsWeightedMean() {
        INDArray logp = Nd4j.createFromArray(new double[][] {{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
        INDArray t = Nd4j.createFromArray(1, -100, 2);
        NLLLoss loss = new NLLLoss().weight(Nd4j.createFromArray(1.0, 2.0, 0.5)).ignoreIndex(-100);
        assertEquals((2 * 2 + 0.5 * 9) / 2.5, loss.forward(t, logp), 1e-15);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, -2 / 2.5, 0}, {0, 0, 0}, {0, 0, -0.5 / 2.5}}), loss.backward(t, logp));
        // an ignored class inside [0, C), and only ignored samples: 0/0, NaN, as PyTorch
        assertEquals(4, new NLLLoss().ignoreIndex(1).forward(Nd4j.createFromArray(1, 0, 1), logp), 1e-15);
        assertEquals(Double.NaN, new NLLLoss().ignoreIndex(1).forward(Nd4j.createFromArray(1, 1, 1), logp));
        assertEquals("NLLLoss(weight=[1.0, 2.0, 0.5], ignoreIndex=-100)", loss.toString());
        assertEquals("NLLLoss()", new NLLLoss().toString());
    }

    @Test
    void weightsAndIgnoredSamplesHaveGradientsMatchingFiniteDifferencesAndFloat32AgreesWithFloat64() {
        qt().withFixedSeed(TestArrays.testSeed("NLLLoss weight ignoreIndex")).withExamples(12).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().between(0, Long.MAX_VALUE / 2))
                .checkAssert((n, c, s) -> {
                    SplittableRandom r = new SplittableRandom(s);
                    long[] index = new long[n];
                    for (int i = 0; i < n; i++) {
                        index[i] = i == 0 || r.nextInt(3) > 0 ? r.nextInt(c) : -1;
                    }
                    INDArray t = Nd4j.createFromArray(index);
                    INDArray logp = new LogSoftmax().forward(TestArrays.uniform(s, DataType.DOUBLE, -3.0, 3.0, n, c));
                    NLLLoss loss = new NLLLoss().weight(TestArrays.uniform(s + 1, DataType.DOUBLE, 0.1, 2.0, c)).ignoreIndex(-1);
                    String what = "N=" + n + " C=" + c + " seed " + s;
                    GradientCheck.Report report = GradientCheck.checkLoss(loss, t, logp);
                    assertTrue(report.passed(), () -> what + "\n" + report);
                    INDArray logp32 = logp.castTo(DataType.FLOAT);
                    assertEquals(loss.forward(t, logp32.castTo(DataType.DOUBLE)), loss.forward(t, logp32), 1e-5, what);
                    INDArray g32 = loss.backward(t, logp32);
                    assertEquals(DataType.FLOAT, g32.dataType(), what);
                    TestArrays.assertClose(what, loss.backward(t, logp32.castTo(DataType.DOUBLE)), g32, 1e-5);
                });
    }

    @Test
    void rejectsAWeightOfAnotherClassCountAndAnIgnoredIndexWithDenseTargets() {
        INDArray logp = Nd4j.zeros(2, 3);
        assertEquals("NLLLoss: expected a weight per class, [3] for prediction [2, 3], found [4]",
                assertThrows(IllegalArgumentException.class,
                        () -> new NLLLoss().weight(Nd4j.ones(4)).forward(Nd4j.createFromArray(0, 1), logp)).getMessage());
        assertEquals("NLLLoss: expected a floating-point weight per class [C], found INT [3]",
                assertThrows(IllegalArgumentException.class, () -> new NLLLoss().weight(Nd4j.createFromArray(1, 2, 3))).getMessage());
        assertEquals("NLLLoss: ignoreIndex applies to class indices [N] or [N, 1], found a target shaped like the prediction [2, 3]",
                assertThrows(IllegalArgumentException.class,
                        () -> new NLLLoss().ignoreIndex(-100).backward(Nd4j.zeros(2, 3), logp)).getMessage());
        assertEquals("NLLLoss: class index 3 at target[1] is outside [0, 3) (prediction [2, 3])",
                assertThrows(IllegalArgumentException.class,
                        () -> new NLLLoss().ignoreIndex(-100).forward(Nd4j.createFromArray(-100, 3), logp)).getMessage());
    }

    /** Log-probabilities [2, 3, 2] (N, C, d) with class indices [2, 2]: per-position losses and PyTorch's weighted mean. */
    @Test
    void perPositionPredictionsWithWeightsAndAnIgnoredIndex() {
        INDArray logp = Nd4j.createFromArray(new double[][][] {{{-1, -2}, {-3, -4}, {-5, -6}}, {{-7, -8}, {-9, -10}, {-11, -12}}});
        INDArray t = Nd4j.createFromArray(new long[][] {{2, 0}, {1, -100}});
        NLLLoss loss = new NLLLoss().weight(Nd4j.createFromArray(1.0, 2.0, 0.5)).ignoreIndex(-100);
        assertEquals((0.5 * 5 + 1 * 2 + 2 * 9) / 3.5, loss.forward(t, logp), 1e-14);
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, 2, 3, 2);
        expected.putScalar(new long[] {0, 2, 0}, -0.5 / 3.5).putScalar(new long[] {0, 0, 1}, -1 / 3.5).putScalar(new long[] {1, 1, 0}, -2 / 3.5);
        assertTrue(expected.equalsWithEps(loss.backward(t, logp), 1e-14), loss.backward(t, logp).toString());
        assertEquals(Nd4j.createFromArray(new double[][] {{0.5 * 5, 2}, {2 * 9, 0}}), loss.forwardUnreduced(t, logp));
        assertEquals(Nd4j.createFromArray(2.0, 4.0), new NLLLoss().forwardUnreduced(Nd4j.createFromArray(1, 0),
                Nd4j.createFromArray(new double[][] {{-1, -2, -3}, {-4, -5, -6}})));
        assertEquals((5 + 2 + 9 + 10) / 4.0, new NLLLoss().forward(Nd4j.createFromArray(new long[][] {{2, 0}, {1, 1}}), logp), 1e-14);
    }

    @Test
    void perPositionTargetsOfAnotherShapeAreRejectedNamingBothShapes() {
        assertEquals("NLLLoss: target and prediction shapes differ: target [2], prediction [2, 3, 4]"
                + " (expected class indices [2, 4] or probabilities [2, 3, 4])", assertThrows(IllegalArgumentException.class,
                        () -> new NLLLoss().forward(Nd4j.createFromArray(0, 1), Nd4j.zeros(2, 3, 4))).getMessage());
        assertEquals("NLLLoss: class index -1 at target[0, 3] is outside [0, 3) (prediction [2, 3, 4])",
                assertThrows(IllegalArgumentException.class, () -> new NLLLoss().backward(
                        Nd4j.createFromArray(new long[][] {{0, 1, 2, -1}, {0, 0, 0, 0}}), Nd4j.zeros(2, 3, 4))).getMessage());
    }
}
