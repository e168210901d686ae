/**
 * The training loop: {@link org.nn4j.core.train.Trainer} runs epochs of batches through a module, a loss and
 * an optimizer, with validation, early stopping and progress output ({@link org.nn4j.core.train.Progress}),
 * and returns a {@link org.nn4j.core.train.History} of {@link org.nn4j.core.train.EpochStats}. A loss that
 * becomes NaN or infinite stops training with a {@link org.nn4j.core.train.TrainingDivergedException}.
 */
package org.nn4j.core.train;
