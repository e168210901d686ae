package org.nn4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-hot encoding of class labels, built in one Java array and handed to ND4J once. */
public final class OneHot {

    private OneHot() {
    }

    /**
     * @param labels  class indices, each in {@code 0 .. classes-1}; not modified
     * @param classes the number of classes C
     * @return float32 {@code [N, classes]} with a single 1 per row
     */
    public static INDArray encode(int[] labels, int classes) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("OneHot: expected labels 0.." + (classes - 1) + ", found "
                        + labels[i] + " at index " + i);
            }
            v[i * classes + labels[i]] = 1f;
        }
        return Nd4j.createFromArray(v).reshape('c', labels.length, classes);
    }

    /**
     * The index of the largest value of each row (the predicted class).
     *
     * @param scores {@code [N, K]}; not modified
     * @return the class of each row, {@code N} of them
     */
    public static int[] decode(INDArray scores) {
        return scores.argMax(1).toIntVector();
    }
}
