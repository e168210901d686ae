package org.nn4j.layers.onnx;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;

/** Writes the ONNX nodes of one kind of module. */
@FunctionalInterface
interface Converter {

    /**
     * @param module   the module, of the kind the converter is registered for
     * @param input    what flows into it
     * @param exporter the graph being built, and the way to export the children of a container
     * @param path     the module's place in the network ({@code "2.block.0"}, {@code ""} for the network itself)
     * @return what flows out of it
     * @throws NotExportable when these settings or this input cannot be exported
     */
    Flow convert(Module module, Flow input, Exporter exporter, String path);

    /**
     * The converter of a module that takes and gives one array: nn4j's forward on the sample gives the output's
     * sample, and {@code leaf} writes the nodes.
     */
    static <M extends Module> Converter leaf(Class<M> type, Leaf<M> leaf) {
        return (module, input, exporter, path) -> {
            Value x = input.single();
            INDArray out = module.forward(x.sample());
            return Flow.of(leaf.convert(type.cast(module), x, out, exporter.graph(), path), out);
        };
    }

    /** Writes the nodes of a module that takes and gives one array. */
    @FunctionalInterface
    interface Leaf<M extends Module> {

        /**
         * @param module the module
         * @param input  its input
         * @param output nn4j's output for the sample input
         * @param graph  where the nodes go
         * @param path   the module's place in the network, for the nodes' names
         * @return the name of the output
         */
        String convert(M module, Value input, INDArray output, OnnxGraph graph, String path);
    }
}
