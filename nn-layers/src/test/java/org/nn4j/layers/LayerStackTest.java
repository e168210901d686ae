package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.Module;
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

    /**
     * Arrays above {@code nn4j.wideElements} (524,288) run their element-wise ops on every core
     * inside Sequential: the same numbers as the modules called one by one, forward and backward.
     */
    @Test
    void largeArraysInSequentialGiveWhatTheModulesGiveOneByOne() {
        Conv2D conv = new Conv2D(2, 8, 3, 1, "same");
        Module[] modules = {conv, new ReLU(), new Upsample2D(2), new Sigmoid(), new MaxPool2D(2), new TanH()};
        Sequential net = new Sequential(modules);
        INDArray x = TestArrays.normal(11, DataType.FLOAT, 16, 2, 48, 48); // conv output 294,912, upsampled 1,179,648
        INDArray[] inputs = new INDArray[modules.length];
        INDArray h = x;
        for (int i = 0; i < modules.length; i++) {
            inputs[i] = h;
            h = modules[i].forward(h);
        }
        INDArray delta = TestArrays.normal(12, DataType.FLOAT, h.shape());
        INDArray d = delta;
        for (int i = modules.length - 1; i >= 0; i--) {
            d = modules[i].backwardDelta(inputs[i], d);
        }
        assertEquals(h, net.forward(x));
        assertEquals(d, net.backwardDelta(x, delta));
    }
}
