package org.nn4j.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.optim.Optimizer;

/**
 * Saves and loads a module's parameters, and optionally its optimizer's state, as a NumPy
 * {@code .npz} that NumPy and PyTorch users can read:
 * <ul>
 *   <li>one entry per parameter, named by its path in the network, as
 *       {@link Module#namedParameters()} and PyTorch's {@code state_dict} name them
 *       ({@code 0.weight}, {@code 3.bias}), with the parameter's shape and dtype;</li>
 *   <li>optimizer state as {@code optimizer.<parameter>.<key>}, e.g.
 *       {@code optimizer.0.weight.exp_avg}, {@code optimizer.0.weight.step}.</li>
 * </ul>
 * Saving writes a temporary file and moves it into place ({@link Npz#write}), so a crash
 * mid-save leaves the previous checkpoint intact. Loading validates every name and shape
 * before assigning anything: on a mismatch the model and optimizer are unchanged.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("runs/mlp.npz"), net, optimizer);
 * Checkpoint.load(Path.of("runs/mlp.npz"), freshNet);       // parameters only
 * }</pre>
 */
public final class Checkpoint {

    /** Prefix of the optimizer's entries. */
    public static final String OPTIMIZER = "optimizer.";

    private Checkpoint() {
    }

    /** Saves {@code net}'s parameters (not modified). */
    public static void save(Path file, Module net) throws IOException {
        save(file, net, null);
    }

    /** Saves {@code net}'s parameters and {@code optimizer}'s state (neither modified). */
    public static void save(Path file, Module net, Optimizer optimizer) throws IOException {
        save(file, net, optimizer, out -> { });
    }

    /** {@link #save(Path, Module, Optimizer)} with a hook before the archive is completed (tests crash it there). */
    static void save(Path file, Module net, Optimizer optimizer, Npz.BeforeClose beforeClose) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        Map<String, Parameter> named = net.namedParameters();
        named.forEach((name, p) -> arrays.put(name, p.value()));
        if (optimizer != null) {
            named.forEach((name, p) -> optimizer.state(p).forEach((key, v) -> arrays.put(OPTIMIZER + name + "." + key, v)));
        }
        Npz.write(file, arrays, beforeClose);
    }

    /** Loads the parameters of {@code net} from {@code file}, ignoring any optimizer state. */
    public static void load(Path file, Module net) throws IOException {
        load(file, net, null);
    }

    /**
     * Loads the parameters of {@code net} and, when {@code optimizer} is not null, the optimizer
     * state found for them. Parameters keep their dtype (values are cast).
     *
     * @throws IllegalArgumentException listing every mismatched name with expected and found
     *                                  shapes; nothing is loaded then
     * @throws IOException              when the file cannot be read as an {@code .npz}
     */
    public static void load(Path file, Module net, Optimizer optimizer) throws IOException {
        Map<String, INDArray> arrays = Npz.read(file);
        Map<String, Parameter> named = net.namedParameters();
        Map<String, Map<String, INDArray>> states = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            INDArray found = arrays.get(e.getKey());
            if (found == null) {
                mismatches.add(e.getKey() + ": missing from the checkpoint (expected " + shape(e.getValue().shape()) + ")");
            } else if (!Arrays.equals(found.shape(), e.getValue().shape())) {
                mismatches.add(e.getKey() + ": expected " + shape(e.getValue().shape()) + ", found " + shape(found.shape()));
            }
        }
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(OPTIMIZER)) {
                if (optimizer != null) {
                    collectState(name, e.getValue(), named, states, mismatches);
                }
            } else if (!named.containsKey(name)) {
                mismatches.add(name + ": not in the model (found " + shape(e.getValue().shape()) + ")");
            }
        }
        if (optimizer != null) {
            checkState(optimizer, named, states, mismatches);
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint " + file + " does not fit the model (" + mismatches.size()
                    + (mismatches.size() == 1 ? " mismatch" : " mismatches") + "; nothing was loaded):\n  "
                    + String.join("\n  ", mismatches));
        }
        named.forEach((name, p) -> p.set(arrays.get(name).castTo(p.value().dataType())));
        states.forEach((name, state) -> optimizer.loadState(named.get(name), state));
    }

    /** Files {@code optimizer.<parameter>.<key>} under its parameter; keys hold no dots, names may. */
    private static void collectState(String entry, INDArray value, Map<String, Parameter> named,
                                     Map<String, Map<String, INDArray>> states, List<String> mismatches) {
        String rest = entry.substring(OPTIMIZER.length());
        int dot = rest.lastIndexOf('.');
        String name = dot < 0 ? "" : rest.substring(0, dot);
        if (!named.containsKey(name)) {
            mismatches.add(entry + ": optimizer state of a parameter not in the model (found " + shape(value.shape()) + ")");
            return;
        }
        states.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
    }

    private static void checkState(Optimizer optimizer, Map<String, Parameter> named,
                                   Map<String, Map<String, INDArray>> states, List<String> mismatches) {
        for (Map.Entry<String, Map<String, INDArray>> e : states.entrySet()) {
            Map<String, long[]> expected = optimizer.stateShapes(named.get(e.getKey()));
            String prefix = OPTIMIZER + e.getKey() + ".";
            for (Map.Entry<String, INDArray> s : e.getValue().entrySet()) {
                long[] want = expected.get(s.getKey());
                long[] found = s.getValue().shape();
                if (want == null) {
                    mismatches.add(prefix + s.getKey() + ": not kept by " + optimizer + " (found " + shape(found) + ")");
                } else if (!Arrays.equals(want, found)) {
                    mismatches.add(prefix + s.getKey() + ": expected " + shape(want) + ", found " + shape(found));
                }
            }
            for (String key : new TreeSet<>(expected.keySet())) {
                if (!e.getValue().containsKey(key)) {
                    mismatches.add(prefix + key + ": missing from the checkpoint (expected " + shape(expected.get(key)) + ")");
                }
            }
        }
    }

    private static String shape(long[] shape) {
        return Arrays.toString(shape);
    }
}
