package org.nn4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Branches applied to the same input, their outputs joined along one axis: Lua Torch's {@code nn.Concat(dim)},
 * PyTorch's {@code torch.cat([b(x) for b in branches], dim)}. The building block of Inception-style networks
 * (1×1, 3×3 and 5×5 convolutions side by side, joined on the channel axis, {@code dim = 1}) and of U-Net-like
 * skip connections ({@code new Concat(1, new Identity(), decoder)}).
 *
 * <p>Every branch's output must have the same rank and the same size on every axis but {@code dim}; the output's
 * size along {@code dim} is the sum of theirs, in branch order. {@code dim} counts from 0 (the batch axis); a
 * negative {@code dim} counts from the end, as in PyTorch. Backward splits delta along {@code dim} and gives each
 * branch its part: dL/dinput is the sum of the branches' dL/dinput, and the parameter gradients of every branch
 * accumulate.
 *
 * <p>Parameters and buffers are named {@code 0.weight}, {@code 1.2.bias}, ... by branch index, as in a PyTorch
 * module that holds its branches in an {@code nn.ModuleList}, so such a module's {@code state_dict} loads directly.
 * {@link #train()}, {@link #eval()}, {@link #to}, {@link #freeze()} and {@link #unfreeze()} apply to every branch.
 */
public class Concat extends Module {

    private final int dim;
    private final List<Module> branches;
    /**
     * The input shape and the branches' output shapes of the last forward: the backward pass splits delta by them.
     * Each forward publishes a new record whole (as {@link Sequential} publishes its inputs), so that eval-mode
     * forwards from several threads never write to one array; they are plain longs, not arrays of a step.
     */
    private volatile Shapes last;

    private record Shapes(long[] input, long[][] outputs, long[] output, int axis) {
    }

    /**
     * Joins the outputs of {@code branches} along {@code dim}.
     *
     * @param dim      the axis to join along (1 for channels); negative counts from the last axis
     * @param branches at least one; kept (not copied), none null, no module twice
     * @throws NullPointerException     when a branch is null
     * @throws IllegalArgumentException when there is no branch or a module is given twice
     */
    public Concat(int dim, Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException("Concat: expected at least one branch, found none");
        }
        List<Module> list = new ArrayList<>();
        for (Module b : branches) {
            Objects.requireNonNull(b, "branch");
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == b) {
                    throw new IllegalArgumentException("Concat: branches " + i + " and " + list.size() + " are the same module "
                            + b + "; give each branch a module of its own");
                }
            }
            list.add(b);
        }
        this.dim = dim;
        this.branches = List.copyOf(list);
    }

    /** {@return the axis the outputs are joined along, as given (possibly negative)} */
    public int dim() {
        return dim;
    }

    /** {@return the branches, in order (an unmodifiable list)} */
    public List<Module> branches() {
        return branches;
    }

    /**
     * @param input what every branch takes; not modified
     * @return the branches' outputs joined along {@code dim}, a new c-ordered array
     * @throws IllegalArgumentException when the input's dtype is not the parameters', {@code dim} does not fit the
     *         outputs' rank, or two outputs differ on an axis other than {@code dim} (naming the branch and both shapes)
     */
    @Override
    public INDArray forward(INDArray input) {
        checkInput(input);
        INDArray[] outs = new INDArray[branches.size()];
        long[][] shapes = new long[outs.length][];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches.get(i).forward(input);
            shapes[i] = outs[i].shape();
        }
        int axis = axis(shapes[0].length, input);
        long[] shape = shapes[0].clone();
        for (int i = 1; i < outs.length; i++) {
            if (!fits(shapes[0], shapes[i], axis)) {
                throw new IllegalArgumentException("Concat: branch " + i + "'s output " + Arrays.toString(shapes[i])
                        + " does not fit branch 0's " + Arrays.toString(shapes[0]) + ": outputs must agree on every axis"
                        + " but dim " + axis + " (input " + Checks.shape(input) + ")");
            }
            shape[axis] += shapes[i][axis];
        }
        INDArray y = Nd4j.create(outs[0].dataType(), shape, 'c');
        long at = 0;
        for (INDArray out : outs) {
            if (!out.isEmpty()) {
                y.get(along(shape.length, axis, at, out.size(axis))).assign(out);
            }
            at += out.size(axis);
        }
        last = new Shapes(input.shape(), shapes, shape, axis);
        return y;
    }

    /**
     * dL/dinput = Σ over branches of the branch's dL/dinput for its part of delta.
     *
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return a new array shaped like {@code input}
     * @throws IllegalArgumentException when {@code delta}'s shape or dtype does not fit, naming both
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        Shapes s = shapesFor(input, delta);
        INDArray whole = dense(delta);
        INDArray sum = null;
        for (int i = 0; i < branches.size(); i++) {
            INDArray part = part(whole, s, i);
            sum = add(sum, branches.get(i).backwardDelta(input, part), input, part);
        }
        return sum;
    }

    /**
     * Adds every branch's parameter gradients, each for its part of delta.
     *
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @throws IllegalArgumentException when {@code delta}'s shape or dtype does not fit, naming both
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        Shapes s = shapesFor(input, delta);
        INDArray whole = dense(delta);
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).backwardUpdateGradient(input, part(whole, s, i));
        }
    }

    /** Every branch's backward pass in one call; no dL/dinput when not asked for. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        Shapes s = shapesFor(input, delta);
        INDArray whole = dense(delta);
        INDArray sum = null;
        for (int i = 0; i < branches.size(); i++) {
            INDArray part = part(whole, s, i);
            INDArray d = branches.get(i).backward(input, part, needInputDelta);
            if (needInputDelta) {
                sum = add(sum, d, input, part);
            }
        }
        return sum;
    }

    /** sum + d; the first term is copied when it is the caller's array (a branch that handed back its input or delta). */
    private static INDArray add(INDArray sum, INDArray d, INDArray input, INDArray part) {
        if (sum == null) {
            return d == input || d == part ? d.dup() : d;
        }
        return sum.isEmpty() ? sum : sum.addi(d); // ND4J does no arithmetic on empty arrays
    }

    /** Branch i's part of delta along the axis: a view, or a new empty array when it has no elements. */
    private static INDArray part(INDArray delta, Shapes s, int i) {
        long[] shape = s.outputs()[i];
        if (Arrays.stream(shape).anyMatch(n -> n == 0)) {
            return Nd4j.create(delta.dataType(), shape);
        }
        long at = 0;
        for (int j = 0; j < i; j++) {
            at += s.outputs()[j][s.axis()];
        }
        return delta.get(along(shape.length, s.axis(), at, shape[s.axis()]));
    }

    /**
     * Delta, c-ordered and dense, to be cut into views: ND4J's interval indexing of some views (a sub-array of a larger
     * array, say) returns arrays of the wrong shape, so any other layout is copied first.
     */
    private static INDArray dense(INDArray delta) {
        return delta.isView() || delta.ordering() != 'c' ? delta.dup('c') : delta;
    }

    /** The shapes of the last forward for this input's shape (running forward for another), delta checked against them. */
    private Shapes shapesFor(INDArray input, INDArray delta) {
        Shapes s = last;
        if (s == null || !Arrays.equals(s.input(), input.shape())) {
            forward(input);
            s = last;
        }
        Checks.requireDelta("Concat", s.output(), input, delta);
        return s;
    }

    private static INDArrayIndex[] along(int rank, int axis, long from, long length) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(from, from + length);
        return index;
    }

    private static boolean fits(long[] a, long[] b, int axis) {
        if (a.length != b.length) {
            return false;
        }
        for (int d = 0; d < a.length; d++) {
            if (d != axis && a[d] != b[d]) {
                return false;
            }
        }
        return true;
    }

    private int axis(int rank, INDArray input) {
        int axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("Concat: dim " + dim + " is out of range for branch outputs of rank " + rank
                    + " (expected " + -rank + " to " + (rank - 1) + "; input " + Checks.shape(input) + ")");
        }
        return axis;
    }

    private void checkInput(INDArray input) {
        List<Parameter> p = parameters();
        if (p.isEmpty()) {
            Checks.requireFloatingPoint("Concat", input);
        } else {
            Checks.requireDataType("Concat", input, p.get(0).value().dataType());
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        branches.forEach(b -> all.addAll(b.parameters()));
        return all;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < branches.size(); i++) {
            String prefix = i + ".";
            branches.get(i).namedParameters().forEach((k, v) -> named.put(prefix + k, v));
        }
        return named;
    }

    @Override
    public List<Buffer> buffers() {
        List<Buffer> all = new ArrayList<>();
        branches.forEach(b -> all.addAll(b.buffers()));
        return all;
    }

    @Override
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> named = new LinkedHashMap<>();
        for (int i = 0; i < branches.size(); i++) {
            String prefix = i + ".";
            branches.get(i).namedBuffers().forEach((k, v) -> named.put(prefix + k, v));
        }
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        branches.forEach(b -> b.to(dataType));
        return this;
    }

    @Override
    public Module train() {
        branches.forEach(Module::train);
        return super.train();
    }

    @Override
    public Module eval() {
        branches.forEach(Module::eval);
        return super.eval();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Concat(\n  dim=").append(dim);
        for (int i = 0; i < branches.size(); i++) {
            s.append("\n  (").append(i).append("): ").append(branches.get(i).toString().replace("\n", "\n  "));
        }
        return s.append("\n)").toString();
    }
}
