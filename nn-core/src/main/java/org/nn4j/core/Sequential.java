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
 */
public class Sequential extends Module {

    private final List<Module> modules = new ArrayList<>();
    /**
     * inputs.get(i) is what modules.get(i) was given in the last forward. Each forward fills a list of its
     * own and publishes it whole, so that eval-mode forwards on a shared network from several threads
     * never write to the same list.
     */
    private volatile List<INDArray> inputs = List.of();

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
     */
    @Override
    public INDArray forward(INDArray input) {
        List<INDArray> seen = new ArrayList<>(modules.size());
        INDArray x = input;
        for (Module m : modules) {
            seen.add(x);
            x = m.forward(x);
        }
        inputs = seen;
        return x;
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        backward(input, delta, false);
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        List<INDArray> in = forwardInputsOf(input);
        INDArray d = delta;
        for (int i = modules.size() - 1; i >= 0; i--) {
            d = modules.get(i).backwardDelta(in.get(i), d);
        }
        return d;
    }

    /** Runs the whole backward pass once; dL/dinput of the first module only when asked. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        List<INDArray> in = forwardInputsOf(input);
        INDArray d = delta;
        for (int i = modules.size() - 1; i >= 0; i--) {
            d = modules.get(i).backward(in.get(i), d, i > 0 || needInputDelta);
        }
        return d;
    }

    /** The cached inputs belong to the last forward; recompute them for any other input, or when their step ended. */
    private List<INDArray> forwardInputsOf(INDArray input) {
        List<INDArray> in = inputs;
        if (!modules.isEmpty()
                && (in.size() != modules.size() || in.get(0) != input || !in.stream().allMatch(Workspaces::isLive))) {
            forward(input);
            in = inputs;
        }
        return in;
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
