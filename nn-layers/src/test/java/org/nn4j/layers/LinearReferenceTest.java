package org.nn4j.layers;

import org.junit.jupiter.api.Test;

/** The foundation's modules against PyTorch 1.13 (fixtures from reference_linear.py). */
class LinearReferenceTest {

    @Test
    void linearMatchesPyTorch() {
        Reference.assertModuleMatches(new Linear(3, 2), "linear_3x2_batch4");
        Reference.assertModuleMatches(new Linear(7, 5), "linear_7x5_batch1");
        Reference.assertModuleMatches(new Linear(4, 6, false), "linear_nobias_4x6_batch3");
    }

    @Test
    void activationsMatchPyTorch() {
        Reference.assertModuleMatches(new TanH(), "tanh_3x5");
        Reference.assertModuleMatches(new Sigmoid(), "sigmoid_2x3x4");
    }

    @Test
    void mseMatchesPyTorch() {
        Reference.assertLossMatches(new MSELoss(), "mse_5x3");
    }
}
