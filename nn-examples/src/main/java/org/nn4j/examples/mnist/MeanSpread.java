package org.nn4j.examples.mnist;

import java.util.Arrays;
import java.util.Locale;

/**
 * The mean of a few repeated measurements (draws of the labelled images) with their spread:
 * the sample standard deviation (n − 1) and the range.
 */
record MeanSpread(double mean, double std, double min, double max, int n) {

    static MeanSpread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("MeanSpread: expected at least one value");
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
        return new MeanSpread(mean, std, Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow(), values.length);
    }

    /** As percentages, e.g. {@code "73.4 ± 1.2 (72.1–74.5)"}, for fractions in [0, 1]. */
    String percent() {
        return String.format(Locale.ROOT, "%.1f ± %.1f (%.1f–%.1f)", 100 * mean, 100 * std, 100 * min, 100 * max);
    }
}
