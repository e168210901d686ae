package org.nn4j.layers;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;

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

    @Test
    void l1MatchesPyTorchIncludingGradientZeroWherePredictionEqualsTarget() {
        Reference.assertLossMatches(new L1Loss(), "loss_l1_5x3");
        Reference.assertLossMatches(new L1Loss(), "loss_l1_7");
        Reference.assertLossMatches(new L1Loss(Reduction.SUM), "loss_l1_sum_2x3x4");
    }

    @Test
    void smoothL1MatchesPyTorchIncludingTheJointAtBeta() {
        Reference.assertLossMatches(new SmoothL1Loss(), "loss_smoothl1_4x5");
        Reference.assertLossMatches(new SmoothL1Loss(0.5, Reduction.SUM), "loss_smoothl1_beta0.5_sum_3x7");
    }

    /** β = 0 is the L1 loss, with PyTorch 1.13's gradient −1 (not 0) where prediction = target. */
    @Test
    void smoothL1WithBeta0MatchesPyTorch() {
        Reference.assertLossMatches(new SmoothL1Loss(0), "loss_smoothl1_beta0_3x4");
        Reference.assertLossMatches(new SmoothL1Loss(0, Reduction.SUM), "loss_smoothl1_beta0_sum_2x3");
    }

    @Test
    void huberMatchesPyTorchIncludingTheJointAtDelta() {
        Reference.assertLossMatches(new HuberLoss(), "loss_huber_4x5");
        Reference.assertLossMatches(new HuberLoss(2.5, Reduction.SUM), "loss_huber_delta2.5_sum_3x2x3");
        Reference.assertLossMatches(new HuberLoss(0.25), "loss_huber_delta0.25_5x3");
    }

    /** Targets of exactly 0 (0·log 0 = 0) in every probability-target fixture, and one-hot targets. */
    @Test
    void klDivMatchesPyTorchForEachReduction() {
        Reference.assertLossMatches(new KLDivLoss(), "loss_kldiv_batchmean_4x5");
        Reference.assertLossMatches(new KLDivLoss(Reduction.BATCH_MEAN), "loss_kldiv_batchmean_2x3x4");
        Reference.assertLossMatches(new KLDivLoss(), "loss_kldiv_batchmean_onehot_3x4");
        Reference.assertLossMatches(new KLDivLoss(Reduction.MEAN), "loss_kldiv_mean_3x7");
        Reference.assertLossMatches(new KLDivLoss(Reduction.SUM), "loss_kldiv_sum_5x3");
    }

    @Test
    void klDivWithLogTargetsMatchesPyTorch() {
        Reference.assertLossMatches(new KLDivLoss(Reduction.BATCH_MEAN, true), "loss_kldiv_logtarget_batchmean_5x3");
        Reference.assertLossMatches(new KLDivLoss(Reduction.SUM, true), "loss_kldiv_logtarget_sum_3x4");
        Reference.assertLossMatches(new KLDivLoss(Reduction.MEAN, true), "loss_kldiv_logtarget_mean_2x5");
    }

    @Test
    void nllWithClassWeightsAndAnIgnoredIndexMatchesPyTorch() {
        Reference.assertLossMatches(new NLLLoss().weight(Reference.load("loss_nll_weight_5x4").get("weight")), "loss_nll_weight_5x4");
        Reference.assertLossMatches(new NLLLoss().ignoreIndex(1), "loss_nll_ignore1_6x3");
        Reference.assertLossMatches(new NLLLoss().weight(Reference.load("loss_nll_weight_ignore-100_7x4").get("weight"))
                .ignoreIndex(-100), "loss_nll_weight_ignore-100_7x4");
        Reference.assertLossMatches(new NLLLoss().weight(Reference.load("loss_nll_weight_onehot_4x3").get("weight")),
                "loss_nll_weight_onehot_4x3");
    }

    @Test
    void crossEntropyWithWeightsIgnoredSamplesAndLabelSmoothingMatchesPyTorch() {
        Reference.assertLossMatches(new CrossEntropyLoss().weight(weight("loss_ce_weight_5x4")), "loss_ce_weight_5x4");
        Reference.assertLossMatches(new CrossEntropyLoss().ignoreIndex(-100), "loss_ce_ignore-100_6x3");
        Reference.assertLossMatches(new CrossEntropyLoss().labelSmoothing(0.1), "loss_ce_smooth0.1_4x5");
        Reference.assertLossMatches(new CrossEntropyLoss().ignoreIndex(1).labelSmoothing(0.3), "loss_ce_smooth0.3_ignore1_5x3");
        Reference.assertLossMatches(new CrossEntropyLoss().weight(weight("loss_ce_weight_ignore-100_smooth0.2_7x4")).ignoreIndex(-100)
                .labelSmoothing(0.2), "loss_ce_weight_ignore-100_smooth0.2_7x4");
        Reference.assertLossMatches(new CrossEntropyLoss().weight(weight("loss_ce_soft_weight_smooth0.1_3x3")).labelSmoothing(0.1),
                "loss_ce_soft_weight_smooth0.1_3x3");
        Reference.assertLossMatches(new CrossEntropyLoss().labelSmoothing(0.25), "loss_ce_onehot_smooth0.25_4x3");
    }

    /** PyTorch 1.13's formula for those options, on log-probabilities clamped at −100 (reference_losses.py). */
    @Test
    void crossEntropyOnProbabilitiesWithOptionsMatchesPyTorchsFormula() {
        Reference.assertLossMatches(CrossEntropyLoss.onProbabilities().weight(weight("loss_ce_probs_weight_ignore-100_smooth0.1_6x4"))
                .ignoreIndex(-100).labelSmoothing(0.1), "loss_ce_probs_weight_ignore-100_smooth0.1_6x4");
    }

    /** Predictions [N, C, d1, …] with class indices [N, d1, …] (ties at ±1000 included) or probabilities shaped like them. */
    @Test
    void crossEntropyPerPositionMatchesPyTorch() {
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_spatial_indices_3x4x2x5");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_spatial_indices_2x3x6");
        Reference.assertLossMatches(new CrossEntropyLoss(), "loss_ce_spatial_soft_3x4x5");
        Reference.assertLossMatches(CrossEntropyLoss.onProbabilities(), "loss_ce_probs_spatial_indices_2x4x3");
    }

    /** PyTorch's weighted mean: divided by the sum of the weights of the positions not ignored. */
    @Test
    void crossEntropyPerPositionWithWeightsIgnoredPositionsAndLabelSmoothingMatchesPyTorch() {
        Reference.assertLossMatches(spatialCe("loss_ce_spatial_weight_ignore-100_smooth0.2_2x3x7", 0.2),
                "loss_ce_spatial_weight_ignore-100_smooth0.2_2x3x7");
        Reference.assertLossMatches(spatialCe("loss_ce_spatial_weight_ignore-100_smooth0.1_2x4x3x4", 0.1),
                "loss_ce_spatial_weight_ignore-100_smooth0.1_2x4x3x4");
        Reference.assertLossMatches(new CrossEntropyLoss().weight(weight("loss_ce_spatial_soft_weight_smooth0.1_2x3x4"))
                .labelSmoothing(0.1), "loss_ce_spatial_soft_weight_smooth0.1_2x3x4");
    }

    @Test
    void nllPerPositionMatchesPyTorch() {
        Reference.assertLossMatches(new NLLLoss(), "loss_nll_spatial_3x3x2x2");
        Reference.assertLossMatches(new NLLLoss().weight(weight("loss_nll_spatial_weight_ignore1_3x4x5")).ignoreIndex(1),
                "loss_nll_spatial_weight_ignore1_3x4x5");
    }

    /** forwardUnreduced against PyTorch's reduction='none' (loss_none), [N] and [N, d1, …]. */
    @Test
    void unreducedLossesMatchPyTorchsReductionNone() {
        assertUnreduced(new CrossEntropyLoss(), "loss_ce_spatial_indices_3x4x2x5");
        assertUnreduced(new CrossEntropyLoss(), "loss_ce_spatial_indices_2x3x6");
        assertUnreduced(new CrossEntropyLoss(), "loss_ce_spatial_soft_3x4x5");
        assertUnreduced(spatialCe("loss_ce_spatial_weight_ignore-100_smooth0.2_2x3x7", 0.2), "loss_ce_spatial_weight_ignore-100_smooth0.2_2x3x7");
        assertUnreduced(spatialCe("loss_ce_spatial_weight_ignore-100_smooth0.1_2x4x3x4", 0.1),
                "loss_ce_spatial_weight_ignore-100_smooth0.1_2x4x3x4");
        assertUnreduced(new CrossEntropyLoss().weight(weight("loss_ce_spatial_soft_weight_smooth0.1_2x3x4")).labelSmoothing(0.1),
                "loss_ce_spatial_soft_weight_smooth0.1_2x3x4");
        assertUnreduced(spatialCe("loss_ce_weight_ignore-100_smooth0.3_5x4", 0.3), "loss_ce_weight_ignore-100_smooth0.3_5x4");
        Reference.assertLossMatches(spatialCe("loss_ce_weight_ignore-100_smooth0.3_5x4", 0.3), "loss_ce_weight_ignore-100_smooth0.3_5x4");
        assertUnreduced(new NLLLoss(), "loss_nll_spatial_3x3x2x2");
        assertUnreduced(new NLLLoss().weight(weight("loss_nll_spatial_weight_ignore1_3x4x5")).ignoreIndex(1),
                "loss_nll_spatial_weight_ignore1_3x4x5");
        assertUnreduced(new NLLLoss().weight(weight("loss_nll_weight_ignore-100_6x3")).ignoreIndex(-100), "loss_nll_weight_ignore-100_6x3");
        Reference.assertLossMatches(new NLLLoss().weight(weight("loss_nll_weight_ignore-100_6x3")).ignoreIndex(-100),
                "loss_nll_weight_ignore-100_6x3");
    }

    private static CrossEntropyLoss spatialCe(String fixture, double epsilon) {
        return new CrossEntropyLoss().weight(weight(fixture)).ignoreIndex(-100).labelSmoothing(epsilon);
    }

    private static void assertUnreduced(Loss loss, String fixture) {
        Map<String, INDArray> f = Reference.load(fixture);
        INDArray target = f.get("target");
        INDArray prediction = f.get("prediction").castTo(DataType.DOUBLE);
        INDArray actual = loss instanceof CrossEntropyLoss ce ? ce.forwardUnreduced(target, prediction)
                : ((NLLLoss) loss).forwardUnreduced(target, prediction);
        Reference.assertClose(fixture + " loss_none", f.get("loss_none"), actual);
    }

    private static INDArray weight(String fixture) {
        return Reference.load(fixture).get("weight");
    }
}
