package org.nn4j.layers.training;

import org.nn4j.core.DataLoader;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.layers.MSELoss;

/**
 * Not a test: a short training run to look at the progress display by hand. In a terminal it
 * draws bars; piped (CI) it prints one line per epoch. Run from nn-layers with the test class
 * path, e.g. {@code script -qc "java -cp ... org.nn4j.layers.training.ProgressBarDemo" /dev/null}.
 */
public final class ProgressBarDemo {

    private ProgressBarDemo() {
    }

    public static void main(String[] args) {
        Clusters train = new Clusters(20000, 1);
        Clusters validation = new Clusters(2000, 2);
        Sequential net = Clusters.network(10);
        Adam adam = new Adam(0.01);
        History h = new Trainer(net, new MSELoss(), adam).schedule(new CosineAnnealingLR(adam, 5))
                .fit(new DataLoader(train.x, train.y, 16, 3), new DataLoader(validation.x, validation.y, 500, 4), 5);
        System.out.println("best epoch " + h.bestEpoch() + ", validation accuracy " + h.validationAccuracy());
    }
}
