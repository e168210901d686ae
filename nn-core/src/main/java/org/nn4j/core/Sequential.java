package org.nn4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Modules applied one after the other. It keeps each module's input from the last
 * {@link #forward} and runs the backward pass in reverse; being a {@link Module} itself,
 * it nests.
 *
 * <p>Between its modules it passes arrays, or {@link Table}s of arrays where a {@link TableModule} takes or gives
 * them: a table module is given a table (an array becomes a table of one array), any other module an array (a table
 * of one array becomes its array). The Sequential itself maps one array to one array, so a table of several arrays
 * is made one again ({@link CAddTable}, {@link JoinTable}) before a plain module or the end:
 * <pre>{@code
 * // an Inception-style block: two convolutions side by side, joined on the channel axis
 * Sequential block = new Sequential(new ConcatTable(new Conv2D(3, 4, 1), new Conv2D(3, 2, 3, 1, 1)), new JoinTable(1),
 *         new ReLU());
 * }</pre>
 * A plain module given a table of several arrays, or a last module that outputs one, fails with an
 * {@link IllegalStateException} that names the modules.
 */
public class Sequential extends Module {

    private final List<Module> modules = new ArrayList<>();
    /**
     * inputs.get(i) is what modules.get(i) was given in the last forward: a Table for a TableModule, an INDArray for any
     * other module. Each forward fills a list of its own and publishes it whole, so that eval-mode forwards on a shared
     * network from several threads never write to the same list.
     */
    private volatile List<Object> inputs = List.of();

    /**
     * A sequence of the given modules, applied in this order.
     *
     * @param modules the modules, kept (not copied); none may be null
     * @throws NullPointerException when one of them is null
     */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * Appends a module.
     *
     * @param module not null
     * @return {@code this}
     * @throws NullPointerException when {@code module} is null
     */
    public Sequential add(Module module) {
        modules.add(Objects.requireNonNull(module, "module"));
        inputs = List.of();
        return this;
    }

    /**
     * Replaces the module at {@code index} (a new head for transfer learning).
     *
     * @param index  0-based position
     * @param module the new module, not null
     * @return the module that was at {@code index}
     * @throws IndexOutOfBoundsException when {@code index} is not in 0..size()−1
     */
    public Module set(int index, Module module) {
        inputs = List.of();
        return modules.set(index, Objects.requireNonNull(module, "module"));
    }

    /**
     * @param index 0-based position
     * @return the module at {@code index}
     * @throws IndexOutOfBoundsException when {@code index} is not in 0..size()−1
     */
    public Module get(int index) {
        return modules.get(index);
    }

    /** @return the number of modules */
    public int size() {
        return modules.size();
    }

    /** {@return the modules, in order, read-only} */
    public List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }

    /**
     * @param input not modified
     * @return the last module's output
     * @throws IllegalStateException when a module that is not a {@link TableModule} is given a table of several arrays,
     *         or the last module outputs one, naming the modules
     */
    @Override
    public INDArray forward(INDArray input) {
        List<Object> seen = new ArrayList<>(modules.size());
        Object x = input;
        for (int i = 0; i < modules.size(); i++) {
            Module m = modules.get(i);
            if (m instanceof TableModule t) {
                Table in = x instanceof Table table ? table : Table.of((INDArray) x);
                seen.add(in);
                x = t.forward(in);
            } else {
                INDArray in = x instanceof Table table ? arrayFor(i, table) : (INDArray) x;
                seen.add(in);
                x = m.forward(in);
            }
        }
        inputs = seen;
        return x instanceof Table table ? output(table) : (INDArray) x;
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        backward(input, delta, false);
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        List<Object> in = forwardInputsOf(input);
        Object d = delta;
        for (int i = modules.size() - 1; i >= 0; i--) {
            Module m = modules.get(i);
            d = m instanceof TableModule t ? t.backwardDelta((Table) in.get(i), asTable(d))
                    : m.backwardDelta((INDArray) in.get(i), deltaFor(i, d));
        }
        return d instanceof Table table ? deltaFor(-1, table) : (INDArray) d;
    }

    /** Runs the whole backward pass once; dL/dinput of the first module only when asked. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        List<Object> in = forwardInputsOf(input);
        Object d = delta;
        for (int i = modules.size() - 1; i >= 0; i--) {
            Module m = modules.get(i);
            boolean need = i > 0 || needInputDelta;
            d = m instanceof TableModule t ? t.backward((Table) in.get(i), asTable(d), need)
                    : m.backward((INDArray) in.get(i), deltaFor(i, d), need);
        }
        return d instanceof Table table ? deltaFor(-1, table) : (INDArray) d;
    }

    /** The cached inputs belong to the last forward; recompute them for any other input, or when their step ended. */
    private List<Object> forwardInputsOf(INDArray input) {
        List<Object> in = inputs;
        if (!modules.isEmpty()
                && (in.size() != modules.size() || first(in.get(0)) != input || !in.stream().allMatch(Sequential::isLive))) {
            forward(input);
            in = inputs;
        }
        return in;
    }

    private static INDArray first(Object value) {
        return value instanceof Table t ? t.get(0) : (INDArray) value;
    }

    private static boolean isLive(Object value) {
        return value instanceof Table t ? t.list().stream().allMatch(Workspaces::isLive) : Workspaces.isLive((INDArray) value);
    }

    private static Table asTable(Object value) {
        return value instanceof Table t ? t : Table.of((INDArray) value);
    }

    /** The array of a table of one, for module {@code i}, which takes one array. */
    private INDArray arrayFor(int i, Table table) {
        if (table.size() != 1) {
            throw new IllegalStateException("Sequential: module " + i + " (" + name(i) + ") takes one array, but module "
                    + (i - 1) + " (" + name(i - 1) + ") outputs a table of " + Table.arrays(table.size()) + " " + table + "; put"
                    + " CAddTable or JoinTable between them, or a ParallelTable to apply a module to each array");
        }
        return table.get(0);
    }

    /** The last module's output table, which must be one array: a Sequential outputs one array. */
    private INDArray output(Table table) {
        int last = modules.size() - 1;
        if (table.size() != 1) {
            throw new IllegalStateException("Sequential: its last module " + last + " (" + name(last) + ") outputs a table of "
                    + Table.arrays(table.size()) + " " + table + ", but a Sequential outputs one array; follow it with CAddTable or"
                    + " JoinTable");
        }
        return table.get(0);
    }

    /**
     * dL/d(output of module i), or of the Sequential's input for i = −1, from the table dL/dinput that module i + 1
     * returned: one array, since module i gave it one array.
     */
    private INDArray deltaFor(int i, Object d) {
        if (!(d instanceof Table table)) {
            return (INDArray) d;
        }
        if (table.size() != 1) {
            throw new IllegalStateException("Sequential: module " + (i + 1) + " (" + name(i + 1) + ") returned dL/dinput as a"
                    + " table of " + Table.arrays(table.size()) + " for an input of one array");
        }
        return table.get(0);
    }

    private String name(int i) {
        return modules.get(i).getClass().getSimpleName();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Module m : modules) {
            all.addAll(m.parameters());
        }
        return all;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            for (Map.Entry<String, Parameter> e : modules.get(i).namedParameters().entrySet()) {
                named.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    @Override
    public List<Buffer> buffers() {
        List<Buffer> all = new ArrayList<>();
        for (Module m : modules) {
            all.addAll(m.buffers());
        }
        return all;
    }

    @Override
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> named = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            for (Map.Entry<String, Buffer> e : modules.get(i).namedBuffers().entrySet()) {
                named.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        modules.forEach(m -> m.to(dataType));
        return this;
    }

    @Override
    public Module train() {
        modules.forEach(Module::train);
        return super.train();
    }

    @Override
    public Module eval() {
        modules.forEach(Module::eval);
        return super.eval();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Sequential(");
        for (int i = 0; i < modules.size(); i++) {
            s.append("\n  (").append(i).append("): ")
                    .append(modules.get(i).toString().replace("\n", "\n  "));
        }
        return s.append(modules.isEmpty() ? ")" : "\n)").toString();
    }
}
