package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class CrossEntropyLossTest {

    private static final INDArray LOGITS = Nd4j.createFromArray(new double[][] {{0, Math.log(3)}, {Math.log(4), 0}});

    @Test
    void onLogitsIsMinusMeanLogSoftmaxOfTheTargetClass() {
        double expected = -(Math.log(0.75) + Math.log(0.2)) / 2;
        assertEquals(expected, new CrossEntropyLoss().forward(Nd4j.createFromArray(1, 1), LOGITS), 1e-14);
        INDArray grad = new CrossEntropyLoss().backward(Nd4j.createFromArray(1, 1), LOGITS);
        INDArray softmaxMinusOneHot = Nd4j.createFromArray(new double[][] {{0.25, 0.75 - 1}, {0.8, 0.2 - 1}});
        assertTrue(softmaxMinusOneHot.div(2).equalsWithEps(grad, 1e-14), grad.toString());
    }

    @Test
    void classIndicesInAnyNumericDtypeAndShapeNOr_N1_EqualOneHot() {
        INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}});
        double expected = new CrossEntropyLoss().forward(oneHot, LOGITS);
        INDArray expectedGrad = new CrossEntropyLoss().backward(oneHot, LOGITS);
        for (INDArray t : new INDArray[] {Nd4j.createFromArray(1, 0), Nd4j.createFromArray(1L, 0L).reshape(2, 1),
                Nd4j.createFromArray(1f, 0f), Nd4j.createFromArray(1.0, 0.0).reshape(2, 1), Nd4j.createFromArray((byte) 1, (byte) 0)}) {
            assertEquals(expected, new CrossEntropyLoss().forward(t, LOGITS), 1e-15, t.dataType() + " " + t);
            assertEquals(expectedGrad, new CrossEntropyLoss().backward(t, LOGITS), t.dataType() + " " + t);
        }
    }

    @Test
    void logitsOfPlusMinus1000GiveFiniteLossAndGradient() {
        INDArray x = Nd4j.createFromArray(new float[][] {{1000, -1000, 0}, {-1000, 1000, 1000}});
        INDArray t = Nd4j.createFromArray(1, 2);
        double loss = new CrossEntropyLoss().forward(t, x);
        assertEquals((2000 + Math.log(2)) / 2, loss, 1e-3);
        INDArray g = new CrossEntropyLoss().backward(t, x);
        assertEquals(DataType.FLOAT, g.dataType());
        assertTrue(Nd4j.createFromArray(new float[][] {{0.5f, -0.5f, 0}, {0, 0.25f, -0.25f}}).equalsWithEps(g, 1e-6), g.toString());
    }

    @Test
    void onProbabilitiesIsMinusMeanLogOfTheTargetProbability() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.25, 0.75}, {0.8, 0.2}});
        CrossEntropyLoss ce = CrossEntropyLoss.onProbabilities();
        assertEquals(-(Math.log(0.75) + Math.log(0.8)) / 2, ce.forward(Nd4j.createFromArray(1, 0), p), 1e-15);
        INDArray expected = Nd4j.createFromArray(new double[][] {{0, -1 / 0.75}, {-1 / 0.8, 0}}).divi(2);
        assertTrue(expected.equalsWithEps(ce.backward(Nd4j.createFromArray(1, 0), p), 1e-14));
        GradientCheck.assertLossGradients(ce, Nd4j.createFromArray(1, 0), p);
    }

    @Test
    void onProbabilitiesClampsTheLogAtMinus100SoAZeroProbabilityIsFinite() {
        INDArray p = Nd4j.createFromArray(new double[][] {{1, 0}});
        assertEquals(100, CrossEntropyLoss.onProbabilities().forward(Nd4j.createFromArray(1), p), 1e-12);
        INDArray g = CrossEntropyLoss.onProbabilities().backward(Nd4j.createFromArray(1), p);
        assertEquals(-1e12, g.getDouble(0, 1), 1);
    }

    /** The course's network: Softmax module + CE on probabilities trains exactly like logits + fused CE. */
    @Test
    void softmaxModuleThenCeOnProbabilitiesGivesTheFusedGradient() {
        INDArray logits = TestArrays.uniform(3, DataType.DOUBLE, 5, 4);
        INDArray t = Nd4j.createFromArray(0, 3, 1, 1, 2);
        Softmax softmax = new Softmax();
        INDArray p = softmax.forward(logits);
        INDArray chained = softmax.backwardDelta(logits, CrossEntropyLoss.onProbabilities().backward(t, p));
        assertTrue(new CrossEntropyLoss().backward(t, logits).equalsWithEps(chained, 1e-12));
        assertEquals(new CrossEntropyLoss().forward(t, logits), CrossEntropyLoss.onProbabilities().forward(t, p), 1e-12);
    }

    @Test
    void rejectsAClassIndexOutsideTheClassesNamingItAndWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Nd4j.createFromArray(0, 2, 1, 5), Nd4j.zeros(4, 5)));
        assertEquals("CrossEntropyLoss: class index 5 at target[3] is outside [0, 5) (prediction [4, 5])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().backward(Nd4j.createFromArray(-1, 0), Nd4j.zeros(2, 3)));
        assertEquals("CrossEntropyLoss: class index -1 at target[0] is outside [0, 3) (prediction [2, 3])", e.getMessage());
    }

    @Test
    void rejectsANonIntegralClassIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropyLoss.onProbabilities().forward(Nd4j.createFromArray(0.0, 1.5), Nd4j.zeros(2, 3)));
        assertEquals("CrossEntropyLoss(onProbabilities): class index 1.5 at target[1] is not an integer", e.getMessage());
    }

    @Test
    void rejectsTargetsOfAnotherShapeNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Nd4j.createFromArray(0, 1, 2), Nd4j.zeros(4, 5)));
        assertEquals("CrossEntropyLoss: target and prediction shapes differ: target [3], prediction [4, 5]"
                + " (expected class indices [4] or [4, 1], or one-hot [4, 5])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Nd4j.zeros(4, 5), Nd4j.zeros(4)));
        assertEquals("CrossEntropyLoss: expected prediction of rank 2 [N, C], found rank 1 with shape [4]", e.getMessage());
    }

    @Test
    void rejectsOneHotTargetsOutsideZeroOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Nd4j.createFromArray(new double[][] {{0, 1}, {2, 0}}), Nd4j.zeros(2, 2)));
        assertEquals("CrossEntropyLoss: expected every target probability in [0, 1], found 2 at index [1, 0]", e.getMessage());
    }

    /**
     * Weights, ignored samples and label smoothing, on logits and on probabilities, over random shapes: dL/dprediction
     * equals finite differences, and float32 agrees with float64.
     */
    @Test
    void optionsHaveGradientsMatchingFiniteDifferencesAndFloat32AgreesWithFloat64() {
        qt().withFixedSeed(TestArrays.testSeed("CrossEntropyLoss options")).withExamples(12).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().between(0, Long.MAX_VALUE / 2))
                .checkAssert((n, c, s) -> {
                    SplittableRandom r = new SplittableRandom(s);
                    long[] index = new long[n];
                    for (int i = 0; i < n; i++) {
                        index[i] = i == 0 || r.nextInt(3) > 0 ? r.nextInt(c) : -100;
                    }
                    boolean dense = r.nextInt(3) == 0;
                    INDArray t = dense ? TestArrays.uniform(s + 2, DataType.DOUBLE, 0.0, 1.0, n, c) : Nd4j.createFromArray(index);
                    boolean probabilities = r.nextBoolean();
                    CrossEntropyLoss loss = (probabilities ? CrossEntropyLoss.onProbabilities() : new CrossEntropyLoss())
                            .labelSmoothing(r.nextDouble(0, 0.5));
                    if (r.nextBoolean()) {
                        loss.weight(TestArrays.uniform(s + 1, DataType.DOUBLE, 0.1, 2.0, c));
                    }
                    if (!dense) {
                        loss.ignoreIndex(-100);
                    }
                    INDArray x = TestArrays.uniform(s, DataType.DOUBLE, -3.0, 3.0, n, c);
                    INDArray p = probabilities ? new Softmax().forward(x) : x;
                    String what = loss + " N=" + n + " C=" + c + " seed " + s;
                    GradientCheck.Report report = GradientCheck.checkLoss(loss, t, p);
                    assertTrue(report.passed(), () -> what + "\n" + report);
                    INDArray p32 = p.castTo(DataType.FLOAT);
                    INDArray p64 = p32.castTo(DataType.DOUBLE);
                    assertEquals(loss.forward(t, p64), loss.forward(t, p32), 1e-4 * Math.max(1, Math.abs(loss.forward(t, p64))), what);
                    INDArray g32 = loss.backward(t, p32);
                    assertEquals(DataType.FLOAT, g32.dataType(), what);
                    TestArrays.assertClose(what, loss.backward(t, p64), g32, 1e-4);
                });
    }

    /** ε = 0.5 on two classes: every target row becomes (0.75, 0.25) for class 0, hence ½·(−log p0 − log p1)·… by hand. */
    @Test
    void labelSmoothingMixesTheTargetWithTheUniformDistribution() {
        INDArray t = Nd4j.createFromArray(1, 0);
        double logp00 = Math.log(0.25);
        double logp01 = Math.log(0.75);
        double logp10 = Math.log(0.8);
        double logp11 = Math.log(0.2);
        double expected = -(0.25 * logp00 + 0.75 * logp01 + 0.75 * logp10 + 0.25 * logp11) / 2;
        assertEquals(expected, new CrossEntropyLoss().labelSmoothing(0.5).forward(t, LOGITS), 1e-12);
        INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}});
        assertEquals(expected, new CrossEntropyLoss().labelSmoothing(0.5).forward(oneHot, LOGITS), 1e-12);
        assertEquals("new CrossEntropyLoss().labelSmoothing(0.5)", new CrossEntropyLoss().labelSmoothing(0.5).toString());
        assertEquals("CrossEntropyLoss.onProbabilities().weight([1.0, 2.0]).ignoreIndex(-100)",
                CrossEntropyLoss.onProbabilities().weight(Nd4j.createFromArray(1.0, 2.0)).ignoreIndex(-100).toString());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
    }

    @Test
    void rejectsBadOptionsNamingTheLoss() {
        assertEquals("CrossEntropyLoss: expected labelSmoothing in [0, 1], found 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().labelSmoothing(1.5)).getMessage());
        assertEquals("CrossEntropyLoss(onProbabilities): expected a weight per class, [2] for prediction [2, 2], found [3]",
                assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.onProbabilities().weight(Nd4j.ones(3))
                        .forward(Nd4j.createFromArray(0, 1), LOGITS)).getMessage());
        assertEquals("CrossEntropyLoss: ignoreIndex applies to class indices [N] or [N, 1], found a target shaped like the"
                + " prediction [2, 2]", assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().ignoreIndex(-100)
                        .backward(Nd4j.zeros(2, 2), LOGITS)).getMessage());
        assertEquals("CrossEntropyLoss: class index -100 at target[1] is outside [0, 2) (prediction [2, 2])",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss()
                        .forward(Nd4j.createFromArray(0, -100), LOGITS)).getMessage());
    }

    /** Logits [2, 3, 2] (N, C, d) and their positions as rows [4, 3]: row 2n + d is prediction[n, :, d]. */
    private static final INDArray SPATIAL = Nd4j.createFromArray(new double[][][] {
            {{0.5, -1}, {2, 0}, {-0.5, 1.5}}, {{1, 0.25}, {-2, 3}, {0, -1}}});

    private static INDArray rows(INDArray spatial) {
        return spatial.permute(0, 2, 1).dup('c').reshape(4, 3);
    }

    /** Each position is a sample: the mean over the N·d positions, and the gradient of those rows back in place. */
    @Test
    void perPositionPredictionsAreTheMeanOverEveryPosition() {
        INDArray t = Nd4j.createFromArray(new long[][] {{2, 0}, {1, 1}});
        INDArray flatT = Nd4j.createFromArray(2L, 0L, 1L, 1L);
        for (CrossEntropyLoss loss : new CrossEntropyLoss[] {new CrossEntropyLoss(), CrossEntropyLoss.onProbabilities(),
                new CrossEntropyLoss().weight(Nd4j.createFromArray(0.5, 2.0, 1.0)).ignoreIndex(0).labelSmoothing(0.2)}) {
            INDArray p = loss.isOnProbabilities() ? new Softmax().forward(rows(SPATIAL)).reshape(2, 2, 3).permute(0, 2, 1).dup('c')
                    : SPATIAL;
            assertEquals(loss.forward(flatT, rows(p)), loss.forward(t, p), 1e-14, loss.toString());
            INDArray g = loss.backward(t, p);
            assertArrayEquals(new long[] {2, 3, 2}, g.shape());
            assertTrue(rows(g).equalsWithEps(loss.backward(flatT, rows(p)), 1e-14), loss.toString());
            GradientCheck.assertLossGradients(loss, t, p);
        }
    }

    /** PyTorch's weighted mean: the sum of w[y]·(−log p[y]) over the positions kept, over the sum of their weights. */
    @Test
    void perPositionWeightedMeanDividesByTheWeightsOfThePositionsNotIgnored() {
        INDArray t = Nd4j.createFromArray(new long[][] {{2, -100}, {1, 1}});
        double[] w = {0.5, 2.0, 1.0};
        CrossEntropyLoss loss = new CrossEntropyLoss().weight(Nd4j.createFromArray(w)).ignoreIndex(-100);
        INDArray logp = new LogSoftmax().forward(rows(SPATIAL));
        double expected = -(w[2] * logp.getDouble(0, 2) + w[1] * logp.getDouble(2, 1) + w[1] * logp.getDouble(3, 1)) / (w[2] + 2 * w[1]);
        assertEquals(expected, loss.forward(t, SPATIAL), 1e-14);
        INDArray none = loss.forwardUnreduced(t, SPATIAL);
        assertArrayEquals(new long[] {2, 2}, none.shape());
        assertTrue(Nd4j.createFromArray(new double[][] {{-w[2] * logp.getDouble(0, 2), 0}, {-w[1] * logp.getDouble(2, 1),
                -w[1] * logp.getDouble(3, 1)}}).equalsWithEps(none, 1e-14), none.toString());
    }

    /** forwardUnreduced, PyTorch's reduction='none': [N] for [N, C]; its sum over N (or over Σ w[y]) is forward's mean. */
    @Test
    void unreducedLossesAreThePerSampleLossesBeforeTheMean() {
        INDArray t = Nd4j.createFromArray(1, 0);
        INDArray none = new CrossEntropyLoss().forwardUnreduced(t, LOGITS);
        assertTrue(Nd4j.createFromArray(-Math.log(0.75), -Math.log(0.8)).equalsWithEps(none, 1e-14), none.toString());
        assertEquals(new CrossEntropyLoss().forward(t, LOGITS), none.sumNumber().doubleValue() / 2, 1e-14);
        CrossEntropyLoss weighted = new CrossEntropyLoss().weight(Nd4j.createFromArray(3.0, 0.5)).labelSmoothing(0.3);
        assertEquals(weighted.forward(t, LOGITS), weighted.forwardUnreduced(t, LOGITS).sumNumber().doubleValue() / 3.5, 1e-14);
        INDArray soft = Nd4j.createFromArray(new double[][] {{0.3, 0.7}, {1, 0}});
        assertEquals(weighted.forward(soft, LOGITS), weighted.forwardUnreduced(soft, LOGITS).sumNumber().doubleValue() / 2, 1e-14);
        assertEquals(DataType.FLOAT, new CrossEntropyLoss().forwardUnreduced(t, LOGITS.castTo(DataType.FLOAT)).dataType());
    }

    @Test
    void perPositionTargetsOfAnotherShapeOrClassAreRejectedNamingBothShapes() {
        assertEquals("CrossEntropyLoss: target and prediction shapes differ: target [2, 3], prediction [2, 3, 2]"
                + " (expected class indices [2, 2] or probabilities [2, 3, 2])", assertThrows(IllegalArgumentException.class,
                        () -> new CrossEntropyLoss().forward(Nd4j.zeros(DataType.LONG, 2, 3), SPATIAL)).getMessage());
        assertEquals("CrossEntropyLoss: target and prediction shapes differ: target [2, 3, 2], prediction [2, 3, 2, 1]"
                + " (expected class indices [2, 2, 1] or probabilities [2, 3, 2, 1])", assertThrows(IllegalArgumentException.class,
                        () -> new CrossEntropyLoss().backward(SPATIAL, SPATIAL.reshape(2, 3, 2, 1))).getMessage());
        assertEquals("CrossEntropyLoss: class index 3 at target[1, 0] is outside [0, 3) (prediction [2, 3, 2])",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().ignoreIndex(-100)
                        .forward(Nd4j.createFromArray(new long[][] {{0, -100}, {3, 1}}), SPATIAL)).getMessage());
        assertEquals("CrossEntropyLoss: expected a weight per class, [3] for prediction [2, 3, 2], found [2]",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().weight(Nd4j.ones(2))
                        .forwardUnreduced(Nd4j.zeros(DataType.LONG, 2, 2), SPATIAL)).getMessage());
        assertEquals("CrossEntropyLoss: ignoreIndex applies to class indices [2, 2], found a target shaped like the prediction [2, 3, 2]",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().ignoreIndex(-100)
                        .backward(Nd4j.zeros(2, 3, 2), SPATIAL)).getMessage());
        assertEquals("CrossEntropyLoss: expected every target probability in [0, 1], found 2 at index [0, 1, 1]",
                assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss()
                        .forward(Nd4j.zeros(2, 3, 2).putScalar(new long[] {0, 1, 1}, 2), SPATIAL)).getMessage());
    }
}
