/** Small GEMMs by cblas (OpenBLAS) directly, about 1 µs of overhead a call instead of ND4J's 10 µs. */
package org.nn4j.kernels.cblas;
