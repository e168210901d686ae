package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

class BatchNormTest {

    @Test
    void trainModeNormalisesEachFeatureToMeanZeroAndVarianceOne() {
        INDArray x = TestArrays.normal(1, DataType.DOUBLE, 50, 3).muli(4).addi(7);
        INDArray y = new BatchNorm1D(3).to(DataType.DOUBLE).forward(x);
        assertTrue(Nd4j.zeros(DataType.DOUBLE, 3).equalsWithEps(y.mean(0), 1e-12), y.mean(0).toString());
        // biased variance var/(var + eps) ≈ 1 − eps/16
        assertTrue(Nd4j.ones(DataType.DOUBLE, 3).equalsWithEps(y.var(false, 0), 1e-5), y.var(false, 0).toString());
    }

    @Test
    void runningStatisticsUseMomentumAndTheUnbiasedVariance() {
        BatchNorm1D bn = new BatchNorm1D(1);
        bn.to(DataType.DOUBLE);
        bn.forward(Nd4j.createFromArray(new double[][] {{1}, {2}, {6}}));
        // mean 3, unbiased var ((−2)² + (−1)² + 3²)/2 = 7
        assertEquals(0.9 * 0 + 0.1 * 3, bn.runningMean().getDouble(0), 1e-15);
        assertEquals(0.9 * 1 + 0.1 * 7, bn.runningVar().getDouble(0), 1e-15);
    }

    @Test
    void momentumNullKeepsTheCumulativeAverageOfEveryBatch() {
        BatchNorm1D bn = new BatchNorm1D(1, 1e-5, null);
        bn.to(DataType.DOUBLE);
        assertEquals(null, bn.momentum());
        assertEquals("BatchNorm1D(1, momentum=null)", bn.toString());
        bn.forward(Nd4j.createFromArray(new double[][] {{1}, {2}, {6}}));  // mean 3, unbiased var 7
        assertEquals(3, bn.runningMean().getDouble(0), 1e-15);             // the first batch replaces the initial 0 and 1
        assertEquals(7, bn.runningVar().getDouble(0), 1e-15);
        bn.forward(Nd4j.createFromArray(new double[][] {{-1}, {1}}));      // mean 0, unbiased var 2
        bn.eval().forward(Nd4j.createFromArray(new double[][] {{100}}));  // eval: neither counted nor averaged
        bn.train().forward(Nd4j.createFromArray(new double[][] {{4}, {4}, {4}, {8}})); // mean 5, unbiased var 4
        assertEquals(3, bn.numBatchesTracked());
        assertEquals((3 + 0 + 5) / 3.0, bn.runningMean().getDouble(0), 1e-15);
        assertEquals((7 + 2 + 4) / 3.0, bn.runningVar().getDouble(0), 1e-14);
    }

    @Test
    void momentumOutsideTheUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2D(2, 1e-5, 1.5));
        assertEquals("BatchNorm2D: expected eps > 0 and momentum in [0, 1] or null, found eps=1.0E-5, momentum=1.5", e.getMessage());
        assertEquals(0.1, new BatchNorm2D(2).momentum());
    }

    @Test
    void evalModeUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2D bn = new BatchNorm2D(2);
        bn.runningMean().assign(Nd4j.createFromArray(1f, -1f));
        bn.runningVar().assign(Nd4j.createFromArray(4f, 0.25f));
        bn.weight().value().assign(Nd4j.createFromArray(2f, 1f));
        bn.bias().value().assign(Nd4j.createFromArray(0f, 10f));
        bn.eval();
        INDArray x = Nd4j.createFromArray(new float[] {3, 5, 0, 1}).reshape(1, 2, 2, 1);
        INDArray y = bn.forward(x);
        double s0 = 2 / Math.sqrt(4 + 1e-5);
        double s1 = 1 / Math.sqrt(0.25 + 1e-5);
        INDArray expected = Nd4j.createFromArray(new float[] {(float) (2 * s0), (float) (4 * s0),
                (float) (1 * s1 + 10), (float) (2 * s1 + 10)}).reshape(1, 2, 2, 1);
        assertTrue(expected.equalsWithEps(y, 1e-5), y.toString());
        assertEquals(Nd4j.createFromArray(1f, -1f), bn.runningMean());
    }

    @Test
    void toConvertsTheRunningStatistics() {
        BatchNorm1D bn = new BatchNorm1D(3);
        bn.to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, bn.runningMean().dataType());
        assertEquals(DataType.DOUBLE, bn.runningVar().dataType());
        assertEquals(DataType.DOUBLE, bn.forward(Nd4j.ones(DataType.DOUBLE, 2, 3)).dataType());
    }

    @Test
    void backwardInEitherOrderAndInOneCallAgree() {
        BatchNorm2D a = new BatchNorm2D(2);
        BatchNorm2D b = new BatchNorm2D(2);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 3, 2, 2, 2);
        INDArray d = TestArrays.uniform(2, DataType.FLOAT, 3, 2, 2, 2);
        a.forward(x);
        INDArray first = a.backwardDelta(x, d);
        a.backwardUpdateGradient(x, d);
        INDArray fused = b.backward(x, d, true);
        assertTrue(first.equalsWithEps(fused, 1e-6));
        assertEquals(a.weight().grad(), b.weight().grad());
        assertEquals(a.bias().grad(), b.bias().grad());
    }

    @Test
    void trainingOnOneValuePerChannelIsRejectedLikePyTorch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1D(4).forward(Nd4j.ones(1, 4)));
        assertEquals("BatchNorm1D: expected more than 1 value per channel when training, found input shape [1, 4]"
                + " (use eval() for a single example)", e.getMessage());
    }

    @Test
    void rejectsWrongChannelCountAndRank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2D(3).forward(Nd4j.ones(2, 4, 5, 5)));
        assertEquals("BatchNorm2D: expected 3 channels, found 4 (input shape [2, 4, 5, 5], layout [N, C, H, W])",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D(3).forward(Nd4j.ones(2, 3, 4, 4)));
        assertEquals("BatchNorm1D: expected input of rank 2 [N, F] or 3 [N, C, L], found rank 4 with shape [2, 3, 4, 4]",
                e.getMessage());
    }

    @Test
    void rejectsInputOfAnotherDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1D(2).forward(Nd4j.ones(DataType.DOUBLE, 3, 2)));
        assertTrue(e.getMessage().startsWith("BatchNorm1D: expected FLOAT input"), e.getMessage());
    }

    @Test
    void parametersAreNamedLikePyTorch() {
        BatchNorm2D bn = new BatchNorm2D(4);
        assertEquals("[weight, bias]", bn.namedParameters().keySet().toString());
        assertEquals(Nd4j.ones(DataType.FLOAT, 4), bn.weight().value());
        assertEquals(Nd4j.zeros(DataType.FLOAT, 4), bn.bias().value());
        assertEquals("BatchNorm2D(4)", bn.toString());
    }

    @Test
    void keepsPyTorchsBuffersInPyTorchsOrderAndCountsTrainingForwardsOnly() {
        BatchNorm1D bn = new BatchNorm1D(3);
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                bn.buffers().stream().map(Buffer::name).toList());
        assertSame(bn.runningMean(), bn.namedBuffers().get("running_mean").value());
        assertSame(bn.runningVar(), bn.namedBuffers().get("running_var").value());
        INDArray counter = bn.namedBuffers().get("num_batches_tracked").value();
        assertEquals(DataType.LONG, counter.dataType());
        assertEquals(0, counter.rank());
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 4, 3);
        bn.forward(x);
        bn.forward(x);
        assertEquals(2, bn.numBatchesTracked());
        bn.eval().forward(x);
        assertEquals(2, bn.numBatchesTracked(), "eval-mode forwards do not count");
        bn.to(DataType.DOUBLE);
        assertEquals(DataType.LONG, bn.namedBuffers().get("num_batches_tracked").value().dataType(), "the counter stays int64");
        assertEquals(2, bn.numBatchesTracked());
        bn.reset();
        assertEquals(0, bn.numBatchesTracked());
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 3), bn.runningMean());
        assertEquals(Nd4j.ones(DataType.DOUBLE, 3), bn.runningVar());
    }

    @Test
    void aSequentialNamesTheBuffersByTheirPath() {
        Sequential net = new Sequential(new Linear(2, 3), new BatchNorm1D(3));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(net.namedBuffers().keySet()));
    }

    /**
     * PyTorch 1.13 on an empty training batch: an empty output, running_mean and running_var unchanged,
     * num_batches_tracked counts it (BatchNorm1d(3) with running stats 0.5 / 2.0 on zeros(0, 3)).
     */
    @Test
    void anEmptyTrainingBatchKeepsTheRunningStatisticsAndCountsTheBatch() {
        BatchNorm1D bn = new BatchNorm1D(3);
        bn.runningMean().assign(0.5);
        bn.runningVar().assign(2.0);
        INDArray y = bn.forward(Nd4j.create(DataType.FLOAT, 0, 3));
        assertEquals(List.of(0L, 3L), List.of(y.size(0), y.size(1)));
        assertEquals(Nd4j.valueArrayOf(new long[] {3}, 0.5f), bn.runningMean());
        assertEquals(Nd4j.valueArrayOf(new long[] {3}, 2.0f), bn.runningVar());
        assertEquals(1, bn.numBatchesTracked());
        bn.eval().forward(Nd4j.create(DataType.FLOAT, 0, 3));
        assertEquals(1, bn.numBatchesTracked());
    }
}
