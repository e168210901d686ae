package org.nn4j.examples.mnist;

import org.nn4j.core.Sequential;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/** The networks of the semi-supervised RotNet experiment ({@link MnistRotNet}), on [N, 1, 28, 28] MNIST images. */
final class RotNetNetworks {

    /** Index of each part in {@link #rotNet}. */
    static final int BLOCK1 = 0;
    static final int BLOCK2 = 1;
    static final int HEAD = 2;
    /** Index of the last Linear inside the head (Flatten, Linear, ReLU, Linear). */
    static final int LAST = 3;
    static final int FC1 = 1;

    private RotNetNetworks() {
    }

    /**
     * The RotNet: two blocks of three 3×3 "same" convolutions (32 then 64 channels)
     * with ReLU and a 2×2 max-pool, then Linear 3136→1024, ReLU, Linear 1024→{@code outputs}.
     * Nested as (block1 [N,32,14,14], block2 [N,64,7,7], head) so a block's features can be read.
     */
    static Sequential rotNet(int outputs) {
        return new Sequential(block(1, 32), block(32, 64),
                new Sequential(new Flatten(), new Linear(64 * 7 * 7, 1024), new ReLU(), new Linear(1024, outputs)));
    }

    private static Sequential block(int in, int out) {
        return new Sequential(
                new Conv2D(in, out, 3, 1, "same"), new ReLU(),
                new Conv2D(out, out, 3, 1, "same"), new ReLU(),
                new Conv2D(out, out, 3, 1, "same"), new ReLU(),
                new MaxPool2D(2));
    }

    /**
     * The plain CNN, trained from scratch on the labelled images: conv 32, conv 32
     * ("same"), max-pool 2, Linear 6272→1024, ReLU, Dropout 0.5, Linear 1024→10.
     */
    static Sequential plainCnn() {
        return new Sequential(
                new Conv2D(1, 32, 3, 1, "same"), new ReLU(),
                new Conv2D(32, 32, 3, 1, "same"), new ReLU(),
                new MaxPool2D(2), new Flatten(),
                new Linear(32 * 14 * 14, 1024), new ReLU(), new Dropout(0.5), new Linear(1024, 10));
    }
}
