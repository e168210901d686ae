package org.nn4j.layers;

import org.junit.jupiter.api.Test;

/** Every loss against PyTorch 1.13 (fixtures from reference_losses.py and, for MSELoss, reference_linear.py). */
class LossReferenceTest {

    @Test
    void mseMatchesPyTorch() {
        Reference.assertLossMatches(new MSELoss(), "mse_5x3");
    }

    @Test
    void crossEntropyOnLogitsMatchesPyTorchWithClassIndices() {
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_indices_4x3");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_indices_1x5");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_indices_7x2");
    }

    @Test
    void crossEntropyOnLogitsMatchesPyTorchWithOneHotAndSoftTargets() {
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_onehot_5x4");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_soft_3x6");
    }

    @Test
    void crossEntropyOnLogitsOfPlusMinus1000MatchesPyTorch() {
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_large_indices_5x3");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_large_onehot_4x3");
    }

    @Test
    void crossEntropyOnProbabilitiesMatchesNllOfLogInPyTorch() {
        Reference.assertLossMatches(CrossEntropyLoss.onProbabilities(), "loss_ce_probs_indices_6x4");
        Reference.assertLossMatches(CrossEntropyLoss.onProbabilities(), "loss_ce_probs_onehot_3x5");
    }

    @Test
    void nllMatchesPyTorch() {
        Reference.assertLossMatches(new NLLLoss(), "loss_nll_indices_5x4");
        Reference.assertLossMatches(new NLLLoss(), "loss_nll_indices_1x3");
    }

    @Test
    void bceMatchesPyTorchIncludingProbabilitiesOf0And1() {
        Reference.assertLossMatches(new BCELoss(), "loss_bce_4x3");
        Reference.assertLossMatches(new BCELoss(), "loss_bce_5x1");
        Reference.assertLossMatches(new BCELoss(), "loss_bce_edges_2x3");
    }

    @Test
    void bceWithLogitsMatchesPyTorchIncludingLogitsOfPlusMinus1000() {
        Reference.assertLossMatches(new BCEWithLogitsLoss(), "loss_bcelogits_4x3");
        Reference.assertLossMatches(new BCEWithLogitsLoss(), "loss_bcelogits_large_2x4");
        Reference.assertLossMatches(new BCEWithLogitsLoss(), "loss_bcelogits_1x1");
    }
}
