package org.nn4j.layers.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.layers.ELU;
import org.nn4j.layers.GELU;
import org.nn4j.layers.Hardswish;
import org.nn4j.layers.Hardtanh;
import org.nn4j.layers.LeakyReLU;
import org.nn4j.layers.LogSigmoid;
import org.nn4j.layers.LogSoftmax;
import org.nn4j.layers.PReLU;
import org.nn4j.layers.ReLU;
import org.nn4j.layers.ReLU6;
import org.nn4j.layers.SELU;
import org.nn4j.layers.SiLU;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.Softmax;
import org.nn4j.layers.Softplus;
import org.nn4j.layers.TanH;

/**
 * The activations: one ONNX operator where opset 17 has it, else a few (GELU from {@code Erf} or {@code Tanh}, SiLU
 * as {@code x · Sigmoid(x)}, LogSigmoid as {@code −Softplus(−x)}, Softplus with β and its threshold).
 */
final class ActivationConverters {

    /** PyTorch's SELU constants, which ONNX's defaults round to float32. */
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private ActivationConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        simple(converters, ReLU.class, "Relu");
        simple(converters, Sigmoid.class, "Sigmoid");
        simple(converters, TanH.class, "Tanh");
        simple(converters, Hardswish.class, "HardSwish");
        converters.put(LeakyReLU.class, Converter.leaf(LeakyReLU.class,
                (m, x, out, g, path) -> g.node(path, "LeakyRelu", x.name(), Attr.f("alpha", m.negativeSlope()))));
        converters.put(ELU.class, Converter.leaf(ELU.class,
                (m, x, out, g, path) -> g.node(path, "Elu", x.name(), Attr.f("alpha", m.alpha()))));
        converters.put(SELU.class, Converter.leaf(SELU.class, (m, x, out, g, path) ->
                g.node(path, "Selu", x.name(), Attr.f("alpha", SELU_ALPHA), Attr.f("gamma", SELU_SCALE))));
        converters.put(Hardtanh.class, Converter.leaf(Hardtanh.class,
                (m, x, out, g, path) -> clip(x, m.minVal(), m.maxVal(), g, path)));
        converters.put(ReLU6.class, Converter.leaf(ReLU6.class, (m, x, out, g, path) -> clip(x, 0, 6, g, path)));
        converters.put(Softmax.class, Converter.leaf(Softmax.class,
                (m, x, out, g, path) -> g.node(path, "Softmax", x.name(), Attr.i("axis", 1))));
        converters.put(LogSoftmax.class, Converter.leaf(LogSoftmax.class,
                (m, x, out, g, path) -> g.node(path, "LogSoftmax", x.name(), Attr.i("axis", 1))));
        converters.put(SiLU.class, Converter.leaf(SiLU.class,
                (m, x, out, g, path) -> g.node(path, "Mul", List.of(x.name(), g.node(path, "Sigmoid", x.name())))));
        converters.put(LogSigmoid.class, Converter.leaf(LogSigmoid.class, (m, x, out, g, path) ->
                g.node(path, "Neg", g.node(path, "Softplus", g.node(path, "Neg", x.name())))));
        converters.put(Softplus.class, Converter.leaf(Softplus.class, ActivationConverters::softplus));
        converters.put(GELU.class, Converter.leaf(GELU.class, ActivationConverters::gelu));
        converters.put(PReLU.class, Converter.leaf(PReLU.class, ActivationConverters::prelu));
    }

    private static <M extends Module> void simple(Map<Class<? extends Module>, Converter> converters, Class<M> type,
                                                  String op) {
        converters.put(type, Converter.leaf(type, (m, x, out, g, path) -> g.node(path, op, x.name())));
    }

    private static String clip(Value x, double min, double max, OnnxGraph g, String path) {
        return g.node(path, "Clip", List.of(x.name(), g.scalar(path, "min", min), g.scalar(path, "max", max)));
    }

    /** {@code log(1 + exp(β·x)) / β}, and x itself where {@code β·x > threshold}. */
    private static String softplus(Softplus m, Value x, INDArray out, OnnxGraph g, String path) {
        String bx = m.beta() == 1 ? x.name() : g.node(path, "Mul", List.of(x.name(), g.scalar(path, "beta", m.beta())));
        String soft = g.node(path, "Softplus", bx);
        if (m.beta() != 1) {
            soft = g.node(path, "Div", List.of(soft, g.scalar(path, "beta", m.beta())));
        }
        String linear = g.node(path, "Greater", List.of(bx, g.scalar(path, "threshold", m.threshold())));
        return g.node(path, "Where", List.of(linear, x.name(), soft));
    }

    /** {@code x/2 · (1 + erf(x/√2))}, or with "tanh" {@code x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    private static String gelu(GELU m, Value x, INDArray out, OnnxGraph g, String path) {
        String inner;
        if (m.approximate().equals("tanh")) {
            String cube = g.node(path, "Mul", List.of(x.name(), g.node(path, "Mul", List.of(x.name(), x.name()))));
            String sum = g.node(path, "Add", List.of(x.name(), g.node(path, "Mul", List.of(cube, g.scalar(path, "c", 0.044715)))));
            inner = g.node(path, "Tanh", g.node(path, "Mul", List.of(sum, g.scalar(path, "sqrt_2_over_pi", Math.sqrt(2 / Math.PI)))));
        } else {
            inner = g.node(path, "Erf", g.node(path, "Mul", List.of(x.name(), g.scalar(path, "one_over_sqrt2", Math.sqrt(0.5)))));
        }
        String onePlus = g.node(path, "Add", List.of(inner, g.scalar(path, "one", 1)));
        return g.node(path, "Mul", List.of(g.node(path, "Mul", List.of(x.name(), g.scalar(path, "half", 0.5))), onePlus));
    }

    /** ONNX broadcasts the slope from the last axes: one per channel is {@code [C, 1, …]}. */
    private static String prelu(PReLU m, Value x, INDArray out, OnnxGraph g, String path) {
        INDArray w = m.weight().value();
        long[] shape = new long[Math.max(1, x.sample().rank() - 1)];
        Arrays.fill(shape, 1);
        shape[0] = w.length();
        return g.node(path, "PRelu", List.of(x.name(), g.floats(path, "weight", w.reshape(shape))));
    }
}
