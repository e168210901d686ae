package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.Loss;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.Targets;

/**
 * Every loss over random batch and class sizes: the gradient equals finite differences in float64,
 * backward has the prediction's shape and dtype, the value is finite, float32 agrees with float64 — with both
 * target forms for the classification losses (also per position, [N, C, d1, …]) and each reduction. Every loss rejects an empty batch, an integer
 * prediction and a target of another shape by name.
 */
class LossPropertiesTest {

    private static final int EXAMPLES = 12;

    /** A loss and how to make a (target, prediction) pair for batch n, classes c, from a seed. */
    record Case(String name, Loss loss, Maker maker) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Maker {
        INDArray[] make(long seed, int n, int c, DataType dataType);
    }

    static Stream<Case> cases() {
        return List.of(
                new Case("CrossEntropyLoss, class indices", new CrossEntropyLoss(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c), TestArrays.uniform(s, t, -3.0, 3.0, n, c)}),
                new Case("CrossEntropyLoss, one-hot", new CrossEntropyLoss(),
                        (s, n, c, t) -> new INDArray[] {oneHot(s, n, c, t), TestArrays.uniform(s, t, -3.0, 3.0, n, c)}),
                new Case("CrossEntropyLoss, soft targets", new CrossEntropyLoss(),
                        (s, n, c, t) -> new INDArray[] {TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, -3.0, 3.0, n, c)}),
                new Case("CrossEntropyLoss.onProbabilities, class indices", CrossEntropyLoss.onProbabilities(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c), probabilities(s, n, c, t)}),
                new Case("CrossEntropyLoss.onProbabilities, one-hot", CrossEntropyLoss.onProbabilities(),
                        (s, n, c, t) -> new INDArray[] {oneHot(s, n, c, t), probabilities(s, n, c, t)}),
                new Case("CrossEntropyLoss, ignoreIndex -100 (none ignored), label smoothing 0.1",
                        new CrossEntropyLoss().ignoreIndex(-100).labelSmoothing(0.1),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c), TestArrays.uniform(s, t, -3.0, 3.0, n, c)}),
                new Case("CrossEntropyLoss, soft targets, label smoothing 0.2", new CrossEntropyLoss().labelSmoothing(0.2),
                        (s, n, c, t) -> new INDArray[] {TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, -3.0, 3.0, n, c)}),
                new Case("CrossEntropyLoss.onProbabilities, label smoothing 0.1", CrossEntropyLoss.onProbabilities().labelSmoothing(0.1),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c), probabilities(s, n, c, t)}),
                new Case("NLLLoss, ignoreIndex -100 (none ignored)", new NLLLoss().ignoreIndex(-100),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c), logProbabilities(s, n, c, t)}),
                new Case("NLLLoss, class indices [N, 1]", new NLLLoss(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c).reshape(n, 1), logProbabilities(s, n, c, t)}),
                new Case("NLLLoss, one-hot", new NLLLoss(),
                        (s, n, c, t) -> new INDArray[] {oneHot(s, n, c, t), logProbabilities(s, n, c, t)}),
                new Case("CrossEntropyLoss, per position [N, C, 2, 3], class indices [N, 2, 3]", new CrossEntropyLoss(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, 2, 3, c), TestArrays.uniform(s, t, -3.0, 3.0, n, c, 2, 3)}),
                new Case("CrossEntropyLoss, per position [N, C, 3], soft targets, label smoothing 0.2",
                        new CrossEntropyLoss().labelSmoothing(0.2), (s, n, c, t) -> new INDArray[] {
                                TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c, 3), TestArrays.uniform(s, t, -3.0, 3.0, n, c, 3)}),
                new Case("CrossEntropyLoss, per position [N, C, 4], ignoreIndex -100 (none ignored), label smoothing 0.1",
                        new CrossEntropyLoss().ignoreIndex(-100).labelSmoothing(0.1),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, 4, 1, c).reshape(n, 4), TestArrays.uniform(s, t, -3.0, 3.0, n, c, 4)}),
                new Case("CrossEntropyLoss.onProbabilities, per position [N, C, 3], class indices", CrossEntropyLoss.onProbabilities(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, 3, 1, c).reshape(n, 3),
                                new Softmax().forward(TestArrays.uniform(s, t, -3.0, 3.0, n, c, 3).permute(0, 2, 1).dup('c')
                                        .reshape((long) n * 3, c)).reshape(n, 3, c).permute(0, 2, 1).dup('c')}),
                new Case("NLLLoss, per position [N, C, 2, 3], class indices [N, 2, 3]", new NLLLoss(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, 2, 3, c), TestArrays.uniform(s, t, -5.0, 0.0, n, c, 2, 3)}),
                new Case("BCELoss", new BCELoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, 0.05, 0.95, n, c)}),
                new Case("BCEWithLogitsLoss", new BCEWithLogitsLoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, -5.0, 5.0, n, c)}),
                new Case("MSELoss", new MSELoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, n, c), TestArrays.uniform(s, t, n, c)}),
                new Case("L1Loss", new L1Loss(), (s, n, c, t) -> apart(s, n, c, t, 3)),
                new Case("L1Loss, sum", new L1Loss(Reduction.SUM), (s, n, c, t) -> apart(s, n, c, t, 3)),
                new Case("SmoothL1Loss", new SmoothL1Loss(), (s, n, c, t) -> apart(s, n, c, t, 3)),
                new Case("SmoothL1Loss, beta 0.5, sum", new SmoothL1Loss(0.5, Reduction.SUM), (s, n, c, t) -> apart(s, n, c, t, 2)),
                new Case("SmoothL1Loss, beta 0", new SmoothL1Loss(0), (s, n, c, t) -> apart(s, n, c, t, 2)),
                new Case("HuberLoss", new HuberLoss(), (s, n, c, t) -> apart(s, n, c, t, 3)),
                new Case("HuberLoss, delta 2.5, sum", new HuberLoss(2.5, Reduction.SUM), (s, n, c, t) -> apart(s, n, c, t, 5)),
                new Case("KLDivLoss", new KLDivLoss(), (s, n, c, t) -> new INDArray[] {
                        probabilities(s + 1, n, c, t), logProbabilities(s, n, c, t)}),
                new Case("KLDivLoss, mean, one-hot", new KLDivLoss(Reduction.MEAN), (s, n, c, t) -> new INDArray[] {
                        oneHot(s + 1, n, c, t), logProbabilities(s, n, c, t)}),
                new Case("KLDivLoss, sum", new KLDivLoss(Reduction.SUM), (s, n, c, t) -> new INDArray[] {
                        probabilities(s + 1, n, c, t), logProbabilities(s, n, c, t)}),
                new Case("KLDivLoss, log target", new KLDivLoss(Reduction.BATCH_MEAN, true), (s, n, c, t) -> new INDArray[] {
                        logProbabilities(s + 1, n, c, t), logProbabilities(s, n, c, t)})).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferencesAndShapesAndValuesAreSane(Case lossCase) {
        long seed = TestArrays.testSeed("LossProperties " + lossCase.name());
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().between(0, Long.MAX_VALUE / 2))
                .checkAssert((n, c, s) -> {
                    String what = lossCase.name() + " N=" + n + " C=" + c + " seed " + s;
                    INDArray[] tp = lossCase.maker().make(s, n, c, DataType.DOUBLE);
                    GradientCheck.Report report = GradientCheck.checkLoss(lossCase.loss(), tp[0], tp[1]);
                    assertTrue(report.passed(), () -> what + "\n" + report);
                    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                        INDArray[] typed = lossCase.maker().make(s, n, c, t);
                        double value = lossCase.loss().forward(typed[0], typed[1]);
                        assertTrue(Double.isFinite(value), () -> what + ": loss " + value);
                        INDArray grad = lossCase.loss().backward(typed[0], typed[1]);
                        assertArrayEquals(typed[1].shape(), grad.shape(), what);
                        assertEquals(t, grad.dataType(), what);
                    }
                });
    }

    /**
     * float32 gives float64's value and dL/dprediction within 1e-4 (relative to max(1, |float64 value|)) on the same
     * numbers: the float64 case rounded to float32, in either dtype.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32AgreesWithFloat64(Case lossCase) {
        long seed = TestArrays.testSeed("LossProperties float32 " + lossCase.name());
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().between(0, Long.MAX_VALUE / 2))
                .checkAssert((n, c, s) -> {
                    String what = lossCase.name() + " N=" + n + " C=" + c + " seed " + s;
                    INDArray[] tp = lossCase.maker().make(s, n, c, DataType.DOUBLE);
                    INDArray t32 = tp[0].dataType().isFPType() ? tp[0].castTo(DataType.FLOAT) : tp[0];
                    INDArray p32 = tp[1].castTo(DataType.FLOAT);
                    INDArray t64 = tp[0].dataType().isFPType() ? t32.castTo(DataType.DOUBLE) : tp[0];
                    INDArray p64 = p32.castTo(DataType.DOUBLE);
                    double v64 = lossCase.loss().forward(t64, p64);
                    double v32 = lossCase.loss().forward(t32, p32);
                    assertEquals(v64, v32, 1e-4 * Math.max(1, Math.abs(v64)), what + ": loss");
                    TestArrays.assertClose(what + ": dL/dprediction", lossCase.loss().backward(t64, p64),
                            lossCase.loss().backward(t32, p32), 1e-4);
                });
    }

    /**
     * An empty batch (N = 0) is rejected by forward and backward, naming the loss and the shape: PyTorch returns NaN, the
     * mean of nothing, which a training step would only reject afterwards without saying why.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anEmptyBatchIsRejectedNamingTheLoss(Case lossCase) {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray[] one = lossCase.maker().make(1, 1, 3, t);
            INDArray target = Nd4j.create(one[0].dataType(), withEmptyBatch(one[0].shape()));
            INDArray prediction = Nd4j.create(t, 0, 3);
            String expected = messageName(lossCase.loss()) + ": empty batch: prediction [0, 3] has no elements to average"
                    + " over; skip empty batches";
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> lossCase.loss().forward(target, prediction)).getMessage(), lossCase + " " + t);
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> lossCase.loss().backward(target, prediction)).getMessage(), lossCase + " " + t);
        }
    }

    /**
     * An integer prediction is rejected naming the loss and the dtype; a float64 target with a float32 prediction is
     * taken in the prediction's dtype (MSELoss, L1Loss, SmoothL1Loss and HuberLoss, whose target is a prediction too, ask
     * for one dtype, naming both).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mixedDtypesAreRejectedOrTakenInThePredictionsDtype(Case lossCase) {
        INDArray[] tp = lossCase.maker().make(3, 4, 3, DataType.FLOAT);
        INDArray integers = tp[1].castTo(DataType.INT);
        String name = messageName(lossCase.loss());
        String expected = name + ": expected a floating-point prediction, found INT";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> lossCase.loss().forward(tp[0], integers)).getMessage(), lossCase.name());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> lossCase.loss().backward(tp[0], integers)).getMessage(), lossCase.name());
        INDArray target64 = tp[0].castTo(DataType.DOUBLE);
        if (isRegression(lossCase.loss())) {
            String differ = name + ": target and prediction dtypes differ: target DOUBLE, prediction FLOAT";
            assertEquals(differ, assertThrows(IllegalArgumentException.class,
                    () -> lossCase.loss().forward(target64, tp[1])).getMessage());
            assertEquals(differ, assertThrows(IllegalArgumentException.class,
                    () -> lossCase.loss().backward(target64, tp[1])).getMessage());
            return;
        }
        assertEquals(lossCase.loss().forward(tp[0], tp[1]), lossCase.loss().forward(target64, tp[1]), 1e-6, lossCase.name());
        INDArray grad = lossCase.loss().backward(target64, tp[1]);
        assertEquals(DataType.FLOAT, grad.dataType(), lossCase.name());
        assertEquals(lossCase.loss().backward(tp[0], tp[1]), grad, lossCase.name());
    }

    /**
     * A prediction and a target of another shape (the transpose, or one more column when square) are rejected by
     * forward and backward, naming the loss and both shapes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aTargetOfAnotherShapeIsRejectedNamingTheLossAndBothShapes(Case lossCase) {
        if (!isRegression(lossCase.loss()) && !(lossCase.loss() instanceof KLDivLoss) && !(lossCase.loss() instanceof BCELoss)
                && !(lossCase.loss() instanceof BCEWithLogitsLoss)) {
            return; // the classification losses also take class indices: CrossEntropyLossTest and NLLLossTest hold their messages
        }
        INDArray[] tp = lossCase.maker().make(5, 4, 3, DataType.DOUBLE);
        INDArray target = tp[0].transpose().dup();
        String expected = messageName(lossCase.loss()) + ": target and prediction shapes differ: target [3, 4], prediction [4, 3]";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> lossCase.loss().forward(target, tp[1])).getMessage(), lossCase.name());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> lossCase.loss().backward(target, tp[1])).getMessage(), lossCase.name());
    }

    /** The losses whose target is a value of the prediction's kind, taken only in the prediction's dtype. */
    private static boolean isRegression(Loss loss) {
        return loss instanceof MSELoss || loss instanceof L1Loss || loss instanceof SmoothL1Loss || loss instanceof HuberLoss;
    }

    /**
     * (target, prediction) with every |prediction − target| in [0.05, {@code spread}): away from L1's kink at 0, so that
     * finite differences do not straddle it.
     */
    private static INDArray[] apart(long seed, int n, int c, DataType dataType, double spread) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] t = new double[n * c];
        double[] p = new double[n * c];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextDouble(-2, 2);
            double d = random.nextDouble(0.05, spread);
            p[i] = t[i] + (random.nextBoolean() ? d : -d);
        }
        return new INDArray[] {Nd4j.createFromArray(t).reshape(n, c).castTo(dataType), Nd4j.createFromArray(p).reshape(n, c).castTo(dataType)};
    }

    private static long[] withEmptyBatch(long[] shape) {
        long[] s = shape.clone();
        s[0] = 0;
        return s;
    }

    /** How a loss names itself in its messages. */
    private static String messageName(Loss loss) {
        return loss instanceof CrossEntropyLoss ce && ce.isOnProbabilities() ? "CrossEntropyLoss(onProbabilities)"
                : loss.getClass().getSimpleName();
    }

    private static INDArray indices(long seed, int n, int c) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(c);
        }
        return Nd4j.createFromArray(v);
    }

    /** Class indices {@code [n, d1, d2]}, each in [0, c). */
    private static INDArray indices(long seed, int n, int d1, int d2, int c) {
        return indices(seed, n * d1 * d2, c).reshape(n, d1, d2);
    }

    private static INDArray oneHot(long seed, int n, int c, DataType dataType) {
        return Targets.dense("test", indices(seed, n, c), Nd4j.zeros(dataType, n, c));
    }

    private static INDArray probabilities(long seed, int n, int c, DataType dataType) {
        return new Softmax().forward(TestArrays.uniform(seed, dataType, -3.0, 3.0, n, c));
    }

    private static INDArray logProbabilities(long seed, int n, int c, DataType dataType) {
        return new LogSoftmax().forward(TestArrays.uniform(seed, dataType, -3.0, 3.0, n, c));
    }
}
