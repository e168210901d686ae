package org.nn4j.examples.mnist;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.data.ImageSet;

/** What the autoencoder and RotNet experiments share: the first n images of a set, and batched inference. */
final class MnistAutoencoderData {

    private MnistAutoencoderData() {
    }

    /** The first {@code n} images of {@code set} (MNIST's files are already in random order). */
    static ImageSet first(ImageSet set, int n) {
        int[] rows = new int[Math.min(n, set.size())];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return set.select(rows);
    }

    /**
     * {@code net}'s output for every row of {@code x}, in evaluation mode, {@code batch} rows at a
     * time so that the activations of a whole test set never sit in memory at once.
     *
     * @param x batch-first; not modified
     * @return a new array, the outputs concatenated along axis 0
     */
    static INDArray forward(Module net, INDArray x, int batch) {
        net.eval();
        List<INDArray> outputs = new ArrayList<>();
        long n = x.size(0);
        for (long from = 0; from < n; from += batch) {
            long to = Math.min(n, from + batch);
            INDArray rows = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup('c');
            outputs.add(net.forward(rows));
        }
        net.train();
        return outputs.size() == 1 ? outputs.get(0) : Nd4j.concat(0, outputs.toArray(new INDArray[0]));
    }
}
