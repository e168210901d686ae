package org.nn4j.core.train;

/**
 * The mean loss, the accuracy (NaN when not measured) and the number of samples of one pass over
 * some batches.
 */
public record Evaluation(double loss, double accuracy, long samples) {
}
