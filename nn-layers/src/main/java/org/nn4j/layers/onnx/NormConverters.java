package org.nn4j.layers.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.GroupNorm;
import org.nn4j.layers.InstanceNorm2D;
import org.nn4j.layers.LayerNorm;

/**
 * BatchNorm in evaluation mode as {@code BatchNormalization} with the running statistics; LayerNorm as
 * {@code LayerNormalization} over the last axes; InstanceNorm2D as {@code InstanceNormalization}; GroupNorm as
 * {@code InstanceNormalization} of the groups ({@code [N, G, C / G · …]}), then the per-channel weight and bias.
 */
final class NormConverters {

    private NormConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(BatchNorm1D.class, Converter.leaf(BatchNorm1D.class, NormConverters::batchNorm));
        converters.put(BatchNorm2D.class, Converter.leaf(BatchNorm2D.class, NormConverters::batchNorm));
        converters.put(InstanceNorm2D.class, Converter.leaf(InstanceNorm2D.class, NormConverters::instanceNorm));
        converters.put(GroupNorm.class, Converter.leaf(GroupNorm.class, NormConverters::groupNorm));
        converters.put(LayerNorm.class, Converter.leaf(LayerNorm.class, (m, x, out, g, path) -> {
            List<String> inputs = new ArrayList<>(List.of(x.name(), m.weight() != null
                    ? g.floats(path, "weight", m.weight().value())
                    : g.floats(path, "ones", Nd4j.ones(DataType.FLOAT, m.normalizedShape()))));
            if (m.bias() != null) {
                inputs.add(g.floats(path, "bias", m.bias().value()));
            }
            return g.node(path, "LayerNormalization", inputs, Attr.i("axis", -m.normalizedShape().length),
                    Attr.f("epsilon", m.eps()));
        }));
    }

    private static String instanceNorm(InstanceNorm2D m, Value x, INDArray out, OnnxGraph g, String path) {
        long c = x.sample().size(1);
        return g.node(path, "InstanceNormalization", List.of(x.name(), weightOr(m.weight(), 1, c, g, path),
                weightOr(m.bias(), 0, c, g, path)), Attr.f("epsilon", m.eps()));
    }

    private static String groupNorm(GroupNorm m, Value x, INDArray out, OnnxGraph g, String path) {
        long groups = m.numGroups();
        String grouped = g.node(path, "Reshape", List.of(x.name(), g.int64s(path, "groups", 0, groups, -1)));
        String normalised = g.node(path, "InstanceNormalization", List.of(grouped,
                g.floats(path, "ones", Nd4j.ones(DataType.FLOAT, groups)), g.floats(path, "zeros", Nd4j.zeros(DataType.FLOAT, groups))),
                Attr.f("epsilon", m.eps()));
        long[] shape = x.sample().shape().clone();
        shape[0] = 0; // any batch size
        String y = g.node(path, "Reshape", List.of(normalised, g.int64s(path, "shape", shape)));
        if (m.weight() == null) {
            return y;
        }
        long[] perChannel = new long[x.sample().rank() - 1];
        Arrays.fill(perChannel, 1);
        perChannel[0] = x.sample().size(1);
        y = g.node(path, "Mul", List.of(y, g.floats(path, "weight", m.weight().value().reshape(perChannel))));
        return g.node(path, "Add", List.of(y, g.floats(path, "bias", m.bias().value().reshape(perChannel))));
    }

    /** The parameter's value, or {@code fill} for each of the C channels when the module has no such parameter. */
    private static String weightOr(Parameter p, double fill, long channels, OnnxGraph g, String path) {
        return p != null ? g.floats(path, p.name(), p.value())
                : g.floats(path, fill == 0 ? "zeros" : "ones", Nd4j.valueArrayOf(new long[] {channels}, fill, DataType.FLOAT));
    }

    private static String batchNorm(BatchNorm m, Value x, INDArray out, OnnxGraph g, String path) {
        return g.node(path, "BatchNormalization", List.of(x.name(), g.floats(path, "weight", m.weight().value()),
                g.floats(path, "bias", m.bias().value()), g.floats(path, "running_mean", m.runningMean()),
                g.floats(path, "running_var", m.runningVar())), Attr.f("epsilon", m.eps()));
    }
}
