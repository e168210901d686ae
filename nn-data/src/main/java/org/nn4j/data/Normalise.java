package org.nn4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalisation by one mean and one standard deviation for all values, as torchvision's
 * {@code Normalize((0.1307,), (0.3081,))} does for MNIST: {@code (x - mean) / std}. Fit it on
 * the training set and apply the same to the test set.
 */
public record Normalise(double mean, double std) {

    /** The MNIST training set's statistics (pixels in [0, 1]), from the datasets README. */
    public static final Normalise MNIST = new Normalise(0.1307, 0.3081);

    /**
     * Checks the statistics.
     *
     * @param mean the value subtracted
     * @param std  the value divided by, positive
     * @throws IllegalArgumentException when {@code mean} is not finite or {@code std} is not positive and finite
     */
    public Normalise {
        if (!(std > 0) || !Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("Normalise: expected a finite mean and a positive finite std, found mean "
                    + mean + ", std " + std);
        }
    }

    /**
     * The mean and (population) standard deviation of all values of {@code x}.
     *
     * @param x any shape; not modified
     * @return the statistics of {@code x}
     */
    public static Normalise fit(INDArray x) {
        // ND4J sums float32 in float32, which is off in the 3rd digit over MNIST's 47M pixels:
        // sum each row (few values), then add the row sums in double
        INDArray rows = x.reshape('c', x.rank() == 0 ? 1 : x.size(0), -1);
        double n = x.length();
        double mean = rows.sum(1).castTo(DataType.DOUBLE).sumNumber().doubleValue() / n;
        INDArray centred = rows.sub(mean);
        double std = Math.sqrt(centred.muli(centred).sum(1).castTo(DataType.DOUBLE).sumNumber().doubleValue() / n);
        if (!(std > 0)) {
            throw new IllegalArgumentException("Normalise: cannot fit a constant array (std " + std + ", mean " + mean
                    + ", " + x.length() + " values)");
        }
        return new Normalise(mean, std);
    }

    /**
     * @param x not modified
     * @return a new array {@code (x - mean) / std}
     */
    public INDArray apply(INDArray x) {
        return x.sub(mean).divi(std);
    }

    /**
     * Binary ("cleared") images: 1 where the normalised value is positive, i.e. above the mean, else 0.
     *
     * @param x not modified
     * @return a new array of 0/1 of the dtype of {@code x}
     */
    public INDArray binarise(INDArray x) {
        return apply(x).gt(0).castTo(x.dataType());
    }
}
