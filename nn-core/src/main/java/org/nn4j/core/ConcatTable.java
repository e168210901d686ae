package org.nn4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Branches applied to the same input, their outputs kept apart in a {@link Table}: Lua Torch's
 * {@code nn.ConcatTable}, PyTorch's {@code [b(x) for b in branches]}. Follow it, inside a {@link Sequential}, with a
 * module that takes the table: {@link CAddTable} (their sum, a residual connection), {@link JoinTable} (joined along
 * an axis, as {@link Concat} does in one module) or {@link ParallelTable} (a module of its own for each).
 *
 * <pre>{@code
 * // block(x) + x, written with tables
 * Sequential residual = new Sequential(new ConcatTable(block, new Identity()), new CAddTable());
 * }</pre>
 *
 * <p>Input: a table of one array (an array), which every branch takes; each branch maps one array to one array. Output:
 * a table of the branches' outputs, in branch order. Backward: delta is a table of one array per branch, each shaped
 * like the branch's output; dL/dinput is the sum of the branches' dL/dinput, and the parameter gradients of every
 * branch accumulate.
 *
 * <p>Parameters and buffers are named {@code 0.weight}, {@code 1.2.bias}, ... by branch index, as in a PyTorch module
 * that holds its branches in an {@code nn.ModuleList}, so such a module's {@code state_dict} loads directly.
 * {@link #train()}, {@link #eval()}, {@link #to}, {@link #freeze()} and {@link #unfreeze()} apply to every branch. Like
 * {@link Concat}, it keeps only the shapes of the last forward, published whole, so that eval-mode forwards from
 * several threads are safe.
 */
public class ConcatTable extends BranchTableModule {

    /** The input shape and the branches' output shapes of the last forward, against which backward checks delta. */
    private volatile Shapes last;

    private record Shapes(long[] input, long[][] outputs) {
    }

    /**
     * Applies every one of {@code branches} to the input.
     *
     * @param branches at least one; kept (not copied), none null, no module twice
     * @throws NullPointerException     when a branch is null
     * @throws IllegalArgumentException when there is no branch or a module is given twice
     */
    public ConcatTable(Module... branches) {
        super("ConcatTable", branches);
    }

    /**
     * @param input a table of one array, which every branch takes; not modified
     * @return a table of the branches' outputs, in branch order
     * @throws IllegalArgumentException when the table does not hold exactly one array, or its dtype is not the
     *         parameters'
     */
    @Override
    public Table forward(Table input) {
        INDArray x = single(input);
        branches.checkInput("ConcatTable", x);
        INDArray[] outs = new INDArray[branches.size()];
        long[][] shapes = new long[outs.length][];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches.get(i).forward(x);
            shapes[i] = outs[i].shape();
        }
        last = new Shapes(x.shape(), shapes);
        return Table.of(outs);
    }

    /**
     * dL/dinput = Σ over branches of the branch's dL/dinput for its delta.
     *
     * @param input the table given to forward; not modified
     * @param delta one array per branch, shaped like its output; not modified
     * @return a table of one new array shaped like the input
     * @throws IllegalArgumentException when {@code delta} has another size, or an array of it another shape or dtype than
     *         its branch's output, naming both
     */
    @Override
    public Table backwardDelta(Table input, Table delta) {
        INDArray x = checkDelta(input, delta);
        INDArray sum = null;
        for (int i = 0; i < branches.size(); i++) {
            sum = Branches.add(sum, branches.get(i).backwardDelta(x, delta.get(i)), x, delta.get(i));
        }
        return Table.of(sum);
    }

    /**
     * Adds every branch's parameter gradients, each for its delta.
     *
     * @param input the table given to forward; not modified
     * @param delta one array per branch, shaped like its output; not modified
     * @throws IllegalArgumentException when {@code delta} does not fit the outputs, naming both
     */
    @Override
    public void backwardUpdateGradient(Table input, Table delta) {
        INDArray x = checkDelta(input, delta);
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).backwardUpdateGradient(x, delta.get(i));
        }
    }

    /** Every branch's backward pass in one call; no dL/dinput when not asked for. */
    @Override
    public Table backward(Table input, Table delta, boolean needInputDelta) {
        INDArray x = checkDelta(input, delta);
        INDArray sum = null;
        for (int i = 0; i < branches.size(); i++) {
            INDArray d = branches.get(i).backward(x, delta.get(i), needInputDelta);
            if (needInputDelta) {
                sum = Branches.add(sum, d, x, delta.get(i));
            }
        }
        return needInputDelta ? Table.of(sum) : null;
    }

    private static INDArray single(Table input) {
        if (input.size() != 1) {
            throw new IllegalArgumentException("ConcatTable: expected a table of one array, which every branch takes, found "
                    + Table.arrays(input.size()) + " " + input);
        }
        return input.get(0);
    }

    /**
     * Checks every array of delta against its branch's output for this input (running forward for another input shape),
     * before any branch's backward runs; returns the input's array.
     */
    private INDArray checkDelta(Table input, Table delta) {
        INDArray x = single(input);
        if (delta.size() != branches.size()) {
            throw new IllegalArgumentException("ConcatTable: delta must be a table of " + Table.arrays(branches.size())
                    + ", one per branch, found " + Table.arrays(delta.size()) + " " + delta + " (input " + Checks.shape(x) + "); a ConcatTable"
                    + " outputs a table: follow it with CAddTable or JoinTable inside a Sequential");
        }
        Shapes s = last;
        if (s == null || !Arrays.equals(s.input(), x.shape())) {
            forward(input);
            s = last;
        }
        for (int i = 0; i < branches.size(); i++) {
            Checks.requireDelta("ConcatTable (branch " + i + ")", s.outputs()[i], x, delta.get(i));
        }
        return x;
    }
}
