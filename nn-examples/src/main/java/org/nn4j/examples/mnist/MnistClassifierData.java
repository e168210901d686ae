package org.nn4j.examples.mnist;

import org.nn4j.data.ImageSet;
import org.nn4j.data.Mnist;
import org.nn4j.examples.RunContext;

/**
 * The MNIST training and test sets as the classifiers use them: all 60,000 / 10,000 images, or in
 * quick mode the first 1,000 / 1,000 (MNIST's files are not sorted by class, so the heads are
 * mixed).
 */
record MnistClassifierData(ImageSet train, ImageSet test) {

    static final int QUICK_TRAIN = 1_000;
    static final int QUICK_TEST = 1_000;

    /** Loads (downloading if missing) from the run's data folder. */
    static MnistClassifierData load(RunContext context) {
        return load(context, QUICK_TRAIN);
    }

    /** As {@link #load(RunContext)}, with {@code quickTrain} training images in quick mode (the CNNs take fewer). */
    static MnistClassifierData load(RunContext context, int quickTrain) {
        ImageSet train = Mnist.train(context.dataDir());
        ImageSet test = Mnist.test(context.dataDir());
        if (context.quick()) {
            train = train.select(head(quickTrain));
            test = test.select(head(QUICK_TEST));
        }
        context.log("MNIST: %d training images, %d test images", train.size(), test.size());
        return new MnistClassifierData(train, test);
    }

    private static int[] head(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
