/**
 * Float32 kernels on the CPU by oneDNN, called directly through JavaCPP on ND4J's buffers (no copies),
 * with primitives built once per shape and thread. Used only where {@link org.nn4j.kernels.onednn.OneDnn#canRun}
 * says so; the tests hold every one to the ND4J reference.
 */
package org.nn4j.kernels.onednn;
