package org.nn4j.layers.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Identity;
import org.nn4j.core.Module;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Dropout2D;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Narrow;
import org.nn4j.layers.Permute;
import org.nn4j.layers.ReflectionPad2D;
import org.nn4j.layers.ReplicationPad2D;
import org.nn4j.layers.Reshape;
import org.nn4j.layers.Squeeze;
import org.nn4j.layers.Transpose;
import org.nn4j.layers.Unsqueeze;
import org.nn4j.layers.Upsample2D;
import org.nn4j.layers.ZeroPad2D;

/**
 * Modules that move or pad elements without arithmetic, and Dropout, which in evaluation mode is the identity. Reshape,
 * Squeeze and Unsqueeze become {@code Reshape} to the sample's output shape with the batch axis copied ({@code 0}),
 * so the graph takes any batch size.
 */
final class ShapeConverters {

    private ShapeConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        identity(converters, Identity.class);
        identity(converters, Dropout.class);
        identity(converters, Dropout2D.class);
        converters.put(Flatten.class, Converter.leaf(Flatten.class,
                (m, x, out, g, path) -> g.node(path, "Flatten", x.name(), Attr.i("axis", 1))));
        converters.put(Reshape.class, Converter.leaf(Reshape.class, ShapeConverters::reshape));
        converters.put(Squeeze.class, Converter.leaf(Squeeze.class, ShapeConverters::reshape));
        converters.put(Unsqueeze.class, Converter.leaf(Unsqueeze.class, ShapeConverters::reshape));
        converters.put(Permute.class, Converter.leaf(Permute.class,
                (m, x, out, g, path) -> g.node(path, "Transpose", x.name(), Attr.ints("perm", m.dims()))));
        converters.put(Transpose.class, Converter.leaf(Transpose.class, (m, x, out, g, path) -> {
            int rank = x.sample().rank();
            int a = m.dim0() < 0 ? m.dim0() + rank : m.dim0();
            int b = m.dim1() < 0 ? m.dim1() + rank : m.dim1();
            int[] perm = new int[rank];
            for (int d = 0; d < rank; d++) {
                perm[d] = d == a ? b : d == b ? a : d;
            }
            return g.node(path, "Transpose", x.name(), Attr.ints("perm", perm));
        }));
        converters.put(ZeroPad2D.class, Converter.leaf(ZeroPad2D.class,
                (m, x, out, g, path) -> pad(m.padding(), "constant", x, g, path)));
        converters.put(ReflectionPad2D.class, Converter.leaf(ReflectionPad2D.class,
                (m, x, out, g, path) -> pad(m.padding(), "reflect", x, g, path)));
        converters.put(ReplicationPad2D.class, Converter.leaf(ReplicationPad2D.class,
                (m, x, out, g, path) -> pad(m.padding(), "edge", x, g, path)));
        converters.put(Narrow.class, Converter.leaf(Narrow.class, (m, x, out, g, path) -> {
            int axis = m.dim() < 0 ? m.dim() + x.sample().rank() : m.dim();
            long start = m.start() < 0 ? m.start() + x.sample().size(axis) : m.start();
            return g.node(path, "Slice", List.of(x.name(), g.int64s(path, "starts", start),
                    g.int64s(path, "ends", start + m.length()), g.int64s(path, "axes", axis)));
        }));
        converters.put(Upsample2D.class, Converter.leaf(Upsample2D.class, (m, x, out, g, path) -> {
            INDArray scales = Nd4j.createFromArray(1f, 1f, (float) (out.size(2) / x.sample().size(2)),
                    (float) (out.size(3) / x.sample().size(3)));
            return g.node(path, "Resize", List.of(x.name(), "", g.floats(path, "scales", scales)),
                    Attr.s("mode", "nearest"), Attr.s("coordinate_transformation_mode", "asymmetric"),
                    Attr.s("nearest_mode", "floor"));
        }));
    }

    /** ONNX's {@code Pad} of {@code [N, C, H, W]}: every axis's start, then every axis's end. */
    private static String pad(int[] leftRightTopBottom, String mode, Value x, OnnxGraph g, String path) {
        int[] p = leftRightTopBottom;
        String pads = g.int64s(path, "pads", 0, 0, p[2], p[0], 0, 0, p[3], p[1]);
        return g.node(path, "Pad", List.of(x.name(), pads), Attr.s("mode", mode));
    }

    private static <M extends Module> void identity(Map<Class<? extends Module>, Converter> converters, Class<M> type) {
        converters.put(type, Converter.leaf(type, (m, x, out, g, path) -> g.node(path, "Identity", x.name())));
    }

    private static String reshape(Module m, Value x, INDArray out, OnnxGraph g, String path) {
        long[] shape = out.shape().clone();
        if (Arrays.stream(shape).skip(1).anyMatch(s -> s == 0)) {
            throw new NotExportable("its output " + Arrays.toString(shape) + " has an axis of size 0 besides the batch");
        }
        shape[0] = 0; // ONNX's Reshape copies a 0 from the input: any batch size
        return g.node(path, "Reshape", List.of(x.name(), g.int64s(path, "shape", shape)));
    }
}
