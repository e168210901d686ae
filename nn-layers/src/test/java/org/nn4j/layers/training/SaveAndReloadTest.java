package org.nn4j.layers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.core.train.TrainingDivergedException;
import org.nn4j.layers.MSELoss;

/** Acceptance: train, save, reload into a fresh network, identical predictions. */
class SaveAndReloadTest {

    @TempDir
    Path dir;

    @Test
    void aReloadedNetworkPredictsExactlyTheSameAndTrainsOnIdentically() throws IOException {
        Clusters train = new Clusters(200, 1);
        Clusters validation = new Clusters(100, 2);
        Sequential net = Clusters.network(10);
        Adam adam = new Adam(0.02);
        History h = new Trainer(net, new MSELoss(), adam).progress(Progress.NONE)
                .fit(new DataLoader(train.x, train.y, 20, 3), new DataLoader(validation.x, validation.y, 50, 4), 15);
        assertTrue(h.validationAccuracy().get(h.bestEpoch() - 1) >= 0.95, "it learned: " + h);

        Path file = dir.resolve("clusters.npz");
        Checkpoint.save(file, net, adam);
        Sequential fresh = Clusters.network(99);
        assertNotEquals(net.forward(validation.x), fresh.forward(validation.x));
        Adam freshAdam = new Adam(0.02);
        Checkpoint.load(file, fresh, freshAdam);
        INDArray expected = net.forward(validation.x);
        assertEquals(expected, fresh.forward(validation.x), "identical predictions");

        // The optimizer state came along: one more epoch on the same batches gives the same network.
        for (Sequential n : new Sequential[] {net, fresh}) {
            new Trainer(n, new MSELoss(), n == net ? adam : freshAdam).progress(Progress.NONE).restoreBest(false)
                    .fit(new DataLoader(train.x, train.y, 20, 5), null, 1);
        }
        assertEquals(net.forward(validation.x), fresh.forward(validation.x), "identical after training on");
    }

    @Test
    void aHugeLearningRateDivergesWithAnExceptionNamingWhere() {
        Clusters train = new Clusters(64, 3);
        // Without the squashing Sigmoid the outputs, and the loss, blow up within a few steps.
        Sequential net = new Sequential(Clusters.network(4).get(0), Clusters.network(5).get(1),
                new org.nn4j.layers.Linear(8, 1, true, 6));
        Trainer trainer = new Trainer(net, new MSELoss(), new GradientDescent(1e4)).progress(Progress.NONE)
                .accuracy(false);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(new DataLoader(train.x, train.y, 8, 7), null, 100));
        assertTrue(e.iteration() > 1 && Double.isFinite(e.lastFiniteLoss()), e.getMessage());
        assertTrue(e.getMessage().startsWith("Trainer: the loss became " + e.loss() + " at epoch " + e.epoch()
                + ", iteration " + e.iteration() + " (batch "), e.getMessage());
        assertTrue(e.getMessage().contains("; the last finite loss was "), e.getMessage());
    }
}
