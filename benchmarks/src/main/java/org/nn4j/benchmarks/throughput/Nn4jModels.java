package org.nn4j.benchmarks.throughput;

import org.nn4j.core.Loss;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.examples.resnet.ResNets;
import org.nn4j.examples.text.CharModels;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.layers.BCELoss;
import org.nn4j.layers.AdaptiveAvgPool2D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.Conv1D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool1D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;
import org.nn4j.layers.Upsample2D;

/**
 * The workloads as a user of nn4j would write them: a {@link Sequential} of org.nn4j.layers
 * modules, trained through the public {@link Optim} (forward, loss, backward, update, zero), so
 * that speed-ups inside nn-core and nn-layers show up here without touching this driver.
 * Layer for layer the same as {@code benchmarks/peers/pytorch_throughput.py}.
 */
public final class Nn4jModels {

    private Nn4jModels() {
    }

    /** The network, its loss and its optimizer, ready for {@code optim.step(x, y)}. */
    public static Optim optim(Workload w) {
        Sequential net = network(w);
        Loss loss = w.reconstructs() ? new BCELoss() : new CrossEntropyLoss(); // CE fused on logits
        Optimizer optimizer = w.adam() ? new Adam(Workload.ADAM_LEARNING_RATE)
                : new GradientDescent(Workload.SGD_LEARNING_RATE);
        return new Optim(net, loss, optimizer);
    }

    public static Sequential network(Workload w) {
        return switch (w) {
            case A -> new Sequential(new Linear(784, 500), new ReLU(), new Linear(500, 500), new ReLU(),
                    new Linear(500, 10));
            case B -> new Sequential(new Linear(256, 128), new TanH(), new Linear(128, 64), new TanH(),
                    new Linear(64, 10));
            case C -> cnnC();
            case D -> new Sequential(new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
                    new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
                    new Linear(64 * 5 * 5, 128), new ReLU(), new Linear(128, 10));
            // no ReLU after the convolution: the PyTorch peer script has none
            case E -> new Sequential(new Conv1D(1, 32, 3), new MaxPool1D(2, 2), new Flatten(),
                    new Linear(4064, 100), new ReLU(), new Linear(100, 10));
            case F -> new Sequential(new Linear(256, 128), new TanH(), new Linear(128, 64), new TanH(),
                    new Linear(64, 128), new TanH(), new Linear(128, 256), new Sigmoid());
            case G -> new Sequential(same3x3(1, 32), new ReLU(), new MaxPool2D(2),
                    same3x3(32, 32), new ReLU(), new MaxPool2D(2),
                    same3x3(32, 32), new ReLU(), new Upsample2D(2),
                    same3x3(32, 32), new ReLU(), new Upsample2D(2),
                    same3x3(32, 1), new Sigmoid());
            case H -> ResNets.basicBlocks(1, 16, 2, 10);
            case I -> depthwiseSeparable();
            case J -> CharModels.lstm(Workload.VOCABULARY);
            case K -> CharModels.transformer(Workload.VOCABULARY);
        };
    }

    /**
     * Model I: a 3×3 convolution of 32 channels, then two depthwise-separable blocks (MobileNet's: a depthwise 3×3
     * convolution, BatchNorm, ReLU, a pointwise 1×1 convolution, BatchNorm, ReLU), the second strided, global average
     * pooling and Linear 10.
     */
    static Sequential depthwiseSeparable() {
        return new Sequential(new Conv2D(1, 32, 3, 1, 1).bias(false), new BatchNorm2D(32), new ReLU(),
                new Conv2D(32, 32, 3, 1, 1).groups(32).bias(false), new BatchNorm2D(32), new ReLU(),
                new Conv2D(32, 64, 1, 1, 0).bias(false), new BatchNorm2D(64), new ReLU(),
                new Conv2D(64, 64, 3, 2, 1).groups(64).bias(false), new BatchNorm2D(64), new ReLU(),
                new Conv2D(64, 128, 1, 1, 0).bias(false), new BatchNorm2D(128), new ReLU(),
                new AdaptiveAvgPool2D(1), new Flatten(), new Linear(128, 10));
    }

    /** Workload C's CNN (16/32 channels, 5×5 "same"), also trained on MNIST by {@link MnistTimeToAccuracy}. */
    public static Sequential cnnC() {
        return new Sequential(new Conv2D(1, 16, 5, 1, "same"), new ReLU(), new MaxPool2D(2),
                new Conv2D(16, 32, 5, 1, "same"), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(32 * 7 * 7, 10));
    }

    private static Conv2D same3x3(int in, int out) {
        return new Conv2D(in, out, 3, 1, "same");
    }
}
