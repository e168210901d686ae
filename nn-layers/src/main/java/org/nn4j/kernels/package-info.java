/**
 * The kernels the modules call: one facade per op family ({@link org.nn4j.kernels.Convolution},
 * {@link org.nn4j.kernels.Pooling}, {@link org.nn4j.kernels.Resampling}, {@link org.nn4j.kernels.Elementwise},
 * {@link org.nn4j.kernels.SoftmaxKernel}, {@link org.nn4j.kernels.Gemm}), each choosing an implementation per
 * call from dtype, backend and layout, and the thread policy ({@link org.nn4j.kernels.Threads}). Below them,
 * {@code kernels.nd4j} is the reference (every dtype and backend), {@code kernels.onednn} and
 * {@code kernels.cblas} are fast paths that the tests hold to it. Also here: what the losses use to
 * read and check arrays on the host ({@link org.nn4j.kernels.Host}, {@link org.nn4j.kernels.Targets}).
 * Arguments are never modified; results are new arrays.
 */
package org.nn4j.kernels;
