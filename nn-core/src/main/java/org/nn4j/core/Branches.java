package org.nn4j.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The branches of {@link ConcatTable} and {@link ParallelTable}: their parameters and buffers named by branch index
 * ({@code 0.weight}, {@code 1.2.bias}), as in a PyTorch module that holds them in an {@code nn.ModuleList}, and the
 * modes, dtypes and printing passed on to each.
 */
final class Branches {

    private final List<Module> modules;

    /** @throws IllegalArgumentException when there is no branch or a module is given twice, naming {@code owner} */
    Branches(String owner, Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException(owner + ": expected at least one branch, found none");
        }
        List<Module> list = new ArrayList<>();
        for (Module b : branches) {
            Objects.requireNonNull(b, "branch");
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == b) {
                    throw new IllegalArgumentException(owner + ": branches " + i + " and " + list.size() + " are the same"
                            + " module " + b + "; give each branch a module of its own");
                }
            }
            list.add(b);
        }
        this.modules = List.copyOf(list);
    }

    List<Module> list() {
        return modules;
    }

    int size() {
        return modules.size();
    }

    Module get(int i) {
        return modules.get(i);
    }

    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        modules.forEach(b -> all.addAll(b.parameters()));
        return all;
    }

    Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            String prefix = i + ".";
            modules.get(i).namedParameters().forEach((k, v) -> named.put(prefix + k, v));
        }
        return named;
    }

    List<Buffer> buffers() {
        List<Buffer> all = new ArrayList<>();
        modules.forEach(b -> all.addAll(b.buffers()));
        return all;
    }

    Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> named = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            String prefix = i + ".";
            modules.get(i).namedBuffers().forEach((k, v) -> named.put(prefix + k, v));
        }
        return named;
    }

    void to(DataType dataType) {
        modules.forEach(b -> b.to(dataType));
    }

    void train() {
        modules.forEach(Module::train);
    }

    void eval() {
        modules.forEach(Module::eval);
    }

    /** Throws unless {@code input} is floating-point and, when the branches have parameters, of their dtype. */
    void checkInput(String owner, INDArray input) {
        List<Parameter> p = parameters();
        if (p.isEmpty()) {
            Checks.requireFloatingPoint(owner, input);
        } else {
            Checks.requireDataType(owner, input, p.get(0).value().dataType());
        }
    }

    /** {@code sum + d}; the first term is copied when it is the caller's array (a branch that handed back its input or delta). */
    static INDArray add(INDArray sum, INDArray d, INDArray input, INDArray delta) {
        if (sum == null) {
            return d == input || d == delta ? d.dup() : d;
        }
        return sum.isEmpty() ? sum : sum.addi(d); // ND4J does no arithmetic on empty arrays
    }

    /** {@code Owner(\n  (0): ...\n  (1): ...\n)}, nested modules indented. */
    String toString(String owner) {
        StringBuilder s = new StringBuilder(owner).append('(');
        for (int i = 0; i < modules.size(); i++) {
            s.append("\n  (").append(i).append("): ").append(modules.get(i).toString().replace("\n", "\n  "));
        }
        return s.append("\n)").toString();
    }
}
