package org.nn4j.layers.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ONNX graph being built: its nodes in execution order and its initializers (the parameters), each value named
 * uniquely; {@link #model} writes the {@code ModelProto}. Field numbers are {@code onnx.proto}'s.
 */
final class OnnxGraph {

    /** The operator set of the default domain the nodes are written against. */
    static final int OPSET = 17;
    /** The IR version that goes with opset 17. */
    private static final int IR_VERSION = 8;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private record Node(String op, List<String> inputs, String output, String name, Attr[] attrs) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private int counter;

    /**
     * Adds a node with one output.
     *
     * @param path   where in the network the node comes from ({@code "2.block.0"}), for its name
     * @param op     the operator, e.g. {@code "Conv"}
     * @param inputs the names of its inputs, in the operator's order ({@code ""} for an omitted optional one)
     * @param attrs  its attributes
     * @return the name of its output
     */
    String node(String path, String op, List<String> inputs, Attr... attrs) {
        String name = fresh(path, op);
        nodes.add(new Node(op, List.copyOf(inputs), name, name, attrs));
        return name;
    }

    /**
     * Adds an {@code Identity} node whose output has the given name (a graph output's).
     *
     * @param input the value to pass on
     * @param name  the output's name, not used before
     * @return {@code name}
     */
    String named(String input, String name) {
        nodes.add(new Node("Identity", List.of(input), name, name, new Attr[0]));
        return name;
    }

    /** {@link #node(String, String, List, Attr...)} with one input. */
    String node(String path, String op, String input, Attr... attrs) {
        return node(path, op, List.of(input), attrs);
    }

    /**
     * Adds a float32 initializer holding {@code values} (converted from any floating-point dtype).
     *
     * @param path   where in the network it comes from
     * @param hint   its role, e.g. {@code "weight"}
     * @param values its values and shape; not modified
     * @return its name
     */
    String floats(String path, String hint, INDArray values) {
        INDArray c = values.castTo(DataType.FLOAT).dup('c');
        float[] data = c.length() == 0 ? new float[0] : c.data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            raw.putFloat(v);
        }
        return initializer(path, hint, c.shape(), FLOAT, raw.array());
    }

    /**
     * Adds a float32 scalar initializer (rank 0).
     *
     * @param path  where in the network it comes from
     * @param hint  its role
     * @param value its value
     * @return its name
     */
    String scalar(String path, String hint, double value) {
        byte[] raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat((float) value).array();
        return initializer(path, hint, new long[0], FLOAT, raw);
    }

    /**
     * Adds a 1-D int64 initializer, the form shapes, axes and pads take as inputs.
     *
     * @param path   where in the network it comes from
     * @param hint   its role, e.g. {@code "shape"}
     * @param values its values
     * @return its name
     */
    String int64s(String path, String hint, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return initializer(path, hint, new long[] {values.length}, INT64, raw.array());
    }

    /** {@code TensorProto}: dims 1, data_type 2, name 8, raw_data 9 (little-endian). */
    private String initializer(String path, String hint, long[] shape, int dataType, byte[] raw) {
        String name = fresh(path, hint);
        initializers.add(new ProtoWriter().packedVarints(1, shape).varint(2, dataType).string(8, name).bytes(9, raw));
        return name;
    }

    private String fresh(String path, String hint) {
        return (path.isEmpty() ? "" : path + "/") + hint + "_" + counter++;
    }

    /**
     * The whole model: {@code ModelProto} with the graph, its float32 inputs and outputs (axis 0 named {@code N}, any
     * batch size), and the opset.
     *
     * @param inputs  the graph's inputs: name and shape
     * @param outputs the graph's outputs: name and shape
     * @return the serialised model
     */
    byte[] model(List<NamedShape> inputs, List<NamedShape> outputs) {
        ProtoWriter graph = new ProtoWriter();
        for (Node n : nodes) { // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
            ProtoWriter node = new ProtoWriter();
            n.inputs().forEach(i -> node.string(1, i));
            node.string(2, n.output()).string(3, n.name()).string(4, n.op());
            for (Attr a : n.attrs()) {
                node.message(5, a.proto());
            }
            graph.message(1, node);
        }
        graph.string(2, "nn4j");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, valueInfo(v)));
        outputs.forEach(v -> graph.message(12, valueInfo(v)));
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, OPSET); // OperatorSetIdProto: domain 1, version 2
        // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8
        return new ProtoWriter().varint(1, IR_VERSION).string(2, "nn4j").message(7, graph).message(8, opset).toByteArray();
    }

    /**
     * {@code ValueInfoProto} (name 1, type 2) of a float32 tensor: {@code TypeProto.tensor_type} 1 holds elem_type 1 and
     * shape 2, whose dims (1) are {@code dim_value} 1 or, for the batch axis, {@code dim_param} 2.
     */
    private static ProtoWriter valueInfo(NamedShape v) {
        ProtoWriter shape = new ProtoWriter();
        for (int d = 0; d < v.shape().length; d++) {
            ProtoWriter dim = d == 0 ? new ProtoWriter().string(2, "N") : new ProtoWriter().varint(1, v.shape()[d]);
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, v.name()).message(2, new ProtoWriter().message(1, tensor));
    }

    /**
     * A graph input's or output's name and shape.
     *
     * @param name  the value's name
     * @param shape its shape; axis 0, the batch, is written as the symbol {@code N}
     */
    record NamedShape(String name, long[] shape) {
    }
}
