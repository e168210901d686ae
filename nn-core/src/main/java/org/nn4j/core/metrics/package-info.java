/**
 * Evaluation metrics on predictions and targets: classification accuracy (the argmax of each row of
 * scores, or a threshold on a one-column output: 0.5 for a probability, 0 for a logit)
 * ({@link org.nn4j.core.metrics.Accuracy}), confusion matrices and scikit-learn-style classification reports
 * ({@link org.nn4j.core.metrics.ConfusionMatrix}, {@link org.nn4j.core.metrics.ClassificationReport}), and the
 * PSNR of reconstructions ({@link org.nn4j.core.metrics.Psnr}). No metric modifies its arguments.
 */
package org.nn4j.core.metrics;
