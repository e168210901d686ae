package org.nn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.Parameter;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientClipping;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.optim.LinearLR;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.core.optim.RMSprop;
import org.nn4j.core.testing.Affine;
import org.nn4j.core.testing.MeanSquaredError;
import org.nn4j.core.testing.TestArrays;

/** Gradient accumulation against big batches, schedules stepped per iteration, clipping in the step (float64). */
class AccumulationScheduleClippingTest {

    private static final List<Supplier<Optimizer>> OPTIMIZERS = List.of(() -> new GradientDescent(0.1, 0.9),
            () -> new Adam(0.05), () -> new RMSprop(0.01).momentum(0.5).centered(true));

    private static Trainer quiet(Affine net, Optimizer optimizer) {
        return new Trainer(net, new MeanSquaredError(), optimizer).accuracy(false).restoreBest(false)
                .progress(Progress.NONE);
    }

    private static DataLoader inOrder(INDArray x, INDArray y, int batch) {
        return new DataLoader(x, y, batch, false, false, 0);
    }

    /**
     * k micro-batches of b samples train as one batch of k·b: the same parameters after 3 epochs, to
     * rounding. With n = 26 the last big batch has 2 samples and the last group 1 micro-batch, which the
     * epoch's end applies as its mean: still the same.
     */
    @ParameterizedTest
    @CsvSource({"0, 24, 4, 2", "1, 24, 4, 2", "2, 24, 3, 4", "0, 26, 4, 2", "1, 26, 4, 2", "1, 21, 2, 3"})
    void kMicroBatchesOfSizeBTrainAsOneBatchOfKB(int optimizer, int n, int k, int b) {
        INDArray x = TestArrays.uniform(31, DataType.DOUBLE, n, 3);
        INDArray y = TestArrays.uniform(32, DataType.DOUBLE, n, 2);
        Affine big = new Affine(3, 2, 5, DataType.DOUBLE);
        Affine micro = new Affine(3, 2, 5, DataType.DOUBLE);
        quiet(big, OPTIMIZERS.get(optimizer).get()).fit(inOrder(x, y, k * b), 3);
        Trainer t = quiet(micro, OPTIMIZERS.get(optimizer).get()).accumulate(k);
        History h = t.fit(inOrder(x, y, b), 3);
        for (int i = 0; i < 2; i++) {
            double[] expected = flat(big.parameters().get(i).value());
            assertArrayEquals(expected, flat(micro.parameters().get(i).value()), 1e-12, "parameter " + i);
            assertFalse(java.util.Arrays.equals(expected, flat(new Affine(3, 2, 5, DataType.DOUBLE).parameters().get(i)
                    .value())), "it trained");
        }
        assertEquals(3, h.size());
    }

    private static double[] flat(INDArray a) {
        return a.reshape(a.length()).toDoubleVector();
    }

    @Test
    void optimUpdatesOnEveryKthStepAndFlushesTheRest() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 4, 3);
        INDArray y = TestArrays.uniform(2, DataType.DOUBLE, 4, 2);
        Affine net = new Affine(3, 2, 3, DataType.DOUBLE);
        Optim optim = new Optim(net, new MeanSquaredError(), new GradientDescent(0.1)).accumulate(3);
        INDArray before = net.parameters().get(0).value().dup();
        List<Boolean> updated = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            optim.step(x, y);
            updated.add(optim.lastStepUpdated());
            assertEquals((i + 1) % 3, optim.pending());
        }
        assertEquals(List.of(false, false, true, false, false), updated);
        assertTrue(optim.flush());
        assertEquals(0, optim.pending());
        assertFalse(optim.flush(), "nothing pending");
        assertFalse(before.equals(net.parameters().get(0).value()));
        for (Parameter p : net.parameters()) {
            assertEquals(0.0, p.grad().amaxNumber().doubleValue(), "gradients zeroed after the update");
        }
    }

    /** With clipping in Optim the parameters are those of backward, GradientClipping.clipGradNorm, step by hand. */
    @Test
    void optimClipsBeforeTheUpdateAndRecordsTheNorm() {
        INDArray x = TestArrays.uniform(3, DataType.DOUBLE, 6, 3);
        INDArray y = TestArrays.uniform(4, DataType.DOUBLE, 6, 2).muli(10);
        Affine a = new Affine(3, 2, 7, DataType.DOUBLE);
        Affine b = new Affine(3, 2, 7, DataType.DOUBLE);
        Optim optim = new Optim(a, new MeanSquaredError(), new GradientDescent(0.1)).clipGradValue(2).clipGradNorm(0.5, 1);
        assertTrue(Double.isNaN(optim.lastGradNorm()), "no update yet");
        GradientDescent byHand = new GradientDescent(0.1);
        for (int i = 0; i < 3; i++) {
            optim.step(x, y);
            MeanSquaredError loss = new MeanSquaredError();
            INDArray p = b.forward(x);
            b.backward(x, loss.backward(y, p), false);
            GradientClipping.clipGradValue(b.parameters(), 2);
            double norm = GradientClipping.clipGradNorm(b.parameters(), 0.5, 1);
            byHand.step(b.parameters());
            b.zeroGrad();
            assertEquals(norm, optim.lastGradNorm(), 0, "step " + i);
            assertTrue(norm > 0.5, "it clipped: " + norm);
        }
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(flat(b.parameters().get(i).value()), flat(a.parameters().get(i).value()), 0);
        }
    }

    @Test
    void theHistoryHoldsEachEpochsMeanGradientNorm() {
        INDArray x = TestArrays.uniform(5, DataType.DOUBLE, 12, 3);
        INDArray y = TestArrays.uniform(6, DataType.DOUBLE, 12, 2);
        List<Double> norms = new ArrayList<>();
        Trainer t = quiet(new Affine(3, 2, 1, DataType.DOUBLE), new GradientDescent(0.1))
                .clipGradNorm(Double.POSITIVE_INFINITY);
        t.onIteration(loss -> norms.add(t.lastGradNorm()));
        History h = t.fit(inOrder(x, y, 4), 2);
        assertEquals(6, norms.size());
        assertEquals((norms.get(0) + norms.get(1) + norms.get(2)) / 3, h.gradNorm().get(0), 1e-15);
        assertEquals((norms.get(3) + norms.get(4) + norms.get(5)) / 3, h.gradNorm().get(1), 1e-15);
        assertTrue(h.epochs().get(0).metrics().contains("grad_norm "), h.epochs().get(0).metrics());
        History without = quiet(new Affine(3, 2, 1, DataType.DOUBLE), new GradientDescent(0.1)).fit(inOrder(x, y, 4), 1);
        assertTrue(Double.isNaN(without.gradNorm().get(0)), "NaN without clipping by norm");
    }

    /** 4 batches per epoch, 2 per update: a per-iteration schedule steps twice per epoch, a per-epoch one once. */
    @Test
    void aScheduleStepsAfterEveryUpdateOrEveryEpoch() {
        INDArray x = TestArrays.uniform(7, DataType.DOUBLE, 16, 3);
        INDArray y = TestArrays.uniform(8, DataType.DOUBLE, 16, 2);
        GradientDescent sgd = new GradientDescent(0.2);
        LinearLR warmup = new LinearLR(sgd, 0.1, 1.0, 5);
        History h = quiet(new Affine(3, 2, 1, DataType.DOUBLE), sgd).accumulate(2)
                .schedule(warmup, Trainer.Every.ITERATION).fit(inOrder(x, y, 4), 3);
        assertEquals(6, warmup.epoch());
        assertEquals(List.of(warmup.rate(0), warmup.rate(2), warmup.rate(4)), h.learningRate(), "rate at each epoch's start");
        assertEquals(0.2, sgd.learningRate(), 1e-15, "warm-up done");

        GradientDescent other = new GradientDescent(0.2);
        LinearLR perEpoch = new LinearLR(other, 0.1, 1.0, 5);
        quiet(new Affine(3, 2, 1, DataType.DOUBLE), other).accumulate(2).schedule(perEpoch).fit(inOrder(x, y, 4), 3);
        assertEquals(3, perEpoch.epoch());
    }

    @Test
    void rejectsBadArguments() {
        Trainer t = quiet(new Affine(3, 2, 1, DataType.DOUBLE), new GradientDescent(0.1));
        assertEquals("Optim: accumulate needs k >= 1 micro-batches per update, found 0",
                assertThrows(IllegalArgumentException.class, () -> t.accumulate(0)).getMessage());
        assertEquals("Optim: clipGradNorm needs maxNorm > 0 and normType > 0 (or infinity), found maxNorm -1.0,"
                + " normType 2.0", assertThrows(IllegalArgumentException.class, () -> t.clipGradNorm(-1)).getMessage());
        assertEquals("Optim: clipGradNorm needs maxNorm > 0 and normType > 0 (or infinity), found maxNorm 1.0,"
                + " normType NaN", assertThrows(IllegalArgumentException.class, () -> t.clipGradNorm(1, Double.NaN))
                .getMessage());
        assertEquals("Optim: clipGradValue needs clipValue > 0, found -0.5",
                assertThrows(IllegalArgumentException.class, () -> t.clipGradValue(-0.5)).getMessage());
        assertThrows(NullPointerException.class, () -> t.schedule(new LinearLR(t.optimizer()), null));
    }
}
