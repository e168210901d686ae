package org.nn4j.examples.mnist;

import java.util.List;
import org.nn4j.examples.Experiment;

/** The registry of MNIST convolutional autoencoders (plain and denoising) and the RotNet semi-supervised experiment. */
public final class MnistAutoencoders {

    private MnistAutoencoders() {
    }

    public static List<Experiment> all() {
        return List.of(new MnistConvAutoencoder(), new MnistDenoising(), new MnistRotNet());
    }
}
