package org.nn4j.core.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.optim.Optimizer;

/**
 * Saves and loads a module's complete state (its parameters and its {@link org.nn4j.core.Buffer
 * buffers}, such as BatchNorm's running statistics), and optionally its optimizer's state, as a
 * NumPy {@code .npz} that NumPy and PyTorch users can read.
 *
 * <p>The file holds one {@code .npy} entry per array, in this order:
 * <ul>
 *   <li>the network's state, named by its path in the network and in the order of PyTorch's
 *       {@code state_dict}: for each module, its parameters ({@link Module#namedParameters()}) then
 *       its buffers ({@link Module#namedBuffers()}), e.g. {@code 0.weight, 0.bias, 1.weight,
 *       1.bias, 1.running_mean, 1.running_var, 1.num_batches_tracked}; each with its shape and
 *       dtype (float32 or float64, int64 for counters such as {@code num_batches_tracked}, a 0-d
 *       array for a scalar);</li>
 *   <li>then the optimizer's state as {@code optimizer.<parameter>.<key>}, e.g.
 *       {@code optimizer.0.weight.exp_avg}, {@code optimizer.0.weight.step}.</li>
 * </ul>
 * The network's entries are exactly a PyTorch {@code state_dict}: {@code np.savez("net.npz",
 * **{k: v.numpy() for k, v in model.state_dict().items()})} writes a file that loads into the
 * equivalent nn4j network, and a file saved here loads into PyTorch with
 * {@code model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load("net.npz").items()
 * if not k.startswith("optimizer.")})}.
 *
 * <p>Saving writes a temporary file, forces it to the disk and moves it into place
 * ({@link Npz#write}), so a crash mid-save leaves the previous checkpoint intact; the next save
 * deletes the temporary files such a crash left behind. A file that cannot be read (truncated,
 * corrupt, a damaged {@code .npy} header) gives an {@link IOException} naming the file, the entry
 * and what is wrong, e.g. {@code "Checkpoint runs/cnn.npz: entry 0.weight: corrupt (CRC mismatch:
 * expected 1c291ca3, found 5e2b07f1); nothing was loaded"}.
 *
 * <p>Loading comes in two modes, as PyTorch's {@code load_state_dict(strict=True/False)}. Both
 * check everything before assigning anything: when they throw, the model and the optimizer are
 * unchanged. Values are cast to the dtype of the parameter or buffer they load into.
 * <ul>
 *   <li>{@link #load(Path, Module, Optimizer)} is strict: every parameter and buffer of the model
 *       must be in the file with its shape, and every entry of the file must be in the model; it
 *       throws an {@link IllegalArgumentException} listing every mismatch. A checkpoint holding
 *       parameters only (no buffers) therefore does not load strictly into a model with BatchNorm:
 *       the running statistics are reported missing.</li>
 *   <li>{@link #loadNonStrict(Path, Module, Optimizer)} loads every entry whose name the model has
 *       and returns the others as {@link Keys}: the model's names missing from the file (which
 *       keep their current values) and the file's names not in the model (ignored). A
 *       parameters-only checkpoint loads this way, its buffers listed as missing. A name present
 *       on both sides with different shapes is still an error, and nothing is loaded.</li>
 * </ul>
 * Both also take a function from the file's names to the model's ({@link #load(Path, Module,
 * UnaryOperator)}, {@link #loadNonStrict(Path, Module, UnaryOperator)}), for a model whose
 * structure differs from the one that saved the file, e.g. a torchvision ResNet's
 * {@code layer1.0.conv1.weight} onto nn4j's {@code 3.0.block.0.weight}; null drops an entry.
 * In both modes optimizer state is loaded only when an optimizer is given, and only for the
 * parameters whose state is in the file; it must have exactly the entries and shapes the
 * optimizer keeps.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("runs/cnn.npz"), net, optimizer);   // parameters, buffers, optimizer
 * Checkpoint.load(Path.of("runs/cnn.npz"), freshNet);         // strict, optimizer state ignored
 * Checkpoint.Keys keys = Checkpoint.loadNonStrict(Path.of("pretrained.npz"), otherNet);
 * System.out.println("kept their initial values: " + keys.missing());
 * // only the convolutional part of a PyTorch model with attributes features and classifier
 * Checkpoint.loadNonStrict(Path.of("pytorch.npz"), net,
 *         name -> name.startsWith("features.") ? name.substring("features.".length()) : null);
 * }</pre>
 */
public final class Checkpoint {

    /** Prefix of the optimizer's entries. */
    public static final String OPTIMIZER = "optimizer.";

    /**
     * What a non-strict load did not match, as PyTorch's {@code load_state_dict(strict=False)}
     * returns it.
     *
     * @param missing    the model's parameters and buffers not in the file, in the model's order;
     *                   they were left as they were
     * @param unexpected the file's entries that are not in the model (including optimizer state of
     *                   a parameter the model does not have, when an optimizer was given), in the
     *                   file's order; they were ignored
     */
    public record Keys(List<String> missing, List<String> unexpected) {

        /**
         * Copies both lists.
         *
         * @param missing    the model's names not in the file
         * @param unexpected the file's names not in the model
         */
        public Keys {
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }
    }

    private Checkpoint() {
    }

    /**
     * Saves {@code net}'s parameters and buffers.
     *
     * @param file the {@code .npz} to write, replaced atomically when it exists
     * @param net  not modified
     * @throws IOException when the file cannot be written; a previous file is then intact
     */
    public static void save(Path file, Module net) throws IOException {
        save(file, net, null);
    }

    /**
     * Saves {@code net}'s parameters and buffers and, when not null, {@code optimizer}'s state for
     * every parameter of {@code net}.
     *
     * @param file      the {@code .npz} to write, replaced atomically when it exists
     * @param net       not modified
     * @param optimizer not modified; null saves the network only
     * @throws IOException when the file cannot be written; a previous file is then intact
     */
    public static void save(Path file, Module net, Optimizer optimizer) throws IOException {
        save(file, net, optimizer, out -> { });
    }

    /** {@link #save(Path, Module, Optimizer)} with a hook before the archive is completed (tests crash it there). */
    static void save(Path file, Module net, Optimizer optimizer, Npz.BeforeClose beforeClose) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        stateDict(net).forEach((name, entry) -> arrays.put(name, entry.value()));
        if (optimizer != null) {
            net.namedParameters().forEach((name, p) ->
                    optimizer.state(p).forEach((key, v) -> arrays.put(OPTIMIZER + name + "." + key, v)));
        }
        Npz.write(file, arrays, beforeClose);
    }

    /**
     * Loads the parameters and buffers of {@code net} from {@code file} strictly, ignoring any
     * optimizer state in the file; {@link #load(Path, Module, Optimizer)} with no optimizer.
     *
     * @param file a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net  receives every parameter and buffer
     * @throws IllegalArgumentException listing every mismatch; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static void load(Path file, Module net) throws IOException {
        load(file, net, (Optimizer) null);
    }

    /**
     * Loads the parameters and buffers of {@code net} strictly and, when {@code optimizer} is not
     * null, the optimizer state found for them. Every name of the model must be in the file and
     * every name of the file in the model, with the same shapes. Parameters and buffers keep their
     * dtype (values are cast).
     *
     * @param file      a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net       receives every parameter and buffer
     * @param optimizer receives the state found for {@code net}'s parameters; null ignores it
     * @throws IllegalArgumentException listing every mismatched name with expected and found
     *                                  shapes; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static void load(Path file, Module net, Optimizer optimizer) throws IOException {
        load(file, net, optimizer, true, null);
    }

    /**
     * Loads the parameters and buffers of {@code net} strictly from a file whose names differ from the
     * model's: {@code rename} maps each of the file's names to the model's name (null leaves the entry
     * out, e.g. a classifier the model replaces). After renaming, every name of the model must be in
     * the file and every kept entry in the model, with the same shapes. Optimizer state in the file
     * is ignored. A PyTorch model that keeps its layers in an attribute {@code body}, saved with
     * names such as {@code body.0.weight}, so loads into the equivalent {@code Sequential}:
     *
     * <pre>{@code
     * Checkpoint.load(Path.of("model.npz"), net, name -> name.replaceFirst("^body\\.", ""));
     * }</pre>
     *
     * @param file   a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net    receives every parameter and buffer
     * @param rename from a name of the file to the model's name for it, or null to leave the entry out;
     *               called once per entry
     * @throws IllegalArgumentException listing every mismatched name (the model's, and the file's
     *                                  where it differs) with expected and found shapes, and every
     *                                  two entries renamed to the same name; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static void load(Path file, Module net, UnaryOperator<String> rename) throws IOException {
        load(file, net, null, true, Objects.requireNonNull(rename, "rename"));
    }

    /**
     * Loads from {@code file} what matches {@code net}'s parameters and buffers, ignoring any
     * optimizer state in the file; {@link #loadNonStrict(Path, Module, Optimizer)} with no optimizer.
     *
     * @param file a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net  receives the parameters and buffers found under its names
     * @return the model's names missing from the file and the file's names not in the model
     * @throws IllegalArgumentException when a name present on both sides has another shape, listing
     *                                  every such mismatch; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static Keys loadNonStrict(Path file, Module net) throws IOException {
        return loadNonStrict(file, net, (Optimizer) null);
    }

    /**
     * Loads every parameter and buffer of {@code net} found in {@code file} under its name and,
     * when {@code optimizer} is not null, the optimizer state found for the parameters that exist
     * in the model; everything else is left as it was.
     *
     * @param file      a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net       receives the parameters and buffers found under its names
     * @param optimizer receives the state found for {@code net}'s parameters; null ignores it
     * @return the model's names missing from the file and the file's names not in the model
     * @throws IllegalArgumentException when a name present on both sides has another shape, or
     *                                  optimizer state does not fit the optimizer, listing every
     *                                  such mismatch; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static Keys loadNonStrict(Path file, Module net, Optimizer optimizer) throws IOException {
        return load(file, net, optimizer, false, null);
    }

    /**
     * Loads what matches {@code net}'s parameters and buffers from a file whose names differ from the
     * model's, as {@link #load(Path, Module, UnaryOperator)} renames them; the rest is left as it was
     * and reported. Optimizer state in the file is ignored.
     *
     * @param file   a checkpoint or a PyTorch {@code state_dict} saved as {@code .npz}
     * @param net    receives the parameters and buffers found under its names after renaming
     * @param rename from a name of the file to the model's name for it, or null to leave the entry out
     *               (it is then not reported as unexpected); called once per entry
     * @return the model's names that no entry was renamed to, and the file's names (as in the file)
     *         renamed to a name the model does not have
     * @throws IllegalArgumentException when a name present on both sides has another shape, or two
     *                                  entries are renamed to the same name, listing every such
     *                                  mismatch; nothing is loaded then
     * @throws IOException              naming the file, the entry and what is wrong when the file is
     *                                  missing, truncated or corrupt; nothing is loaded then
     */
    public static Keys loadNonStrict(Path file, Module net, UnaryOperator<String> rename) throws IOException {
        return load(file, net, null, false, Objects.requireNonNull(rename, "rename"));
    }

    /** Both modes; {@code rename} null keeps the file's names and reads optimizer state, else optimizer is null. */
    private static Keys load(Path file, Module net, Optimizer optimizer, boolean strict, UnaryOperator<String> rename)
            throws IOException {
        Map<String, INDArray> inFile = read(file);
        Map<String, String> fileNames = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        Map<String, INDArray> arrays = rename == null ? inFile : renamed(inFile, rename, fileNames, mismatches);
        Map<String, Entry> model = stateDict(net);
        Map<String, Parameter> named = net.namedParameters();
        Map<String, Map<String, INDArray>> states = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Entry> e : model.entrySet()) {
            INDArray found = arrays.get(e.getKey());
            long[] expected = e.getValue().value().shape();
            if (found == null) {
                if (strict) {
                    mismatches.add(e.getKey() + ": missing from the checkpoint (expected " + shape(expected) + ")");
                } else {
                    missing.add(e.getKey());
                }
            } else if (!Arrays.equals(found.shape(), expected)) {
                mismatches.add(e.getKey() + fromFile(e.getKey(), fileNames) + ": expected " + shape(expected)
                        + ", found " + shape(found.shape()));
            }
        }
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(OPTIMIZER)) {
                if (optimizer != null) {
                    collectState(name, e.getValue(), named, states, strict ? mismatches : null, unexpected);
                }
            } else if (!model.containsKey(name)) {
                if (strict) {
                    mismatches.add(name + fromFile(name, fileNames) + ": not in the model (found "
                            + shape(e.getValue().shape()) + ")");
                } else {
                    unexpected.add(fileNames.getOrDefault(name, name));
                }
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
        model.forEach((name, entry) -> {
            INDArray found = arrays.get(name);
            if (found != null) {
                entry.assign().accept(found.castTo(entry.value().dataType()));
            }
        });
        states.forEach((name, state) -> optimizer.loadState(named.get(name), state));
        return new Keys(missing, unexpected);
    }

    /**
     * The network entries of {@code inFile} under the names {@code rename} gives them, in the file's
     * order; optimizer state and entries renamed to null are left out. Records in {@code fileNames}
     * each renamed entry's name in the file, and in {@code mismatches} two entries given one name.
     */
    private static Map<String, INDArray> renamed(Map<String, INDArray> inFile, UnaryOperator<String> rename,
                                                 Map<String, String> fileNames, List<String> mismatches) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : inFile.entrySet()) {
            if (e.getKey().startsWith(OPTIMIZER)) {
                continue;
            }
            String name = rename.apply(e.getKey());
            if (name == null) {
                continue;
            }
            String earlier = fileNames.putIfAbsent(name, e.getKey());
            if (earlier != null) {
                mismatches.add(name + ": both " + earlier + " and " + e.getKey() + " of the checkpoint are renamed to it");
            } else {
                arrays.put(name, e.getValue());
            }
        }
        fileNames.entrySet().removeIf(e -> e.getKey().equals(e.getValue()));
        return arrays;
    }

    /** {@code " (checkpoint's X)"} when the entry loaded into {@code name} has another name in the file, else empty. */
    private static String fromFile(String name, Map<String, String> fileNames) {
        String original = fileNames.get(name);
        return original == null ? "" : " (checkpoint's " + original + ")";
    }

    /** Every entry of {@code file}; a file that cannot be read is reported as such, before anything is loaded. */
    private static Map<String, INDArray> read(Path file) throws IOException {
        try {
            return Npz.read(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such checkpoint; nothing was loaded");
        } catch (IOException e) {
            throw new IOException("Checkpoint " + e.getMessage() + "; nothing was loaded", e);
        }
    }

    /** A parameter's or buffer's value, and how to assign a new one. */
    private record Entry(INDArray value, Consumer<INDArray> assign) {
    }

    /**
     * The parameters and buffers of {@code net} in PyTorch's {@code state_dict} order: a module's
     * parameters, then its buffers, then its children's. Parameters and buffers each come in
     * network order; the two are merged by the module path of each name.
     */
    private static Map<String, Entry> stateDict(Module net) {
        List<Map.Entry<String, Parameter>> parameters = new ArrayList<>(net.namedParameters().entrySet());
        List<Map.Entry<String, Buffer>> buffers = new ArrayList<>(net.namedBuffers().entrySet());
        Map<String, Integer> parameterModules = firstOfEachModule(parameters);
        Map<String, Integer> bufferModules = firstOfEachModule(buffers);
        Map<String, Entry> all = new LinkedHashMap<>();
        int i = 0;
        int j = 0;
        while (i < parameters.size() || j < buffers.size()) {
            if (j == buffers.size() || i < parameters.size() && parameterFirst(parameters.get(i).getKey(),
                    buffers.get(j).getKey(), parameterModules, bufferModules)) {
                Map.Entry<String, Parameter> p = parameters.get(i++);
                all.put(p.getKey(), new Entry(p.getValue().value(), p.getValue()::set));
            } else {
                Map.Entry<String, Buffer> b = buffers.get(j++);
                all.put(b.getKey(), new Entry(b.getValue().value(), b.getValue()::set));
            }
        }
        return all;
    }

    /**
     * Whether parameter {@code p} comes before buffer {@code b} in a {@code state_dict}: yes in the
     * same module or when p's module contains b's; no when b's module contains p's; otherwise by
     * the order of the first differing children of the module paths: numerically for container
     * indices, and for named children ({@code block}, {@code shortcut}) by the order in which the
     * buffers, or else the parameters, reach them (each list is in network order); parameters
     * first when neither list reaches both.
     */
    private static boolean parameterFirst(String p, String b, Map<String, Integer> parameterModules,
                                          Map<String, Integer> bufferModules) {
        String[] mp = modulePath(p);
        String[] mb = modulePath(b);
        String parent = "";
        for (int k = 0; k < Math.min(mp.length, mb.length); k++) {
            if (!mp[k].equals(mb[k])) {
                if (mp[k].matches("\\d+") && mb[k].matches("\\d+")) {
                    return Long.parseLong(mp[k]) < Long.parseLong(mb[k]);
                }
                String ofP = parent + mp[k];
                String ofB = parent + mb[k];
                if (bufferModules.containsKey(ofP)) {
                    return bufferModules.get(ofP) < bufferModules.get(ofB);
                }
                if (parameterModules.containsKey(ofB)) {
                    return parameterModules.get(ofP) < parameterModules.get(ofB);
                }
                return true;
            }
            parent += mp[k] + ".";
        }
        return mp.length <= mb.length;
    }

    /** For every module path ("1", "1.block", "1.block.0") of the names, the index of its first name. */
    private static Map<String, Integer> firstOfEachModule(List<? extends Map.Entry<String, ?>> named) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < named.size(); i++) {
            String path = "";
            for (String part : modulePath(named.get(i).getKey())) {
                path += part;
                first.putIfAbsent(path, i);
                path += ".";
            }
        }
        return first;
    }

    private static String[] modulePath(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? new String[0] : name.substring(0, dot).split("\\.");
    }

    /**
     * Files {@code optimizer.<parameter>.<key>} under its parameter; keys hold no dots, names may.
     * State of a parameter not in the model is a mismatch (strict, {@code mismatches} not null) or
     * an unexpected key.
     */
    private static void collectState(String entry, INDArray value, Map<String, Parameter> named,
                                     Map<String, Map<String, INDArray>> states, List<String> mismatches,
                                     List<String> unexpected) {
        String rest = entry.substring(OPTIMIZER.length());
        int dot = rest.lastIndexOf('.');
        String name = dot < 0 ? "" : rest.substring(0, dot);
        if (!named.containsKey(name)) {
            if (mismatches != null) {
                mismatches.add(entry + ": optimizer state of a parameter not in the model (found " + shape(value.shape()) + ")");
            } else {
                unexpected.add(entry);
            }
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
