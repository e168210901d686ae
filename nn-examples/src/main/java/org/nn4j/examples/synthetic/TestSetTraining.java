package org.nn4j.examples.synthetic;

import org.nn4j.core.DataLoader;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.Synthetic;
import org.nn4j.examples.RunContext;

/**
 * Runs nn-core's {@link Trainer} with the test set evaluated after every epoch, for the curves
 * only: the trainer keeps the last parameters (it must not pick the epoch that did best on the
 * test set), and a line of progress is logged ten times per run.
 */
final class TestSetTraining {

    private TestSetTraining() {
    }

    /**
     * @param trainer its loss, optimizer and schedule set by the caller; progress, best-parameter
     *                restoring and the epoch callback are set here
     * @param train   shuffled into mini-batches of {@code batch} with the run's seed; not modified
     * @param test    evaluated in one batch; not modified
     */
    static History fit(RunContext context, Trainer trainer, Synthetic.Data train, Synthetic.Data test, int batch,
                       int epochs) {
        trainer.restoreBest(false).progress(Progress.NONE).onEpoch(h -> {
            if (h.size() == 1 || h.size() % Math.max(1, epochs / 10) == 0) {
                context.log("epoch %4d  %s", h.size(), h.last().metrics().replace("val_", "test_"));
            }
        });
        int testSize = Math.toIntExact(test.x().size(0));
        return trainer.fit(new DataLoader(train.x(), train.y(), batch, context.seed()),
                new DataLoader(test.x(), test.y(), testSize, false, false, context.seed()), epochs);
    }
}
