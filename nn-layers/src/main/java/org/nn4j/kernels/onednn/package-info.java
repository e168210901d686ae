/**
 * Float32 kernels on the CPU by oneDNN, called directly through JavaCPP on ND4J's buffers (no copies),
 * with primitives built once per shape and thread. Used only where {@link org.nn4j.kernels.onednn.OneDnn#canRun}
 * says so; held to the ND4J reference by the module spec table.
 */
package org.nn4j.kernels.onednn;
