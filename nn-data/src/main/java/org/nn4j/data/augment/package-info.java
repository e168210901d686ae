/**
 * Per-sample augmentation of images {@code [C, H, W]}, as {@code torchvision.transforms} writes it:
 * {@link org.nn4j.data.augment.RandomCrop}, {@link org.nn4j.data.augment.RandomHorizontalFlip},
 * {@link org.nn4j.data.augment.Normalize}, composed with {@link org.nn4j.data.augment.Compose}. Each is a
 * {@link org.nn4j.core.SampleTransform}, applied by {@link org.nn4j.core.DataLoader#transform} to every sample as
 * its batch is drawn, with the sample's own seeded generator:
 *
 * <pre>{@code
 * ImageSet train = FashionMnist.train(DataFolder.resolve(null));
 * DataLoader loader = new DataLoader(train.images(), train.oneHot(), 128, 42)
 *         .transform(Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip(),
 *                               new Normalize(new double[] {0.286}, new double[] {0.353})))
 *         .prefetch(2, 4);
 * }</pre>
 */
package org.nn4j.data.augment;
