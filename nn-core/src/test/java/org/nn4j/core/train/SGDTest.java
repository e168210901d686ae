package org.nn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.core.testing.SameParameters.assertSameParameters;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.SGD;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.MeanSquaredError;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

/** SGD runs Trainer: bit for bit the losses and parameters of a hand-written loop of Optim.step. */
class SGDTest {

    private final INDArray x = TestArrays.uniform(11, DataType.FLOAT, 20, 3);
    private final INDArray y = x.mul(2).subi(0.5);

    private static Sequential net() {
        return new Sequential(new Scale(3, 7), new Scale(3, 9));
    }



    /** The loop SGD.fit stands for: mean loss per epoch, weighted by batch size. */
    private static List<Double> handFit(Optim optim, DataLoader batches, int epochs) {
        List<Double> means = new ArrayList<>();
        optim.net().train();
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            long count = 0;
            for (Batch b : batches) {
                sum += optim.step(b.x(), b.y()) * b.size();
                count += b.size();
            }
            means.add(sum / count);
        }
        return means;
    }

    @Test
    void fitGivesExactlyTheLossesAndParametersOfAHandWrittenLoop() {
        Sequential a = net();
        Sequential b = net();
        List<Double> losses = SGD.fit(a, new MeanSquaredError(), x, y, 6, 4, 0.1, 3);
        List<Double> expected = handFit(new Optim(b, new MeanSquaredError(), new GradientDescent(0.1)),
                new DataLoader(x, y, 6, 3), 4);
        assertEquals(expected, losses);
        assertSameParameters(b, a);
        assertTrue(a.isTraining());
    }

    @Test
    void fitWithAnyOptimizerGivesExactlyTheHandWrittenLoop() {
        Sequential a = net();
        Sequential b = net();
        List<Double> losses = SGD.fit(new Optim(a, new MeanSquaredError(), new Adam(0.01)),
                new DataLoader(x, y, 7, 5), 3);
        List<Double> expected = handFit(new Optim(b, new MeanSquaredError(), new Adam(0.01)),
                new DataLoader(x, y, 7, 5), 3);
        assertEquals(expected, losses);
        assertSameParameters(b, a);
    }

    @Test
    void iterateStopsPartWayThroughAnEpochWithTheLossOfEveryIteration() {
        Sequential a = net();
        Sequential b = net();
        // 20 samples in batches of 6: 4 batches per epoch, so 10 iterations end inside the third epoch.
        List<Double> losses = SGD.iterate(new Optim(a, new MeanSquaredError(), 0.05), new DataLoader(x, y, 6, 2), 10);
        Optim optim = new Optim(b, new MeanSquaredError(), 0.05);
        DataLoader batches = new DataLoader(x, y, 6, 2);
        List<Double> expected = new ArrayList<>();
        b.train();
        while (expected.size() < 10) {
            for (Batch batch : batches) {
                if (expected.size() == 10) {
                    break;
                }
                expected.add(optim.step(batch.x(), batch.y()));
            }
        }
        assertEquals(expected, losses);
        assertSameParameters(b, a);
    }

    @Test
    void zeroEpochsOrIterationsTrainNothing() {
        Sequential a = net();
        Sequential untouched = net();
        assertEquals(List.of(), SGD.fit(a, new MeanSquaredError(), x, y, 6, 0, 0.1, 3));
        assertEquals(List.of(), SGD.iterate(new Optim(a, new MeanSquaredError(), 0.1), new DataLoader(x, y, 6, 3), 0));
        assertSameParameters(untouched, a);
    }

    @Test
    void aDivergingLossStopsWithTheTrainersError() {
        Sequential a = net();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> SGD.fit(a, new MeanSquaredError(), x, y.mul(1e30), 20, 50, 10, 3));
        assertTrue(e.getMessage().startsWith("Trainer: the loss became"), e.getMessage());
    }

    /** No batches to train on (empty data, or fewer samples than one batch with dropLast) fail as Trainer does, not [NaN, …]. */
    @Test
    void fitOnDataWithoutBatchesFailsAsTrainerDoes() {
        String expected = "Trainer: the training batches of epoch 1 are empty";
        INDArray none = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> SGD.fit(net(), new MeanSquaredError(), none.dup(), none.dup(), 4, 3, 0.1, 1)).getMessage());
        DataLoader tooFew = new DataLoader(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), 32, true, true, 1);
        assertEquals(0, tooFew.batchesPerEpoch());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> SGD.fit(new Optim(net(), new MeanSquaredError(), 0.1), tooFew, 3)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> SGD.iterate(new Optim(net(), new MeanSquaredError(), 0.1), tooFew, 3)).getMessage());
    }
}
