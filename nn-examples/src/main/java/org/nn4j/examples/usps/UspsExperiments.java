package org.nn4j.examples.usps;

import java.util.List;
import org.nn4j.examples.Experiment;

/** The registry of the four USPS experiments: MLP, auto-encoder, denoising, 1-D CNN. */
public final class UspsExperiments {

    private UspsExperiments() {
    }

    public static List<Experiment> all() {
        return List.of(new UspsMlp(), new UspsAutoencoder(), new UspsDenoising(), new UspsConv1D());
    }
}
