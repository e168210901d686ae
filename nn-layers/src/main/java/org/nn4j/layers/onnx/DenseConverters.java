package org.nn4j.layers.onnx;

import java.util.List;
import java.util.Map;
import org.nn4j.core.Module;
import org.nn4j.layers.Linear;

/** Linear: {@code Gemm} with {@code transB = 1} on {@code [N, in]} (the weight is {@code [out, in]}), else {@code MatMul}. */
final class DenseConverters {

    private DenseConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(Linear.class, Converter.leaf(Linear.class, (m, x, out, g, path) -> {
            String bias = m.bias() == null ? null : g.floats(path, "bias", m.bias().value());
            if (x.sample().rank() == 2) {
                String weight = g.floats(path, "weight", m.weight().value());
                return g.node(path, "Gemm", bias == null ? List.of(x.name(), weight) : List.of(x.name(), weight, bias),
                        Attr.i("transB", 1));
            }
            // [N, …, in]: MatMul broadcasts over the leading axes; it takes the weight transposed, [in, out]
            String y = g.node(path, "MatMul", List.of(x.name(), g.floats(path, "weightT", m.weight().value().transpose())));
            return bias == null ? y : g.node(path, "Add", List.of(y, bias));
        }));
    }
}
