package org.nn4j.layers.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.kernels.ConvGeometry;
import org.nn4j.kernels.PoolWindow;
import org.nn4j.layers.AdaptiveAvgPool2D;
import org.nn4j.layers.AdaptiveMaxPool2D;
import org.nn4j.layers.AvgPool1D;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.MaxPool1D;
import org.nn4j.layers.MaxPool2D;

/**
 * Max and average pooling as {@code MaxPool} and {@code AveragePool}, the adaptive ones as {@code GlobalMaxPool} /
 * {@code GlobalAveragePool} (output 1×1) or a fixed window (the input's size a multiple of the output's).
 *
 * <p>PyTorch's ceil mode drops a last window that would start in the right padding, which ONNX's ceil mode does not;
 * so ceil mode is written as floor mode with the extra positions the last window reaches as end padding (nn4j's
 * {@link PoolWindow#paddingAfter}), which a maximum and an average that does not count padding ignore.
 */
final class PoolConverters {

    private PoolConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(MaxPool1D.class, Converter.leaf(MaxPool1D.class, (m, x, out, g, path) -> max(m.window(), x, g, path)));
        converters.put(MaxPool2D.class, Converter.leaf(MaxPool2D.class, (m, x, out, g, path) -> max(m.window(), x, g, path)));
        converters.put(AvgPool1D.class, Converter.leaf(AvgPool1D.class,
                (m, x, out, g, path) -> average(m.window(), m.countIncludesPad(), x, g, path)));
        converters.put(AvgPool2D.class, Converter.leaf(AvgPool2D.class,
                (m, x, out, g, path) -> average(m.window(), m.countIncludesPad(), x, g, path)));
        converters.put(AdaptiveAvgPool2D.class, Converter.leaf(AdaptiveAvgPool2D.class,
                (m, x, out, g, path) -> adaptive("AveragePool", "GlobalAveragePool", x, out, g, path)));
        converters.put(AdaptiveMaxPool2D.class, Converter.leaf(AdaptiveMaxPool2D.class,
                (m, x, out, g, path) -> adaptive("MaxPool", "GlobalMaxPool", x, out, g, path)));
    }

    private static String max(PoolWindow window, Value x, OnnxGraph g, String path) {
        ConvGeometry geometry = window.geometry();
        return g.node(path, "MaxPool", x.name(), Attr.ints("kernel_shape", geometry.kernel()),
                Attr.ints("strides", geometry.stride()), Attr.ints("pads", pads(window, spatial(x.sample()))),
                Attr.ints("dilations", geometry.dilation()));
    }

    /**
     * An average that counts the padding and has a last window reaching past it divides by the positions within
     * {@code in + padding} only (PyTorch's rule), which ONNX cannot say: it is then the average that does not count
     * padding times the constant {@code positions in the input / PyTorch's divisor} of each output (for inputs of the
     * sample's size).
     */
    private static String average(PoolWindow window, boolean countIncludePad, Value x, OnnxGraph g, String path) {
        ConvGeometry geometry = window.geometry();
        long[] spatial = spatial(x.sample());
        boolean rescale = countIncludePad && window.ceilMode() && window.reachesPastThePadding(spatial);
        String y = g.node(path, "AveragePool", x.name(), Attr.ints("kernel_shape", geometry.kernel()),
                Attr.ints("strides", geometry.stride()), Attr.ints("pads", pads(window, spatial)),
                Attr.i("count_include_pad", countIncludePad && !rescale ? 1 : 0));
        return rescale ? g.node(path, "Mul", List.of(y, g.floats(path, "divisor_ratio", divisorRatio(window, spatial)))) : y;
    }

    /** {@code [1, 1, o…]}: per output, the input positions of its window over PyTorch's divisor (which counts padding). */
    private static INDArray divisorRatio(PoolWindow window, long[] spatial) {
        long[][] inInput = window.divisors(spatial, false);
        long[][] pyTorch = window.divisors(spatial, true);
        long[] out = window.outputSize(spatial);
        double[] ratio = new double[(int) Arrays.stream(out).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < ratio.length; i++) {
            double r = 1;
            int rest = i;
            for (int d = out.length - 1; d >= 0; d--) {
                int o = (int) (rest % out[d]);
                rest /= (int) out[d];
                r *= (double) inInput[d][o] / pyTorch[d][o];
            }
            ratio[i] = r;
        }
        long[] shape = new long[2 + out.length];
        shape[0] = 1;
        shape[1] = 1;
        System.arraycopy(out, 0, shape, 2, out.length);
        return Nd4j.createFromArray(ratio).reshape('c', shape);
    }

    /**
     * ONNX's pads: the padding at the start; at the end the positions the last window reaches after the input (the
     * padding, more in ceil mode).
     */
    private static long[] pads(PoolWindow window, long[] spatial) {
        int n = spatial.length;
        int[] padding = window.geometry().padding();
        long[] after = window.paddingAfter(spatial);
        long[] pads = new long[2 * n];
        for (int d = 0; d < n; d++) {
            pads[d] = padding[d];
            pads[n + d] = after[d];
        }
        return pads;
    }

    private static String adaptive(String op, String globalOp, Value x, INDArray out, OnnxGraph g, String path) {
        long h = x.sample().size(2);
        long w = x.sample().size(3);
        long oH = out.size(2);
        long oW = out.size(3);
        if (oH == 1 && oW == 1) {
            return g.node(path, globalOp, x.name());
        }
        if (h % oH != 0 || w % oW != 0) {
            throw new NotExportable("its output " + oH + "×" + oW + " does not divide the input " + h + "×" + w
                    + " (ONNX has no adaptive pooling; an output of 1×1 or one dividing the input can be exported)");
        }
        return g.node(path, op, x.name(), Attr.ints("kernel_shape", h / oH, w / oW), Attr.ints("strides", h / oH, w / oW));
    }

    private static long[] spatial(INDArray x) {
        return Arrays.copyOfRange(x.shape(), 2, x.rank());
    }
}
