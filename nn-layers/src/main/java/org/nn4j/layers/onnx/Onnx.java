package org.nn4j.layers.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Exports a network to an ONNX model (opset 17, float32), to run it in ONNX Runtime or any other ONNX engine.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Conv2D(1, 8, 3), new ReLU(), new MaxPool2D(2), new Flatten(),
 *         new Linear(8 * 13 * 13, 10));
 * Onnx.export(net, Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28), Path.of("net.onnx"));
 * }</pre>
 *
 * <p>The graph has one input, {@code input}, shaped like the sample input but for the batch axis, which is the
 * symbol {@code N} (any batch size), and one output, {@code output} (a network that ends in a table of arrays has
 * {@code output_0}, {@code output_1}, …). The network is exported as it computes in evaluation mode: BatchNorm with
 * its running statistics, Dropout as the identity. Parameters are written as float32 whatever their dtype, and the
 * graph takes float32.
 *
 * <p>The sample input is run through the network once, in nn4j, to learn the shape at every point. Where a module's
 * export depends on the spatial size (a pooling in ceil mode, whose last window PyTorch's rule places; an adaptive
 * pooling that is not global), the graph is for inputs of the sample's size; everything else takes any size that the
 * network takes.
 *
 * <p>Exportable: the composition containers ({@code Sequential}, {@code Residual}, {@code Concat},
 * {@code ConcatTable}, {@code ParallelTable}, {@code CAddTable}, {@code JoinTable}, {@code Identity}), {@code Linear},
 * {@code Conv1D}, {@code Conv2D}, {@code ConvTranspose2D}, max and average pooling (1-D and 2-D, ceil mode included),
 * adaptive pooling to 1×1 or to a size dividing the input's, {@code BatchNorm1D}, {@code BatchNorm2D},
 * {@code LayerNorm}, {@code InstanceNorm2D}, {@code GroupNorm}, the activations, {@code Softmax}, {@code LogSoftmax}, {@code Flatten}, {@code Reshape},
 * {@code Squeeze}, {@code Unsqueeze}, {@code Permute}, {@code Transpose}, {@code Narrow}, {@code Upsample2D},
 * {@code ZeroPad2D}, {@code ReflectionPad2D}, {@code ReplicationPad2D},
 * {@code Dropout} and {@code Dropout2D}; {@link #exportable()} lists them. A class is matched exactly, so a subclass
 * of one of them is not exportable.
 */
public final class Onnx {

    private Onnx() {
    }

    /**
     * Writes the ONNX model of {@code module} to {@code path}, through a temporary file moved into place (so no
     * half-written model is left behind).
     *
     * @param module      the network; run once in evaluation mode, and put back in training mode if it was in it
     * @param sampleInput an input the network takes, {@code [N, …]} with N at least 1; not modified
     * @param path        the file to write, replaced if it exists
     * @throws IllegalArgumentException when a module cannot be exported, naming it and its place in the network
     *         ({@code "at 2.block.0"}: child 0 of the block of the Residual that is child 2), or when the network
     *         rejects the sample input
     * @throws IOException when the file cannot be written
     */
    public static void export(Module module, INDArray sampleInput, Path path) throws IOException {
        byte[] model = toBytes(module, sampleInput);
        Path target = path.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(model));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The ONNX model of {@code module}, serialised ({@code ModelProto}), as {@link #export} writes it.
     *
     * @param module      the network; run once in evaluation mode, and put back in training mode if it was in it
     * @param sampleInput an input the network takes, {@code [N, …]} with N at least 1; not modified
     * @return the model's bytes
     * @throws IllegalArgumentException when a module cannot be exported, naming it and its place in the network, or
     *         when the network rejects the sample input
     */
    public static byte[] toBytes(Module module, INDArray sampleInput) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(sampleInput, "sampleInput");
        if (sampleInput.rank() < 1 || sampleInput.size(0) < 1) {
            throw new IllegalArgumentException("Onnx.export: expected a sample input [N, …] with N >= 1, found "
                    + Checks.shape(sampleInput));
        }
        boolean training = module.isTraining();
        module.eval();
        try {
            Exporter exporter = new Exporter();
            Flow out = exporter.convert(module, Flow.of("input", sampleInput), "");
            OnnxGraph graph = exporter.graph();
            List<OnnxGraph.NamedShape> outputs = new ArrayList<>();
            for (int i = 0; i < out.values().size(); i++) {
                Value v = out.values().get(i);
                String name = graph.named(v.name(), out.table() ? "output_" + i : "output");
                outputs.add(new OnnxGraph.NamedShape(name, v.sample().shape()));
            }
            return graph.model(List.of(new OnnxGraph.NamedShape("input", sampleInput.shape())), outputs);
        } finally {
            if (training) {
                module.train();
            }
        }
    }

    /** {@return the simple names of the exportable module classes, sorted} */
    public static List<String> exportable() {
        return Converters.exportable();
    }
}
