/**
 * Data sets, splits and transforms. Batch them for training with nn-core's
 * {@link org.nn4j.core.DataLoader}.
 *
 * <ul>
 *   <li>Real data: {@link org.nn4j.data.Mnist}, {@link org.nn4j.data.FashionMnist}, {@link org.nn4j.data.Usps} (as
 *       {@link org.nn4j.data.ImageSet}s) from the folder {@link org.nn4j.data.DataFolder} names;
 *       missing files come from public mirrors through {@link org.nn4j.data.Downloader}, verified
 *       by SHA-256.</li>
 *   <li>Synthetic data: {@link org.nn4j.data.Synthetic} (two Gaussians, XOR, checkerboard, linear regression),
 *       {@link org.nn4j.data.Arti} with its Bayes-optimal accuracy.</li>
 *   <li>Splits: {@link org.nn4j.data.Splits} (training/validation, stratified, N per class); batch the
 *       selected arrays with nn-core's {@code DataLoader}.</li>
 *   <li>Transforms, batch-wide: {@link org.nn4j.data.Normalise}, {@link org.nn4j.data.Noise},
 *       {@link org.nn4j.data.Rotations}, {@link org.nn4j.data.Shifts}, {@link org.nn4j.data.Affine},
 *       {@link org.nn4j.data.OneHot}.</li>
 * </ul>
 * Corrupt files throw {@link org.nn4j.data.DataFileException}, files that cannot be had
 * {@link org.nn4j.data.MissingDataException}; both name the file, what was expected and what was found.
 */
package org.nn4j.data;
