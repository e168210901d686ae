package org.nn4j.examples.synthetic;

import java.util.List;
import org.nn4j.examples.Experiment;

/** The registry of the four synthetic-data experiments: linear regression, two Gaussians, XOR, checkerboard. */
public final class SyntheticExperiments {

    private SyntheticExperiments() {
    }

    public static List<Experiment> all() {
        return List.of(new LinearRegression(), new LinearClassification(), new Nonlinear(), new Checkerboard());
    }
}
