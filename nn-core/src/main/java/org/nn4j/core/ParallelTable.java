package org.nn4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The i-th branch applied to the i-th array of a {@link Table}: Lua Torch's {@code nn.ParallelTable}, PyTorch's
 * {@code [b(x) for b, x in zip(branches, xs)]}. It takes the table a {@link ConcatTable} (or another
 * {@code ParallelTable}) outputs, and its own output table goes on to a {@link CAddTable}, a {@link JoinTable} or
 * another table module, inside a {@link Sequential}.
 *
 * <pre>{@code
 * // two heads on one trunk, joined on the feature axis: [N, 8] → [N, 3 + 5]
 * Sequential net = new Sequential(new Linear(4, 8), new ReLU(),
 *         new ConcatTable(new Identity(), new Identity()),
 *         new ParallelTable(new Linear(8, 3), new Linear(8, 5)),
 *         new JoinTable(1));
 * }</pre>
 *
 * <p>Input: a table of one array per branch; each branch maps one array to one array. Output: the table of the
 * branches' outputs, in branch order. Backward: delta holds one array per branch, shaped like its output; dL/dinput is
 * the table of the branches' dL/dinput, and every branch's parameter gradients accumulate.
 *
 * <p>Parameters and buffers are named {@code 0.weight}, {@code 1.2.bias}, ... by branch index, as in a PyTorch module
 * that holds its branches in an {@code nn.ModuleList}. {@link #train()}, {@link #eval()}, {@link #to},
 * {@link #freeze()} and {@link #unfreeze()} apply to every branch. It keeps only the shapes of the last forward,
 * published whole, so that eval-mode forwards from several threads are safe.
 */
public class ParallelTable extends BranchTableModule {

    /** The input shapes and the branches' output shapes of the last forward, against which backward checks delta. */
    private volatile Shapes last;

    private record Shapes(long[][] inputs, long[][] outputs) {
    }

    /**
     * Applies the i-th of {@code branches} to the i-th array of the input.
     *
     * @param branches at least one; kept (not copied), none null, no module twice
     * @throws NullPointerException     when a branch is null
     * @throws IllegalArgumentException when there is no branch or a module is given twice
     */
    public ParallelTable(Module... branches) {
        super("ParallelTable", branches);
    }

    /**
     * @param input one array per branch; not modified
     * @return a table of the branches' outputs, in branch order
     * @throws IllegalArgumentException when the table does not hold one array per branch, or an array is not
     *         floating-point
     */
    @Override
    public Table forward(Table input) {
        checkSize(input, "input");
        INDArray[] outs = new INDArray[branches.size()];
        long[][] inShapes = new long[outs.length][];
        long[][] outShapes = new long[outs.length][];
        for (int i = 0; i < outs.length; i++) {
            Checks.requireFloatingPoint("ParallelTable", input.get(i));
            outs[i] = branches.get(i).forward(input.get(i));
            inShapes[i] = input.get(i).shape();
            outShapes[i] = outs[i].shape();
        }
        last = new Shapes(inShapes, outShapes);
        return Table.of(outs);
    }

    /**
     * dL/dinput: each branch's dL/dinput for its delta.
     *
     * @param input the table given to forward; not modified
     * @param delta one array per branch, shaped like its output; not modified
     * @return a new table shaped like {@code input}
     * @throws IllegalArgumentException when {@code delta} has another size, or an array of it another shape or dtype than
     *         its branch's output, naming both
     */
    @Override
    public Table backwardDelta(Table input, Table delta) {
        checkDelta(input, delta);
        INDArray[] d = new INDArray[branches.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = own(branches.get(i).backwardDelta(input.get(i), delta.get(i)), input.get(i), delta.get(i));
        }
        return Table.of(d);
    }

    /**
     * Adds every branch's parameter gradients, each for its input and delta.
     *
     * @param input the table given to forward; not modified
     * @param delta one array per branch, shaped like its output; not modified
     * @throws IllegalArgumentException when {@code delta} does not fit the outputs, naming both
     */
    @Override
    public void backwardUpdateGradient(Table input, Table delta) {
        checkDelta(input, delta);
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).backwardUpdateGradient(input.get(i), delta.get(i));
        }
    }

    /** Every branch's backward pass in one call; no dL/dinput when not asked for. */
    @Override
    public Table backward(Table input, Table delta, boolean needInputDelta) {
        checkDelta(input, delta);
        INDArray[] d = new INDArray[branches.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = branches.get(i).backward(input.get(i), delta.get(i), needInputDelta);
            if (needInputDelta) {
                d[i] = own(d[i], input.get(i), delta.get(i));
            }
        }
        return needInputDelta ? Table.of(d) : null;
    }

    /** A copy of {@code d} when it is the caller's array (a branch that handed back its input or delta). */
    private static INDArray own(INDArray d, INDArray input, INDArray delta) {
        return d == input || d == delta ? d.dup() : d;
    }

    private void checkSize(Table t, String what) {
        if (t.size() != branches.size()) {
            throw new IllegalArgumentException("ParallelTable: expected " + (what.equals("input") ? "a" : "a delta")
                    + " table of " + Table.arrays(branches.size()) + ", one per branch, found " + Table.arrays(t.size()) + " " + t);
        }
    }

    /**
     * Checks every array of delta against its branch's output for its input (running forward for other input shapes),
     * before any branch's backward runs.
     */
    private void checkDelta(Table input, Table delta) {
        checkSize(input, "input");
        checkSize(delta, "delta");
        Shapes s = last;
        if (s == null || !sameShapes(s.inputs(), input)) {
            forward(input);
            s = last;
        }
        for (int i = 0; i < branches.size(); i++) {
            Checks.requireDelta("ParallelTable (branch " + i + ")", s.outputs()[i], input.get(i), delta.get(i));
        }
    }

    private static boolean sameShapes(long[][] shapes, Table t) {
        for (int i = 0; i < shapes.length; i++) {
            if (!Arrays.equals(shapes[i], t.get(i).shape())) {
                return false;
            }
        }
        return true;
    }
}
