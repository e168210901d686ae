package org.nn4j.layers.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.LayerNorm;

/**
 * BatchNorm in evaluation mode as {@code BatchNormalization} with the running statistics; LayerNorm as
 * {@code LayerNormalization} over the last axes.
 */
final class NormConverters {

    private NormConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(BatchNorm1D.class, Converter.leaf(BatchNorm1D.class, NormConverters::batchNorm));
        converters.put(BatchNorm2D.class, Converter.leaf(BatchNorm2D.class, NormConverters::batchNorm));
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

    private static String batchNorm(BatchNorm m, Value x, INDArray out, OnnxGraph g, String path) {
        return g.node(path, "BatchNormalization", List.of(x.name(), g.floats(path, "weight", m.weight().value()),
                g.floats(path, "bias", m.bias().value()), g.floats(path, "running_mean", m.runningMean()),
                g.floats(path, "running_var", m.runningVar())), Attr.f("epsilon", m.eps()));
    }
}
