package org.nn4j.examples.mnist;

import java.util.List;
import org.nn4j.examples.Experiment;

/** The registry of MNIST autoencoders and RotNet (issue 7, 4 and 6). */
public final class MnistAutoencoders {

    private MnistAutoencoders() {
    }

    public static List<Experiment> all() {
        return List.of(new MnistConvAutoencoder(), new MnistDenoising(), new MnistRotNet());
    }
}
