package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Loss;
import org.nn4j.core.io.Npz;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.BCELoss;
import org.nn4j.layers.BCEWithLogitsLoss;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.HuberLoss;
import org.nn4j.layers.KLDivLoss;
import org.nn4j.layers.L1Loss;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.NLLLoss;
import org.nn4j.layers.Reduction;
import org.nn4j.layers.SmoothL1Loss;

/**
 * Every loss in both forms, on the CPU: the host loop and the ND4J ops that every other backend takes
 * ({@link LossOps}). They must give the same value and dL/dprediction — within 1e-12 in float64 and 1e-5
 * in float32, relative to max(1, |host value|) — over random shapes and targets with extreme inputs mixed
 * in (logits ±1000, probabilities 0, 1 and below the 1e-12 floor), on PyTorch's fixtures and for NaN, and
 * throw the same messages for invalid targets; also per position ([N, C, d1, …]). (NLLLoss, MSELoss, BCEWithLogitsLoss, L1Loss, SmoothL1Loss, HuberLoss
 * and KLDivLoss have only the ops form: they are here so that a host form added later is held to it.)
 */
class LossOpsTest {

    private static final int EXAMPLES = 40;
    private static final double[] LOGITS = {1000, -1000};
    private static final double[] PROBABILITIES = {0, 1, 1e-13, 1e-300, 1 - 1e-7};
    private static final double[] ZERO_ONE = {0, 1};

    /** A loss and how to make a valid (target, prediction) pair for batch n and classes c. */
    record Case(String name, Supplier<Loss> loss, Maker maker) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Maker {
        INDArray[] make(SplittableRandom random, int n, int c, DataType dataType);
    }

    static Stream<Case> cases() {
        return List.of(
                new Case("CrossEntropyLoss, class indices [N] int64", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n, c), uniform(r, t, -3, 3, LOGITS, n, c)}),
                new Case("CrossEntropyLoss, class indices [N, 1] int32", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n, c).castTo(DataType.INT).reshape(n, 1),
                                uniform(r, t, -3, 3, LOGITS, n, c)}),
                new Case("CrossEntropyLoss, class indices [N] floating point", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n, c).castTo(t), uniform(r, t, -3, 3, LOGITS, n, c)}),
                new Case("CrossEntropyLoss, one-hot", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {oneHot(r, n, c, t), uniform(r, t, -3, 3, LOGITS, n, c)}),
                new Case("CrossEntropyLoss, soft targets", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, n, c), uniform(r, t, -3, 3, LOGITS, n, c)}),
                new Case("CrossEntropyLoss.onProbabilities, class indices", CrossEntropyLoss::onProbabilities,
                        (r, n, c, t) -> new INDArray[] {indices(r, n, c), uniform(r, t, 0, 1, PROBABILITIES, n, c)}),
                new Case("CrossEntropyLoss.onProbabilities, one-hot", CrossEntropyLoss::onProbabilities,
                        (r, n, c, t) -> new INDArray[] {oneHot(r, n, c, t), uniform(r, t, 0, 1, PROBABILITIES, n, c)}),
                new Case("CrossEntropyLoss.onProbabilities, soft targets", CrossEntropyLoss::onProbabilities,
                        (r, n, c, t) -> new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, n, c), uniform(r, t, 0, 1, PROBABILITIES, n, c)}),
                new Case("NLLLoss, class indices [N, 1]", NLLLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n, c).reshape(n, 1), uniform(r, t, -5, 0, new double[] {-1000, 0}, n, c)}),
                new Case("NLLLoss, one-hot", NLLLoss::new,
                        (r, n, c, t) -> new INDArray[] {oneHot(r, n, c, t), uniform(r, t, -5, 0, new double[] {-1000, 0}, n, c)}),
                new Case("CrossEntropyLoss, per position [N, C, 2, 3], class indices", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n * 6, c).reshape(n, 2, 3), uniform(r, t, -3, 3, LOGITS, n, c, 2, 3)}),
                new Case("CrossEntropyLoss, per position [N, C, 3], soft targets", CrossEntropyLoss::new,
                        (r, n, c, t) -> new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, n, c, 3), uniform(r, t, -3, 3, LOGITS, n, c, 3)}),
                new Case("CrossEntropyLoss.onProbabilities, per position [N, C, 3], class indices", CrossEntropyLoss::onProbabilities,
                        (r, n, c, t) -> new INDArray[] {indices(r, n * 3, c).reshape(n, 3), uniform(r, t, 0, 1, PROBABILITIES, n, c, 3)}),
                new Case("NLLLoss, per position [N, C, 3], class indices", NLLLoss::new,
                        (r, n, c, t) -> new INDArray[] {indices(r, n * 3, c).reshape(n, 3), uniform(r, t, -5, 0, new double[] {-1000, 0}, n, c, 3)}),
                new Case("BCELoss, any shape", BCELoss::new, (r, n, c, t) -> {
                    long[] shape = anyShape(r, n, c);
                    return new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, shape), uniform(r, t, 0, 1, PROBABILITIES, shape)};
                }),
                new Case("BCEWithLogitsLoss, any shape", BCEWithLogitsLoss::new, (r, n, c, t) -> {
                    long[] shape = anyShape(r, n, c);
                    return new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, shape),
                            uniform(r, t, -5, 5, new double[] {1000, -1000, 30, -30}, shape)};
                }),
                new Case("MSELoss, any shape", MSELoss::new, (r, n, c, t) -> {
                    long[] shape = anyShape(r, n, c);
                    return new INDArray[] {uniform(r, t, -1, 1, new double[] {1e6}, shape),
                            uniform(r, t, -1, 1, new double[] {-1e6}, shape)};
                }),
                new Case("L1Loss, any shape", L1Loss::new, (r, n, c, t) -> regression(r, n, c, t)),
                new Case("SmoothL1Loss beta 0.5, any shape", () -> new SmoothL1Loss(0.5), (r, n, c, t) -> regression(r, n, c, t)),
                new Case("SmoothL1Loss beta 0, sum, any shape", () -> new SmoothL1Loss(0, Reduction.SUM), (r, n, c, t) -> regression(r, n, c, t)),
                new Case("HuberLoss, any shape", HuberLoss::new, (r, n, c, t) -> regression(r, n, c, t)),
                new Case("KLDivLoss, any shape", KLDivLoss::new, (r, n, c, t) -> {
                    long[] shape = anyShape(r, n, c);
                    return new INDArray[] {uniform(r, t, 0, 1, ZERO_ONE, shape), uniform(r, t, -5, 0, new double[] {-1000, 0}, shape)};
                }),
                new Case("KLDivLoss, log target, sum, any shape", () -> new KLDivLoss(Reduction.SUM, true), (r, n, c, t) -> {
                    long[] shape = anyShape(r, n, c);
                    return new INDArray[] {uniform(r, t, -5, 0, new double[] {-1000, 0}, shape), uniform(r, t, -5, 0, new double[] {-1000, 0}, shape)};
                })).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void opsFormGivesTheHostFormsValueAndGradient(Case lossCase) {
        long seed = TestArrays.testSeed("LossOpsTest " + lossCase.name());
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().all())
                .checkAssert((n, c, s) -> {
                    for (DataType dataType : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                        INDArray[] tp = lossCase.maker().make(new SplittableRandom(s), n, c, dataType);
                        assertBothFormsAgree(lossCase.loss().get(), tp[0], tp[1],
                                lossCase.name() + " " + dataType + " N=" + n + " C=" + c + " seed " + s);
                    }
                });
    }

    @Test
    void opsFormsMatchPyTorchOnTheReferenceFixtures() {
        Map<String, Supplier<Loss>> fixtures = Map.ofEntries(
                Map.entry("loss_ce_indices_4x3", CrossEntropyLoss::new),
                Map.entry("loss_ce_indices_1x5", CrossEntropyLoss::new),
                Map.entry("loss_ce_indices_7x2", CrossEntropyLoss::new),
                Map.entry("loss_ce_onehot_5x4", CrossEntropyLoss::new),
                Map.entry("loss_ce_soft_3x6", CrossEntropyLoss::new),
                Map.entry("loss_ce_large_indices_5x3", CrossEntropyLoss::new),
                Map.entry("loss_ce_large_onehot_4x3", CrossEntropyLoss::new),
                Map.entry("loss_ce_probs_indices_6x4", CrossEntropyLoss::onProbabilities),
                Map.entry("loss_ce_probs_onehot_3x5", CrossEntropyLoss::onProbabilities),
                Map.entry("loss_nll_indices_5x4", NLLLoss::new),
                Map.entry("loss_nll_indices_1x3", NLLLoss::new),
                Map.entry("loss_ce_spatial_indices_3x4x2x5", CrossEntropyLoss::new),
                Map.entry("loss_ce_spatial_soft_3x4x5", CrossEntropyLoss::new),
                Map.entry("loss_ce_probs_spatial_indices_2x4x3", CrossEntropyLoss::onProbabilities),
                Map.entry("loss_nll_spatial_3x3x2x2", NLLLoss::new),
                Map.entry("loss_bce_4x3", BCELoss::new),
                Map.entry("loss_bce_5x1", BCELoss::new),
                Map.entry("loss_bce_edges_2x3", BCELoss::new),
                Map.entry("loss_bcelogits_4x3", BCEWithLogitsLoss::new),
                Map.entry("loss_bcelogits_large_2x4", BCEWithLogitsLoss::new),
                Map.entry("loss_bcelogits_1x1", BCEWithLogitsLoss::new),
                Map.entry("loss_l1_5x3", L1Loss::new),
                Map.entry("loss_l1_sum_2x3x4", () -> new L1Loss(Reduction.SUM)),
                Map.entry("loss_smoothl1_4x5", SmoothL1Loss::new),
                Map.entry("loss_smoothl1_beta0_3x4", () -> new SmoothL1Loss(0)),
                Map.entry("loss_huber_delta2.5_sum_3x2x3", () -> new HuberLoss(2.5, Reduction.SUM)),
                Map.entry("loss_kldiv_batchmean_4x5", KLDivLoss::new),
                Map.entry("loss_kldiv_logtarget_sum_3x4", () -> new KLDivLoss(Reduction.SUM, true)));
        fixtures.forEach((name, loss) -> {
            Map<String, INDArray> f = fixture(name);
            INDArray target = f.get("target").castTo(DataType.DOUBLE);
            INDArray prediction = f.get("prediction").castTo(DataType.DOUBLE);
            assertBothFormsAgree(loss.get(), target, prediction, name);
            double value = withOpsForms(() -> loss.get().forward(target, prediction));
            assertEquals(f.get("loss").getDouble(0), value, 1e-5, name + " loss");
            INDArray grad = withOpsForms(() -> loss.get().backward(target, prediction));
            double diff = f.get("grad_prediction").castTo(DataType.DOUBLE).sub(grad).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5, name + " grad_prediction: max |difference| " + diff);
        });
    }

    /** ND4J's scalar max turns NaN into the floor; the ops forms must not (a NaN loss rejects the step). */
    @Test
    void aNaNPredictionGivesANaNLossInBothForms() {
        INDArray indices = Nd4j.createFromArray(1, 0);
        INDArray logits = Nd4j.createFromArray(new double[][] {{0.5, Double.NaN, 1}, {2, 0, -1}});
        INDArray probabilities = Nd4j.createFromArray(new double[][] {{Double.NaN, 0.5, 0.5}, {0.2, 0.3, 0.5}});
        INDArray target = Nd4j.createFromArray(new double[][] {{0, 1, 0.5}, {1, 0, 0}});
        List<Object[]> cases = List.of(
                new Object[] {new CrossEntropyLoss(), indices, logits},
                new Object[] {CrossEntropyLoss.onProbabilities(), indices, probabilities},
                new Object[] {new NLLLoss(), indices, logits},
                new Object[] {new BCELoss(), target, probabilities},
                new Object[] {new BCEWithLogitsLoss(), target, logits},
                new Object[] {new MSELoss(), target, logits},
                new Object[] {new L1Loss(), target, logits},
                new Object[] {new SmoothL1Loss(), target, logits},
                new Object[] {new HuberLoss(), target, logits},
                new Object[] {new KLDivLoss(), target, logits});
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            INDArray t = (INDArray) c[1];
            INDArray p = (INDArray) c[2];
            assertTrue(Double.isNaN(loss.forward(t, p)), loss + " host form");
            assertTrue(Double.isNaN(withOpsForms(() -> loss.forward(t, p))), loss + " ops form");
            assertBothFormsAgree(loss, t, p, loss + " with NaN");
        }
        INDArray large = Nd4j.rand(DataType.DOUBLE, 1 << 16);
        large.putScalar(5, Double.NaN);
        assertTrue(Double.isNaN(new BCELoss().forward(large.rsub(1), large)), "BCELoss of 2^16 elements (ops form on the CPU too)");
    }

    /** The invalid inputs of the losses' own tests: the same exception and message in either form. */
    @Test
    void invalidTargetsAndPredictionsGiveTheSameMessageInBothForms() {
        List<Object[]> cases = List.of(
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(0, 2, 1, 5), Nd4j.zeros(4, 5)},
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(-1, 0), Nd4j.zeros(2, 3)},
                new Object[] {CrossEntropyLoss.onProbabilities(), Nd4j.createFromArray(0.0, 1.5), Nd4j.zeros(2, 3)},
                new Object[] {CrossEntropyLoss.onProbabilities(), Nd4j.createFromArray(0.0, Double.NaN), Nd4j.zeros(2, 3)},
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(0, 1, 2), Nd4j.zeros(4, 5)},
                new Object[] {new CrossEntropyLoss(), Nd4j.zeros(4, 5), Nd4j.zeros(4)},
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(0, 1), Nd4j.createFromArray(new int[][] {{0, 1}, {1, 0}})},
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(new double[][] {{0, 1}, {2, 0}}), Nd4j.zeros(2, 2)},
                new Object[] {new NLLLoss(), Nd4j.createFromArray(3), Nd4j.zeros(1, 3)},
                new Object[] {new CrossEntropyLoss(), Nd4j.zeros(DataType.LONG, 2, 4), Nd4j.zeros(2, 3, 5)},
                new Object[] {new CrossEntropyLoss(), Nd4j.createFromArray(new long[][] {{0, 1}, {3, 2}}), Nd4j.zeros(2, 3, 2)},
                new Object[] {CrossEntropyLoss.onProbabilities(), Nd4j.zeros(2, 3, 2).addi(1.5), Nd4j.zeros(2, 3, 2)},
                new Object[] {new NLLLoss(), Nd4j.zeros(2, 5), Nd4j.zeros(2, 3, 4)},
                new Object[] {new NLLLoss(), Nd4j.zeros(2, 4), Nd4j.zeros(2, 3)},
                new Object[] {new BCELoss(), Nd4j.createFromArray(new double[][] {{0, 1}, {1, 1.5}}), Nd4j.zeros(2, 2)},
                new Object[] {new BCELoss(), Nd4j.createFromArray(-1.0), Nd4j.zeros(1)},
                new Object[] {new BCELoss(), Nd4j.zeros(3), Nd4j.createFromArray(0.5, 2.0, 0.1)},
                new Object[] {new BCELoss(), Nd4j.zeros(4), Nd4j.zeros(4, 1)},
                new Object[] {new BCEWithLogitsLoss(), Nd4j.createFromArray(0.5, 3.0), Nd4j.zeros(2)},
                new Object[] {new BCEWithLogitsLoss(), Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)},
                new Object[] {new MSELoss(), Nd4j.zeros(4, 1), Nd4j.zeros(4, 2)},
                new Object[] {new MSELoss(), Nd4j.zeros(DataType.FLOAT, 4, 1), Nd4j.zeros(DataType.DOUBLE, 4, 1)},
                new Object[] {new L1Loss(), Nd4j.zeros(4, 1), Nd4j.zeros(4, 2)},
                new Object[] {new SmoothL1Loss(), Nd4j.zeros(DataType.FLOAT, 4, 1), Nd4j.zeros(DataType.DOUBLE, 4, 1)},
                new Object[] {new HuberLoss(), Nd4j.zeros(3), Nd4j.zeros(DataType.INT, 3)},
                new Object[] {new KLDivLoss(), Nd4j.createFromArray(0.5, -0.5), Nd4j.zeros(2)},
                new Object[] {new KLDivLoss(), Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)});
        for (Object[] c : cases) {
            assertSameErrorInBothForms((Loss) c[0], (INDArray) c[1], (INDArray) c[2]);
        }
    }

    @Test
    void aBadTargetAnywhereGivesTheSameMessageInBothForms() {
        qt().withFixedSeed(TestArrays.testSeed("LossOpsTest bad targets")).withExamples(EXAMPLES).withShrinkCycles(0)
                .forAll(integers().between(1, 9), integers().between(1, 7), longs().all())
                .checkAssert((n, c, s) -> {
                    SplittableRandom r = new SplittableRandom(s);
                    int at = r.nextInt(n);
                    double[] bad = {c, -1, c + 3, 0.5, Double.NaN};
                    INDArray index = indices(r, n, c).castTo(DataType.DOUBLE);
                    index.putScalar(at, bad[r.nextInt(bad.length)]);
                    INDArray probability = uniform(r, DataType.DOUBLE, 0, 1, ZERO_ONE, n, c);
                    probability.putScalar(at, r.nextInt(c), r.nextBoolean() ? 1.25 : -0.5);
                    INDArray logits = uniform(r, DataType.DOUBLE, -3, 3, LOGITS, n, c);
                    INDArray p = uniform(r, DataType.DOUBLE, 0, 1, PROBABILITIES, n, c);
                    for (Loss loss : new Loss[] {new CrossEntropyLoss(), CrossEntropyLoss.onProbabilities(), new NLLLoss()}) {
                        assertSameErrorInBothForms(loss, index, loss instanceof NLLLoss ? logits.neg() : p);
                        assertSameErrorInBothForms(loss, probability, p);
                    }
                    assertSameErrorInBothForms(new BCELoss(), probability, p);
                    assertSameErrorInBothForms(new BCELoss(), p, probability);
                    assertSameErrorInBothForms(new BCEWithLogitsLoss(), probability, logits);
                });
    }

    /** Host form, then ops form: value, gradient (shape, dtype, elements) and arguments left as they were. */
    private static void assertBothFormsAgree(Loss loss, INDArray target, INDArray prediction, String what) {
        double tolerance = prediction.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        double[] targetBefore = Host.values(target);
        double[] predictionBefore = Host.values(prediction);
        double hostValue = loss.forward(target, prediction);
        INDArray hostGrad = loss.backward(target, prediction);
        double opsValue = withOpsForms(() -> loss.forward(target, prediction));
        INDArray opsGrad = withOpsForms(() -> loss.backward(target, prediction));
        assertClose(hostValue, opsValue, tolerance, what + ": loss");
        assertArrayEquals(hostGrad.shape(), opsGrad.shape(), what + ": gradient shape");
        assertEquals(hostGrad.dataType(), opsGrad.dataType(), what + ": gradient dtype");
        double[] h = Host.values(hostGrad);
        double[] o = Host.values(opsGrad);
        for (int i = 0; i < h.length; i++) {
            assertClose(h[i], o[i], tolerance, what + ": gradient element " + i);
        }
        assertArrayEquals(targetBefore, Host.values(target), what + ": target modified");
        assertArrayEquals(predictionBefore, Host.values(prediction), what + ": prediction modified");
    }

    private static void assertClose(double host, double ops, double tolerance, String what) {
        boolean same = Double.compare(host, ops) == 0 || Math.abs(host - ops) <= tolerance * Math.max(1, Math.abs(host));
        assertTrue(same, () -> what + ": host form " + host + ", ops form " + ops);
    }

    private static void assertSameErrorInBothForms(Loss loss, INDArray target, INDArray prediction) {
        String what = loss + " target " + target + " prediction " + prediction;
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> loss.forward(target, prediction), what);
        IllegalArgumentException ops = assertThrows(IllegalArgumentException.class,
                () -> withOpsForms(() -> loss.forward(target, prediction)), what);
        assertEquals(host.getMessage(), ops.getMessage(), what + " forward");
        host = assertThrows(IllegalArgumentException.class, () -> loss.backward(target, prediction), what);
        ops = assertThrows(IllegalArgumentException.class, () -> withOpsForms(() -> loss.backward(target, prediction)), what);
        assertEquals(host.getMessage(), ops.getMessage(), what + " backward");
    }

    private static <T> T withOpsForms(Supplier<T> body) {
        LossOps.forced = true;
        try {
            return body.get();
        } finally {
            LossOps.forced = false;
        }
    }

    /** Uniform in [low, high), each element replaced by one of {@code extremes} with probability 1/4. */
    private static INDArray uniform(SplittableRandom r, DataType dataType, double low, double high, double[] extremes, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        double[] v = new double[(int) length];
        for (int i = 0; i < v.length; i++) {
            v[i] = extremes.length > 0 && r.nextInt(4) == 0 ? extremes[r.nextInt(extremes.length)] : r.nextDouble(low, high);
        }
        return Nd4j.createFromArray(v).reshape(shape).castTo(dataType);
    }

    private static INDArray indices(SplittableRandom r, int n, int c) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(c);
        }
        return Nd4j.createFromArray(v);
    }

    private static INDArray oneHot(SplittableRandom r, int n, int c, DataType dataType) {
        return Targets.dense("test", indices(r, n, c), Nd4j.zeros(dataType, n, c));
    }

    /** A target and a prediction of one shape, with predictions of ±1e6 and targets equal to their prediction mixed in. */
    private static INDArray[] regression(SplittableRandom r, int n, int c, DataType dataType) {
        long[] shape = anyShape(r, n, c);
        INDArray target = uniform(r, dataType, -2, 2, new double[0], shape);
        INDArray prediction = uniform(r, dataType, -3, 3, new double[] {1e6, -1e6}, shape);
        INDArray same = uniform(r, DataType.DOUBLE, 0, 1, new double[0], shape).lt(0.25).castTo(dataType);
        return new INDArray[] {target, prediction.muli(same.rsub(1)).addi(target.mul(same))};
    }

    /** [n], [n, c] or [n, c, 2]. */
    private static long[] anyShape(SplittableRandom r, int n, int c) {
        return switch (r.nextInt(3)) {
            case 0 -> new long[] {n};
            case 1 -> new long[] {n, c};
            default -> new long[] {n, c, 2};
        };
    }

    private static Map<String, INDArray> fixture(String name) {
        try (InputStream in = LossOpsTest.class.getResourceAsStream("/reference/" + name + ".npz")) {
            assertNotNull(in, "missing fixture " + name);
            return Npz.read(in, name + ".npz");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
