package org.nn4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A module that takes and returns a {@link Table} of arrays (Lua Torch's table modules): the {@link Module} contract
 * with tables in place of arrays. {@code delta} is the table of dL/d(each output array), shaped like the outputs;
 * {@link #backwardDelta(Table, Table)} returns the table of dL/d(each input array), shaped like the inputs;
 * {@link #backwardUpdateGradient(Table, Table)} adds dL/dθ to every parameter's gradient. The rules of
 * {@link Module} hold: arrays passed in are never modified, arrays returned belong to the caller, gradients
 * accumulate until {@link #zeroGrad()}.
 *
 * <p>An array is a table of one array. The array methods ({@link #forward(INDArray)} and the backward calls) are
 * final: they wrap the array in a table, call the table method and unwrap its result, which must then be one
 * array. A module that outputs several arrays (a {@link ConcatTable}) is followed, inside a {@link Sequential}, by
 * one that makes them one again ({@link CAddTable}, {@link JoinTable}); {@code Sequential} passes tables between
 * its modules.
 */
public abstract class TableModule extends Module {

    /**
     * The output table for a table of batches.
     *
     * @param input batch-first arrays; not modified
     * @return a new table of new arrays, which the caller owns
     * @throws IllegalArgumentException when the number of arrays, a shape or a dtype does not fit the module
     */
    public abstract Table forward(Table input);

    /**
     * dL/d(each input array).
     *
     * @param input the table given to {@link #forward(Table)}; not modified
     * @param delta dL/d(each output array), shaped like the outputs; not modified
     * @return a new table shaped like {@code input}, whose arrays the caller owns
     * @throws IllegalArgumentException when {@code delta} does not fit the outputs, naming both
     */
    public abstract Table backwardDelta(Table input, Table delta);

    /**
     * Adds dL/dθ for every parameter to its gradient. Modules without parameters do nothing.
     *
     * @param input the table given to {@link #forward(Table)}; not modified
     * @param delta dL/d(each output array), shaped like the outputs; not modified
     * @throws IllegalArgumentException when {@code delta} does not fit the outputs, naming both
     */
    public void backwardUpdateGradient(Table input, Table delta) {
    }

    /**
     * Both halves of the backward pass in one call: accumulates the parameter gradients and, when
     * {@code needInputDelta}, returns dL/d(each input array) (otherwise {@code null}).
     *
     * @param input          the table given to {@link #forward(Table)}; not modified
     * @param delta          dL/d(each output array); not modified
     * @param needInputDelta whether to compute dL/dinput
     * @return a new table shaped like {@code input}, or null when not asked for
     */
    public Table backward(Table input, Table delta, boolean needInputDelta) {
        backwardUpdateGradient(input, delta);
        return needInputDelta ? backwardDelta(input, delta) : null;
    }

    /**
     * {@link #forward(Table)} of a table of one array, whose output must be one array.
     *
     * @param input not modified
     * @return the output's one array
     * @throws IllegalStateException when the module outputs a table of another size (follow it with
     *         {@link CAddTable} or {@link JoinTable} inside a {@link Sequential})
     */
    @Override
    public final INDArray forward(INDArray input) {
        return single(forward(Table.of(input)), "outputs");
    }

    /**
     * {@link #backwardDelta(Table, Table)} of tables of one array each.
     *
     * @param input the input given to forward; not modified
     * @param delta dL/d(output); not modified
     * @return dL/dinput, a new array
     * @throws IllegalStateException when dL/dinput is a table of another size than one
     */
    @Override
    public final INDArray backwardDelta(INDArray input, INDArray delta) {
        return single(backwardDelta(Table.of(input), Table.of(delta)), "returns as dL/dinput");
    }

    /**
     * {@link #backwardUpdateGradient(Table, Table)} of tables of one array each.
     *
     * @param input the input given to forward; not modified
     * @param delta dL/d(output); not modified
     */
    @Override
    public final void backwardUpdateGradient(INDArray input, INDArray delta) {
        backwardUpdateGradient(Table.of(input), Table.of(delta));
    }

    /**
     * {@link #backward(Table, Table, boolean)} of tables of one array each.
     *
     * @param input          the input given to forward; not modified
     * @param delta          dL/d(output); not modified
     * @param needInputDelta whether to compute dL/dinput
     * @return dL/dinput, a new array, or null when not asked for
     * @throws IllegalStateException when dL/dinput is a table of another size than one
     */
    @Override
    public final INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        Table d = backward(Table.of(input), Table.of(delta), needInputDelta);
        return d == null ? null : single(d, "returns as dL/dinput");
    }

    private INDArray single(Table t, String what) {
        if (t.size() != 1) {
            throw new IllegalStateException(what.equals("outputs")
                    ? getClass().getSimpleName() + " outputs a table of " + Table.arrays(t.size()) + "; follow it with CAddTable or"
                            + " JoinTable inside a Sequential"
                    : getClass().getSimpleName() + " returns dL/dinput as a table of " + Table.arrays(t.size()) + " for an input of"
                            + " one array");
        }
        return t.get(0);
    }
}
