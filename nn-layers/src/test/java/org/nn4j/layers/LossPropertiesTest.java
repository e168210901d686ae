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
 * backward has the prediction's shape and dtype, the value is finite — with both target forms for
 * the classification losses. Every loss rejects an empty batch and an integer prediction by name.
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
                new Case("NLLLoss, class indices [N, 1]", new NLLLoss(),
                        (s, n, c, t) -> new INDArray[] {indices(s, n, c).reshape(n, 1), logProbabilities(s, n, c, t)}),
                new Case("NLLLoss, one-hot", new NLLLoss(),
                        (s, n, c, t) -> new INDArray[] {oneHot(s, n, c, t), logProbabilities(s, n, c, t)}),
                new Case("BCELoss", new BCELoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, 0.05, 0.95, n, c)}),
                new Case("BCEWithLogitsLoss", new BCEWithLogitsLoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, 0.0, 1.0, n, c), TestArrays.uniform(s, t, -5.0, 5.0, n, c)}),
                new Case("MSELoss", new MSELoss(), (s, n, c, t) -> new INDArray[] {
                        TestArrays.uniform(s + 1, t, n, c), TestArrays.uniform(s, t, n, c)})).stream();
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
     * taken in the prediction's dtype (MSELoss, whose target is a prediction too, asks for one dtype, naming both).
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
        if (lossCase.loss() instanceof MSELoss) {
            String differ = "MSELoss: target and prediction dtypes differ: target DOUBLE, prediction FLOAT";
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
