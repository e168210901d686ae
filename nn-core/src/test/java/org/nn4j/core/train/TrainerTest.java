package org.nn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Loss;
import org.nn4j.core.Optim;
import org.nn4j.core.Parameter;
import org.nn4j.core.SGD;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Centre;
import org.nn4j.core.metrics.Accuracy;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.core.optim.StepLR;
import org.nn4j.core.testing.MeanSquaredError;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

class TrainerTest {

    /** Regression data y = 2x − 0.5 per feature, [n, 3]. */
    private static INDArray[] data(long seed, int n) {
        INDArray x = TestArrays.uniform(seed, DataType.FLOAT, n, 3);
        return new INDArray[] {x, x.mul(2).subi(0.5)};
    }

    private static Trainer quiet(Trainer t) {
        return t.progress(Progress.NONE);
    }

    private static List<INDArray> values(List<Parameter> ps) {
        List<INDArray> v = new ArrayList<>();
        ps.forEach(p -> v.add(p.value().dup()));
        return v;
    }

    @Test
    void runsTheSameStepsAsOptimAndRecordsTheirMeanLoss() {
        INDArray[] d = data(1, 20);
        Scale a = new Scale(3, 7);
        Scale b = new Scale(3, 7);
        List<Double> expected = SGD.fit(new Optim(a, new MeanSquaredError(), 0.1), new DataLoader(d[0], d[1], 6, 3), 4);
        History h = quiet(new Trainer(b, new MeanSquaredError(), new GradientDescent(0.1))).accuracy(false)
                .restoreBest(false).fit(new DataLoader(d[0], d[1], 6, 3), null, 4);
        assertEquals(values(a.parameters()), values(b.parameters()), "identical parameters after 4 epochs");
        for (int e = 0; e < 4; e++) {
            assertEquals(expected.get(e), h.trainLoss().get(e), 1e-12, "epoch " + (e + 1));
        }
        assertEquals(4, h.size());
        assertTrue(h.trainAccuracy().stream().allMatch(v -> v.isNaN()), "accuracy off: NaN");
        assertTrue(h.validationLoss().stream().allMatch(v -> v.isNaN()), "no validation: NaN");
    }

    @Test
    void validationLossAndAccuracyAreThoseOfTheEpochsFinalParameters() {
        INDArray[] d = data(2, 30);
        INDArray xv = TestArrays.uniform(3, DataType.FLOAT, 10, 3);
        INDArray yv = xv.mul(2).subi(0.5);
        Scale net = new Scale(3, 4);
        History h = quiet(new Trainer(net, new MeanSquaredError(), new GradientDescent(0.2))).restoreBest(false)
                .fit(new DataLoader(d[0], d[1], 8, 5), new DataLoader(xv, yv, 4, false, false, 0), 3);
        INDArray p = net.forward(xv);
        assertEquals(new MeanSquaredError().forward(yv, p), h.last().validationLoss(), 1e-6);
        assertEquals(Accuracy.of(p, yv), h.last().validationAccuracy(), 1e-12, "argmax accuracy of [N, 3] vs [N, 3]");
        assertTrue(h.last().trainAccuracy() >= 0 && h.last().trainAccuracy() <= 1);
        assertTrue(h.validationLoss().get(2) < h.validationLoss().get(0), "it learns: " + h.validationLoss());
    }

    /**
     * A one-column output of a loss on logits is class 1 above 0, not above ½: with logits in (0, ½) for
     * every sample and all labels 1, the accuracy is 1 (thresholding at ½ said 0).
     */
    @Test
    void accuracyOfOneColumnLogitsFollowsTheLoss() {
        INDArray x = TestArrays.uniform(6, DataType.FLOAT, 0.05, 0.45, 12, 1);
        INDArray y = Nd4j.ones(DataType.FLOAT, 12, 1);
        Loss onLogits = new MeanSquaredError() {
            @Override
            public boolean takesLogits() {
                return true;
            }
        };
        Probe identity = new Probe();
        Trainer logits = quiet(new Trainer(identity, onLogits, new GradientDescent(0.1)));
        assertEquals(1.0, logits.evaluate(new DataLoader(x, y, 4, false, false, 0)).accuracy(), 1e-12);
        Trainer probabilities = quiet(new Trainer(identity, new MeanSquaredError(), new GradientDescent(0.1)));
        assertEquals(0.0, probabilities.evaluate(new DataLoader(x, y, 4, false, false, 0)).accuracy(), 1e-12);
        assertEquals(1.0, Accuracy.of(x, y, Accuracy.LOGIT_THRESHOLD), 1e-12);
    }

    @Test
    void validatesInEvalModeAndReturnsToTrainMode() {
        INDArray[] d = data(4, 8);
        Probe probe = new Probe();
        Sequential net = new Sequential(new Scale(3, 1), probe);
        quiet(new Trainer(net, new MeanSquaredError(), new GradientDescent(0.1))).accuracy(false)
                .fit(new DataLoader(d[0], d[1], 4, 1), new DataLoader(d[0], d[1], 8, 2), 2);
        assertEquals("TTETTE", probe.modes());
        assertTrue(net.isTraining());
        net.eval();
        new Trainer(net, new MeanSquaredError(), new GradientDescent(0.1)).evaluate(new DataLoader(d[0], d[1], 8, 2));
        assertFalse(net.isTraining(), "evaluate restores the mode it found");
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsParameters() {
        INDArray[] d = data(5, 24);
        // Validation wants the opposite mapping, so its loss rises as training fits.
        INDArray yv = d[1].neg();
        Scale net = new Scale(3, 8);
        List<List<INDArray>> snapshots = new ArrayList<>();
        History h = quiet(new Trainer(net, new MeanSquaredError(), new GradientDescent(0.1))).earlyStopping(2)
                .onEpoch(history -> snapshots.add(values(net.parameters())))
                .fit(new DataLoader(d[0], d[1], 6, 1), new DataLoader(d[0], yv, 24, 2), 50);
        assertTrue(h.stoppedEarly());
        assertEquals(h.bestEpoch() + 2, h.size(), "stopped after patience epochs without improvement");
        double best = h.validationLoss().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(best, h.validationLoss().get(h.bestEpoch() - 1), 0);
        assertTrue(h.restoredBest());
        assertEquals(snapshots.get(h.bestEpoch() - 1), values(net.parameters()), "parameters of the best epoch");
        assertEquals(snapshots.size(), h.size(), "the callback ran once per epoch");
    }

    @Test
    void aNaNLossStopsTrainingNamingEpochIterationAndTheLastFiniteLoss() {
        // Identity network: the loss of a batch is mean((x − y)²) of its rows; batches are rows 0–1, 2–3.
        INDArray x = Nd4j.createFromArray(new float[][] {{1}, {2}, {3}, {4}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {0}, {0}, {0}});
        Trainer trainer = quiet(new Trainer(new Probe(6), new MeanSquaredError(), new GradientDescent(0.1)));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(new DataLoader(x, y, 2, false, false, 0), null, 10));
        assertEquals(3, e.epoch());
        assertEquals(6, e.iteration());
        assertEquals(2.5, e.lastFiniteLoss(), 1e-6, "iteration 5 was batch 1 of epoch 3: (1 + 4) / 2");
        assertEquals("Trainer: the loss became NaN at epoch 3, iteration 6 (batch 2 of the epoch); the last finite loss"
                + " was 2.50000 at iteration 5; this batch changed nothing in the model", e.getMessage());
    }

    @Test
    void accuracyOnANonClassifierSaysHowToTurnItOff() {
        INDArray x = TestArrays.uniform(9, DataType.FLOAT, 4, 1, 2, 2);
        Trainer trainer = quiet(new Trainer(new Probe(), new MeanSquaredError(), new GradientDescent(0.1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(new DataLoader(x, x, 4, 1), 1));
        assertEquals("Accuracy: expected a prediction [N, C] or [N, 1], found shape [4, 1, 2, 2] (Trainer: for"
                + " regression or autoencoders turn accuracy off with accuracy(false))", e.getMessage());
        History h = trainer.accuracy(false).fit(new DataLoader(x, x, 4, 1), 1);
        assertEquals(0, h.last().trainLoss(), 0, "an identity autoencoder trains with accuracy off");
    }

    @Test
    void theSchedulerSetsEachEpochsLearningRate() {
        INDArray[] d = data(6, 8);
        GradientDescent sgd = new GradientDescent(0.1);
        Trainer t = quiet(new Trainer(new Scale(3, 1), new MeanSquaredError(), sgd)).schedule(new StepLR(sgd, 1, 0.5));
        History h = t.fit(new DataLoader(d[0], d[1], 4, 1), null, 3);
        assertEquals(List.of(0.1, 0.05, 0.025), h.learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.schedule(new StepLR(new GradientDescent(0.3), 1)));
        assertEquals("Trainer: the scheduler drives GradientDescent(lr=0.3), not this trainer's optimizer "
                + "GradientDescent(lr=0.0125)", e.getMessage());
    }

    @Test
    void printsOnePlainLinePerEpochWhenAskedForLines() {
        INDArray[] d = data(7, 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Trainer(new Scale(3, 1), new MeanSquaredError(), new GradientDescent(0.1)).progress(Progress.LINES)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .fit(new DataLoader(d[0], d[1], 4, 1), new DataLoader(d[0], d[1], 8, 1), 2);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));
        for (int e = 0; e < 2; e++) {
            assertTrue(lines[e].matches("epoch " + (e + 1) + "/2: loss \\d+\\.\\d{4}, accuracy \\d\\.\\d{4}, val_loss"
                    + " \\d+\\.\\d{4}, val_accuracy \\d\\.\\d{4}, lr 0\\.1000, \\d+\\.\\d s"), lines[e]);
        }
    }

    @Test
    void drawsAProgressBarWhenAskedForOne() {
        INDArray[] d = data(8, 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Trainer(new Scale(3, 1), new MeanSquaredError(), new GradientDescent(0.1)).progress(Progress.BAR)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).accuracy(false)
                .fit(new DataLoader(d[0], d[1], 4, 1), null, 2);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\r"), "the bar redraws its line");
        assertTrue(out.contains("epoch 1/2 100%") && out.contains("epoch 2/2 100%"), out);
        assertTrue(out.contains("2/2"), "batch count: " + out);
        assertTrue(out.contains("\nepoch 1/2: loss ") && out.contains("\nepoch 2/2: loss "),
                "after each bar, the epoch's metrics on a line of their own: " + out);
    }

    @Test
    void aBarForBatchesOfUnknownCountOnlyCounts() {
        INDArray[] d = data(10, 8);
        Batches unknown = () -> List.of(new Batch(d[0], d[1])).iterator(); // batchesPerEpoch() = -1
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        History h = new Trainer(new Scale(3, 1), new MeanSquaredError(), new GradientDescent(0.1))
                .progress(Progress.BAR).output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).accuracy(false)
                .fit(unknown, 2);
        assertEquals(2, h.size());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("1/?"), "counts batches, of an unknown total: " + out);
        assertTrue(out.contains("\nepoch 1/2: loss ") && out.contains("\nepoch 2/2: loss "), out.replace("\r", "<CR>")
                .replace("\n", "<LF>"));
    }

    @Test
    void autoPicksLinesWithoutAConsoleAndThePropertyOverridesIt() {
        String saved = System.getProperty(Progress.PROPERTY);
        try {
            System.clearProperty(Progress.PROPERTY);
            assertEquals(System.console() == null ? Progress.LINES : Progress.BAR, Progress.AUTO.resolve());
            System.setProperty(Progress.PROPERTY, "none");
            assertEquals(Progress.NONE, Progress.AUTO.resolve());
            assertEquals(Progress.BAR, Progress.BAR.resolve(), "an explicit choice wins over the property");
            System.setProperty(Progress.PROPERTY, "fancy");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Progress.AUTO::resolve);
            assertEquals("Progress: -Dnn4j.progress must be bar, lines, none or auto, found 'fancy'", e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(Progress.PROPERTY);
            } else {
                System.setProperty(Progress.PROPERTY, saved);
            }
        }
    }

    /** Parameters, buffers and the optimizer's state of every parameter, copied. */
    private static List<Object> everything(Sequential net, Optimizer optimizer) {
        List<Object> all = new ArrayList<>(values(net.parameters()));
        all.addAll(Centre.bufferValues(net));
        for (Parameter p : net.parameters()) {
            Map<String, INDArray> state = new LinkedHashMap<>();
            optimizer.state(p).forEach((key, v) -> state.put(key, v.dup()));
            all.add(state);
        }
        return all;
    }

    @Test
    void restoringTheBestEpochRestoresItsBuffersAndOptimizerStateWithItsParameters() {
        INDArray[] d = data(5, 24);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 24; i += 6) {
            batches.add(new Batch(d[0].get(NDArrayIndex.interval(i, i + 6)).dup(), d[1].get(NDArrayIndex.interval(i, i + 6)).dup()));
        }
        Batches train = batches::iterator;
        // Validation wants the opposite mapping, so its loss rises as training fits.
        Batches validation = () -> List.of(new Batch(d[0], d[1].neg())).iterator();
        for (boolean restore : new boolean[] {true, false}) {
            Sequential net = new Sequential(new Scale(3, 8), new Centre(3, 9, true));
            Adam adam = new Adam(0.05);
            List<List<Object>> snapshots = new ArrayList<>();
            History h = quiet(new Trainer(net, new MeanSquaredError(), adam)).accuracy(false).earlyStopping(2)
                    .restoreBest(restore).onEpoch(history -> snapshots.add(everything(net, adam)))
                    .fit(train, validation, 50);
            assertTrue(h.stoppedEarly());
            assertTrue(h.bestEpoch() < h.size());
            List<Object> best = snapshots.get(h.bestEpoch() - 1);
            List<Object> last = snapshots.get(h.size() - 1);
            assertFalse(best.equals(last), "the test needs a best epoch whose state differs from the last");
            assertEquals(restore ? best : last, everything(net, adam),
                    restore ? "parameters, buffers and optimizer state all of the best epoch" : "all of the last epoch");
        }
    }
}
