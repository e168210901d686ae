/**
 * Saving and loading: NumPy's {@code .npy} and {@code .npz} formats ({@link org.nn4j.core.io.Npy},
 * {@link org.nn4j.core.io.Npz}), which NumPy and PyTorch read and write as they are, and checkpoints of a
 * module's parameters and buffers under PyTorch's {@code state_dict} names
 * ({@link org.nn4j.core.io.Checkpoint}). Files are written to a temporary file and moved into place, so a
 * failed write leaves an existing file as it was.
 */
package org.nn4j.core.io;
