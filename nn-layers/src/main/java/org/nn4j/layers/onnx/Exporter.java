package org.nn4j.layers.onnx;

import org.nn4j.core.Module;

/** Walks a network, each module through the converter registered for its class, into one {@link OnnxGraph}. */
final class Exporter {

    private final OnnxGraph graph = new OnnxGraph();

    OnnxGraph graph() {
        return graph;
    }

    /**
     * Exports {@code module} (and, for a container, its children).
     *
     * @throws IllegalArgumentException naming the module and its place when it cannot be exported
     */
    Flow convert(Module module, Flow input, String path) {
        String simple = module.getClass().getSimpleName();
        String name = simple.isEmpty() ? module.getClass().getName() : simple; // an anonymous class has no simple name
        Converter converter = Converters.of(module.getClass());
        if (converter == null) {
            throw new IllegalArgumentException("Onnx.export: " + name + " (" + where(path) + ") cannot be exported; exportable: "
                    + String.join(", ", Converters.exportable()));
        }
        try {
            return converter.convert(module, input, this, path);
        } catch (NotExportable e) {
            throw new IllegalArgumentException("Onnx.export: " + name + " (" + where(path) + ") cannot be exported: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Exports a child of a container.
     *
     * @param child the child's name in its container: an index, or {@code block} / {@code shortcut}
     */
    Flow convertChild(Module module, Flow input, String path, Object child) {
        return convert(module, input, path.isEmpty() ? String.valueOf(child) : path + "." + child);
    }

    private static String where(String path) {
        return path.isEmpty() ? "the network itself" : "at " + path;
    }
}
