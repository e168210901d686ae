package org.nn4j.core;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link ConcatTable} and {@link ParallelTable} share: their branches, named {@code 0.weight}, {@code 1.2.bias},
 * ... by index, and the parameters, buffers, modes, dtype and printing that reach every branch.
 */
abstract class BranchTableModule extends TableModule {

    /** The branches, in order. */
    final Branches branches;
    private final String name;

    BranchTableModule(String name, Module... branches) {
        this.name = name;
        this.branches = new Branches(name, branches);
    }

    /** {@return the branches, in order (an unmodifiable list)} */
    public List<Module> branches() {
        return branches.list();
    }

    @Override
    public List<Parameter> parameters() {
        return branches.parameters();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return branches.namedParameters();
    }

    @Override
    public List<Buffer> buffers() {
        return branches.buffers();
    }

    @Override
    public Map<String, Buffer> namedBuffers() {
        return branches.namedBuffers();
    }

    @Override
    public Module to(DataType dataType) {
        branches.to(dataType);
        return this;
    }

    @Override
    public Module train() {
        branches.train();
        return super.train();
    }

    @Override
    public Module eval() {
        branches.eval();
        return super.eval();
    }

    @Override
    public String toString() {
        return branches.toString(name);
    }
}
