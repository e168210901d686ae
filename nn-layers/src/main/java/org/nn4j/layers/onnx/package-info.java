/**
 * Export of nn4j networks to ONNX, the exchange format of ONNX Runtime, TensorRT, OpenVINO and most inference engines:
 * {@link org.nn4j.layers.onnx.Onnx#export Onnx.export(network, sampleInput, path)}.
 *
 * <p>The model is written against opset 17 in float32, with the batch axis of its input and output symbolic. Each
 * module class is written by its own converter (a registry maps the class to it): one ONNX operator where ONNX has
 * the module's operation, a few where it has not (GELU from {@code Erf}, SiLU as {@code x · Sigmoid(x)}); containers
 * export their children in turn. A module that cannot be exported stops the export with an
 * {@link java.lang.IllegalArgumentException} naming it and its place in the network, e.g.
 * {@code Onnx.export: LSTM (at 3) cannot be exported; exportable: …}.
 *
 * <p>The protocol-buffers messages ({@code ModelProto}, {@code GraphProto}, {@code NodeProto}, {@code TensorProto},
 * {@code ValueInfoProto}) are written field by field as {@code onnx.proto} numbers them, without generated code or a
 * protobuf dependency. The tests load every exported model in ONNX Runtime and compare its outputs with nn4j's.
 */
package org.nn4j.layers.onnx;
