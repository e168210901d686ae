package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.GradientCheck;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

/** The activations, Dropout, BatchNorm and the losses composed in a Sequential, as users will. */
class LayerStackTest {

    @Test
    void aStackWithBatchNormReluFrozenDropoutAndLogSoftmaxPassesTheGradientCheck() {
        Sequential net = new Sequential(new Linear(4, 6, true, 1), new BatchNorm1D(6), new ReLU(),
                new Dropout(0.3, 2).freezeMask(), new Linear(6, 3, true, 3), new LogSoftmax());
        GradientCheck.Report r = GradientCheck.assertGradients(net, TestArrays.uniform(4, DataType.DOUBLE, 5, 4));
        assertEquals(7, r.tensors().size(), r.toString()); // input + 2 Linear × 2 + BatchNorm × 2
    }

    /** Three separable blobs: Linear → ReLU → Linear → Softmax with CE on probabilities, the course's network. */
    @Test
    void softmaxNetworkWithCrossEntropyOnProbabilitiesLearnsThreeBlobs() {
        int n = 60;
        INDArray labels = Nd4j.createFromArray(new long[n]);
        INDArray x = TestArrays.normal(5, DataType.FLOAT, n, 2).muli(0.3);
        double[][] centres = {{2, 0}, {-2, 1}, {0, -2}};
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 3);
            x.getRow(i).addi(Nd4j.createFromArray(centres[i % 3]).castTo(DataType.FLOAT));
        }
        Sequential net = new Sequential(new Linear(2, 8, true, 6), new ReLU(), new Linear(8, 3, true, 7), new Softmax());
        Optim optim = new Optim(net, CrossEntropyLoss.onProbabilities(), 0.5);
        double first = optim.step(x, labels);
        double last = first;
        for (int i = 0; i < 200; i++) {
            last = optim.step(x, labels);
        }
        assertTrue(last < 0.05 && last < first / 10, "loss " + first + " -> " + last);
        INDArray predicted = net.forward(x).argMax(1);
        assertEquals(labels.castTo(predicted.dataType()), predicted);
    }
}
