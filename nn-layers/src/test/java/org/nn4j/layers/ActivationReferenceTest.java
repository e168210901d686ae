package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ReLU, Softmax, LogSoftmax, Dropout (eval) and BatchNorm against PyTorch 1.13 (fixtures from reference_activations.py). */
class ActivationReferenceTest {

    @Test
    void reluMatchesPyTorch() {
        Reference.assertModuleMatches(new ReLU(), "act_relu_4x5");
        Reference.assertModuleMatches(new ReLU(), "act_relu_1x3x2x2");
    }

    @Test
    void softmaxMatchesPyTorchIncludingLogitsOfPlusMinus1000() {
        Reference.assertModuleMatches(new Softmax(), "act_softmax_3x7");
        Reference.assertModuleMatches(new Softmax(), "act_softmax_1x4");
        Reference.assertModuleMatches(new Softmax(), "act_softmax_2x3x5");
        Reference.assertModuleMatches(new Softmax(), "act_softmax_large_3x4");
    }

    @Test
    void logSoftmaxMatchesPyTorchIncludingLogitsOfPlusMinus1000() {
        Reference.assertModuleMatches(new LogSoftmax(), "act_logsoftmax_3x7");
        Reference.assertModuleMatches(new LogSoftmax(), "act_logsoftmax_1x5");
        Reference.assertModuleMatches(new LogSoftmax(), "act_logsoftmax_2x3x2x3");
        Map<String, INDArray> f = Reference.assertModuleMatches(new LogSoftmax(), "act_logsoftmax_large_3x4");
        // The fixture really holds the hard case: the row with −1000 has a log-probability near −2000.
        assertTrue(f.get("output").minNumber().doubleValue() < -1000, "fixture without large logits");
    }

    /** PyTorch's mask cannot be reproduced (another generator); eval mode is the identity in both. */
    @Test
    void dropoutInEvalModeMatchesPyTorch() {
        Reference.assertModuleMatches(new Dropout(0.4, 1).eval(), "dropout_eval_5x3");
    }

    @Test
    void batchNorm1DMatchesPyTorchInTrainModeIncludingRunningStatistics() {
        for (String fixture : new String[] {"bn_1d_train_6x4", "bn_1d_train_2x3", "bn_1d_train_3x2x5"}) {
            int features = Math.toIntExact(Reference.load(fixture).get("input").size(1));
            BatchNorm1D bn = new BatchNorm1D(features);
            Reference.assertModuleMatches(bn, fixture, () -> buffers(bn));
        }
    }

    @Test
    void batchNorm1DMatchesPyTorchInEvalModeWithRunningStatistics() {
        for (String fixture : new String[] {"bn_1d_eval_1x5", "bn_1d_eval_4x3"}) {
            int features = Math.toIntExact(Reference.load(fixture).get("input").size(1));
            BatchNorm1D bn = new BatchNorm1D(features);
            bn.eval();
            Reference.assertModuleMatches(bn, fixture, () -> buffers(bn));
        }
    }

    @Test
    void batchNorm2DMatchesPyTorchInTrainAndEvalMode() {
        BatchNorm2D train = new BatchNorm2D(3);
        Map<String, INDArray> f = Reference.assertModuleMatches(train, "bn_2d_train_2x3x4x5", () -> buffers(train));
        // The running statistics moved: the fixture exercises the unbiased update, not a no-op.
        assertTrue(f.get("buffer_after.running_var").sub(f.get("buffer_before.running_var")).amaxNumber().doubleValue() > 1e-3);
        BatchNorm2D single = new BatchNorm2D(2);
        Reference.assertModuleMatches(single, "bn_2d_train_1x2x3x3", () -> buffers(single));
        BatchNorm2D eval = new BatchNorm2D(2);
        eval.eval();
        Reference.assertModuleMatches(eval, "bn_2d_eval_3x2x3x2", () -> buffers(eval));
        assertEquals(f.get("buffer_after.running_mean").length(), 3);
    }

    private static Map<String, INDArray> buffers(BatchNorm bn) {
        return Map.of("running_mean", bn.runningMean(), "running_var", bn.runningVar());
    }
}
