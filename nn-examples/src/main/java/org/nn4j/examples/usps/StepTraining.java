package org.nn4j.examples.usps;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.metrics.Accuracy;

/**
 * Training counted in mini-batch steps rather than epochs, as the reference tables are
 * ("iterations" = steps): epochs of {@code batches} are chained until the budget is spent.
 */
final class StepTraining {

    private StepTraining() {
    }

    /**
     * Runs {@code steps} iterations of {@code optim} and returns the mean training loss of every
     * {@code every} consecutive steps (one point per window, for a loss curve).
     *
     * @param atSteps called after the step counts listed in {@code snapshots} (e.g. to measure
     *                test accuracy after 100, 500 and 1000 iterations); may be null
     */
    static List<Double> run(Optim optim, Batches batches, int steps, int every, int[] snapshots, StepCallback atSteps) {
        List<Double> curve = new ArrayList<>();
        double windowSum = 0;
        int windowCount = 0;
        int step = 0;
        int nextSnapshot = 0;
        Iterator<Batch> epoch = batches.iterator();
        optim.net().train();
        while (step < steps) {
            if (!epoch.hasNext()) {
                epoch = batches.iterator();
            }
            Batch b = epoch.next();
            windowSum += optim.step(b.x(), b.y());
            windowCount++;
            step++;
            if (windowCount == every || step == steps) {
                curve.add(windowSum / windowCount);
                windowSum = 0;
                windowCount = 0;
            }
            if (snapshots != null && nextSnapshot < snapshots.length && step == snapshots[nextSnapshot]) {
                atSteps.after(step);
                optim.net().train();
                nextSnapshot++;
            }
        }
        return curve;
    }

    /** Test accuracy in eval mode, in one forward pass (USPS's 2007 test images fit easily). */
    static double accuracy(Module net, INDArray x, INDArray oneHot) {
        net.eval();
        double a = Accuracy.of(net.forward(x), oneHot);
        net.train();
        return a;
    }

    /** What to do after a given number of steps. */
    interface StepCallback {
        void after(int step);
    }
}
