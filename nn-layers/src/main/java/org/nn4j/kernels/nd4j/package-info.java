/** The reference implementation of every kernel, by ND4J's ops: every dtype, every backend (CPU or CUDA). */
package org.nn4j.kernels.nd4j;
