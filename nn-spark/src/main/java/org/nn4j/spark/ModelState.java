package org.nn4j.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.io.Npy;
import org.nn4j.core.io.Npz;
import org.nn4j.core.optim.Optimizer;

/**
 * Everything a round hands from the driver to the tasks and back: a network's parameters and
 * buffers under their {@code state_dict} names, and optionally its optimizer's state as
 * {@code optimizer.<parameter>.<key>}, the names {@link Checkpoint} uses. On the wire it is an
 * {@code .npz} archive in memory, which NumPy reads as it is.
 */
final class ModelState {

    private ModelState() {
    }

    /**
     * The live arrays of {@code net} (and of {@code optimizer} when not null), by name.
     *
     * @param net       not modified
     * @param optimizer not modified; null leaves its state out
     * @return the arrays themselves, not copies
     */
    static Map<String, INDArray> gather(Module net, Optimizer optimizer) {
        Map<String, INDArray> state = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> state.put(name, p.value()));
        net.namedBuffers().forEach((name, b) -> state.put(name, b.value()));
        if (optimizer != null) {
            net.namedParameters().forEach((name, p) ->
                    optimizer.state(p).forEach((key, v) -> state.put(Checkpoint.OPTIMIZER + name + "." + key, v)));
        }
        return state;
    }

    /**
     * Copies {@code state} into {@code net}'s parameters and buffers (cast to their dtypes) and, when
     * {@code optimizer} is not null, the optimizer state found for each parameter. Everything is
     * checked before anything is assigned.
     *
     * @param state     by name, as {@link #gather} gives it; not modified
     * @param net       receives every parameter and buffer
     * @param optimizer receives the state found; null ignores it
     * @throws IllegalArgumentException naming every parameter or buffer missing from {@code state}
     *                                  or shaped differently, and every entry the network does not have
     */
    static void apply(Map<String, INDArray> state, Module net, Optimizer optimizer) {
        Map<String, Parameter> parameters = net.namedParameters();
        Map<String, Buffer> buffers = net.namedBuffers();
        List<String> wrong = new ArrayList<>();
        parameters.forEach((name, p) -> check(name, p.shape(), state.get(name), wrong));
        buffers.forEach((name, b) -> check(name, b.shape(), state.get(name), wrong));
        Map<String, Map<String, INDArray>> optimizerState = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(Checkpoint.OPTIMIZER)) {
                String rest = key.substring(Checkpoint.OPTIMIZER.length());
                int dot = rest.lastIndexOf('.');
                String parameter = dot < 0 ? rest : rest.substring(0, dot);
                if (!parameters.containsKey(parameter)) {
                    wrong.add(key + ": optimizer state of a parameter the network does not have");
                } else {
                    optimizerState.computeIfAbsent(parameter, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
                }
            } else if (!parameters.containsKey(key) && !buffers.containsKey(key)) {
                wrong.add(key + ": not in the network");
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("nn-spark: the model state does not fit the network " + net.getClass().getSimpleName()
                    + " (the network factory must build the same architecture every time):\n  " + String.join("\n  ", wrong));
        }
        parameters.forEach((name, p) -> p.set(state.get(name).castTo(p.value().dataType())));
        buffers.forEach((name, b) -> b.set(state.get(name).castTo(b.value().dataType())));
        if (optimizer != null) {
            optimizerState.forEach((name, s) -> optimizer.loadState(parameters.get(name), s));
        }
    }

    private static void check(String name, long[] shape, INDArray found, List<String> wrong) {
        if (found == null) {
            wrong.add(name + ": missing (expected " + java.util.Arrays.toString(shape) + ")");
        } else if (!java.util.Arrays.equals(shape, found.shape())) {
            wrong.add(name + ": expected " + java.util.Arrays.toString(shape) + ", found " + java.util.Arrays.toString(found.shape()));
        }
    }

    /**
     * An {@code .npz} archive of {@code state} in memory (entries stored, not deflated: parameters
     * hardly compress and the time would go into every round).
     *
     * @param state not modified
     * @return the archive's bytes
     */
    static byte[] encode(Map<String, INDArray> state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(0);
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.write(e.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("nn-spark: writing the model state to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The arrays of an archive {@link #encode} wrote.
     *
     * @param bytes  the archive; not modified
     * @param source names it in error messages
     * @return the arrays by name, in the archive's order
     * @throws UncheckedIOException when the bytes are not such an archive
     */
    static Map<String, INDArray> decode(byte[] bytes, String source) {
        try {
            return Npz.read(new ByteArrayInputStream(bytes), source);
        } catch (IOException e) {
            throw new UncheckedIOException("nn-spark: " + e.getMessage(), e);
        }
    }
}
