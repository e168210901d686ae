/** Small GEMMs by cblas (OpenBLAS) directly, without the overhead of ND4J's op for each call. */
package org.nn4j.kernels.cblas;
