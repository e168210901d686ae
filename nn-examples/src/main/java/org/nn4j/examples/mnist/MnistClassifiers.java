package org.nn4j.examples.mnist;

import java.util.List;
import org.nn4j.examples.Experiment;

/** The registry of MNIST classifiers: logistic regression, MLP, CNNs, k-NN. */
public final class MnistClassifiers {

    private MnistClassifiers() {
    }

    public static List<Experiment> all() {
        return List.of(new MnistLogReg(), new MnistMlp(), MnistCnn.cnn2(), MnistCnn.cnn1(), MnistCnn.cnn1632(),
                MnistCnn.cnn2Augmented(), new MnistKnn(), new MnistLstm());
    }
}
