package org.nn4j.layers.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.layers.Conv1D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.ConvTranspose2D;

/**
 * Conv1D and Conv2D as {@code Conv}, ConvTranspose2D as {@code ConvTranspose}: the weights have ONNX's layouts
 * already ({@code [out, in / groups, k…]} and {@code [in, out, kH, kW]}).
 */
final class ConvConverters {

    private ConvConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(Conv1D.class, Converter.leaf(Conv1D.class,
                (m, x, out, g, path) -> conv(m.geometry(), m.weight(), m.bias(), x, g, path)));
        converters.put(Conv2D.class, Converter.leaf(Conv2D.class,
                (m, x, out, g, path) -> conv(m.geometry(), m.weight(), m.bias(), x, g, path)));
        converters.put(ConvTranspose2D.class, Converter.leaf(ConvTranspose2D.class, ConvConverters::convTranspose));
    }

    private static String conv(ConvGeometry geometry, Parameter weight, Parameter bias, Value x, OnnxGraph g, String path) {
        INDArray w = weight.value();
        long groups = x.sample().size(1) / w.size(1);
        return g.node(path, "Conv", inputs(x, weight, bias, g, path),
                Attr.ints("kernel_shape", geometry.kernel()), Attr.ints("strides", geometry.stride()),
                Attr.ints("pads", pads(geometry)), Attr.ints("dilations", geometry.dilation()), Attr.i("group", groups));
    }

    /** The output padding is what the sample's output has beyond {@code stride·(in − 1) + span − 2·padding}. */
    private static String convTranspose(ConvTranspose2D m, Value x, INDArray out, OnnxGraph g, String path) {
        ConvGeometry geometry = m.geometry();
        int[] span = geometry.span();
        long[] outputPadding = new long[2];
        for (int d = 0; d < 2; d++) {
            long in = x.sample().size(2 + d);
            outputPadding[d] = out.size(2 + d) - ((in - 1) * geometry.stride()[d] + span[d] - 2L * geometry.padding()[d]);
        }
        return g.node(path, "ConvTranspose", inputs(x, m.weight(), m.bias(), g, path),
                Attr.ints("kernel_shape", geometry.kernel()), Attr.ints("strides", geometry.stride()),
                Attr.ints("pads", pads(geometry)), Attr.ints("dilations", geometry.dilation()),
                Attr.ints("output_padding", outputPadding));
    }

    private static List<String> inputs(Value x, Parameter weight, Parameter bias, OnnxGraph g, String path) {
        List<String> inputs = new ArrayList<>(List.of(x.name(), g.floats(path, "weight", weight.value())));
        if (bias != null) {
            inputs.add(g.floats(path, "bias", bias.value()));
        }
        return inputs;
    }

    /**
     * ONNX's pads, every axis's start then every axis's end; "same" puts {@code dilation·(k − 1)} zeros around the
     * input, the odd one at the end (as PyTorch).
     */
    static long[] pads(ConvGeometry geometry) {
        int n = geometry.kernel().length;
        long[] pads = new long[2 * n];
        for (int d = 0; d < n; d++) {
            if (geometry.same()) {
                int total = geometry.dilation()[d] * (geometry.kernel()[d] - 1);
                pads[d] = total / 2;
                pads[n + d] = total - total / 2;
            } else {
                pads[d] = geometry.padding()[d];
                pads[n + d] = geometry.padding()[d];
            }
        }
        return pads;
    }
}
