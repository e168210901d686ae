package org.nn4j.layers.onnx;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor of the graph being built: its name in the ONNX graph, and what nn4j computes there for the sample input
 * (which gives the converters the shapes they need).
 *
 * @param name   the tensor's name in the graph
 * @param sample nn4j's value of it for the sample input
 */
record Value(String name, INDArray sample) {
}
