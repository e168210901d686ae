package org.nn4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The arrays of a {@link Table} joined along one axis: PyTorch's {@code torch.cat(xs, dim)}, Lua Torch's
 * {@code nn.JoinTable}. After a {@link ConcatTable} in a {@link Sequential} it does what {@link Concat} does in one
 * module (Inception-style branches joined on the channel axis, {@code dim = 1}); after a {@link ParallelTable}, it
 * joins the outputs of modules that each took an array of their own.
 *
 * <p>{@code dim} counts from 0 (the batch axis), and a negative {@code dim} from the end, as in PyTorch; Lua Torch's
 * {@code JoinTable(dim)} counted from 1, so its {@code nn.JoinTable(2)} on a batch is {@code new JoinTable(1)} here.
 * Every array must have the same rank, the same dtype and the same size on every axis but {@code dim}; the output's
 * size along {@code dim} is the sum of theirs, in table order. Backward splits delta along {@code dim}: dL/dinputᵢ is
 * the part of delta where inputᵢ was put.
 */
public class JoinTable extends TableModule {

    private final int dim;

    /**
     * Joins along {@code dim}.
     *
     * @param dim the axis to join along (1 for channels or features); negative counts from the last axis
     */
    public JoinTable(int dim) {
        this.dim = dim;
    }

    /** {@return the axis the arrays are joined along, as given (possibly negative)} */
    public int dim() {
        return dim;
    }

    /**
     * @param input at least one array; not modified
     * @return a table of one new c-ordered array, the arrays joined along {@code dim}
     * @throws IllegalArgumentException when the table is empty, {@code dim} does not fit the arrays' rank, or two arrays
     *         differ in dtype or on an axis other than {@code dim} (naming the array and both shapes)
     */
    @Override
    public Table forward(Table input) {
        int axis = check(input);
        long[] shape = outputShape(input, axis);
        INDArray y = Nd4j.create(input.get(0).dataType(), shape, 'c');
        long at = 0;
        for (INDArray x : input.list()) {
            if (!x.isEmpty()) {
                y.get(along(shape.length, axis, at, x.size(axis))).assign(x);
            }
            at += x.size(axis);
        }
        return Table.of(y);
    }

    /**
     * dL/dinputᵢ: the part of delta along {@code dim} where inputᵢ was put.
     *
     * @param input the table given to forward; not modified
     * @param delta a table of one array shaped like the output; not modified
     * @return a table of new arrays shaped like the input's
     * @throws IllegalArgumentException when {@code delta} is not one array of the output's shape and the input's dtype
     */
    @Override
    public Table backwardDelta(Table input, Table delta) {
        int axis = check(input);
        long[] shape = outputShape(input, axis);
        if (delta.size() != 1) {
            throw new IllegalArgumentException("JoinTable: delta must be a table of one array, shaped like the output "
                    + Arrays.toString(shape) + ", found " + Table.arrays(delta.size()) + " " + delta);
        }
        Checks.requireDelta("JoinTable", shape, input, delta.get(0));
        // ND4J's interval indexing of some views (a sub-array of a larger array, say) returns arrays of the wrong
        // shape, so delta is cut only when it is dense and c-ordered
        INDArray d = delta.get(0);
        INDArray whole = d.isView() || d.ordering() != 'c' ? d.dup('c') : d;
        INDArray[] parts = new INDArray[input.size()];
        long at = 0;
        for (int i = 0; i < parts.length; i++) {
            INDArray x = input.get(i);
            parts[i] = x.isEmpty() ? Nd4j.create(x.dataType(), x.shape())
                    : whole.get(along(shape.length, axis, at, x.size(axis))).dup('c');
            at += x.size(axis);
        }
        return Table.of(parts);
    }

    /** @return the axis, {@code dim} counted from 0 */
    private int check(Table input) {
        if (input.size() == 0) {
            throw new IllegalArgumentException("JoinTable: expected a table of at least one array, found none");
        }
        INDArray first = input.get(0);
        Checks.requireFloatingPoint("JoinTable", first);
        int rank = first.rank();
        int axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("JoinTable: dim " + dim + " is out of range for arrays of rank " + rank
                    + " (expected " + -rank + " to " + (rank - 1) + "; input " + input + ")");
        }
        DataType type = first.dataType();
        for (int i = 1; i < input.size(); i++) {
            INDArray a = input.get(i);
            if (!fits(first.shape(), a.shape(), axis)) {
                throw new IllegalArgumentException("JoinTable: array " + i + "'s shape " + Checks.shape(a) + " does not fit"
                        + " array 0's " + Checks.shape(first) + ": arrays must agree on every axis but dim " + axis
                        + " (input " + input + ")");
            }
            if (a.dataType() != type) {
                throw new IllegalArgumentException("JoinTable: array " + i + " is " + a.dataType() + " but array 0 is " + type
                        + ": the arrays joined must have one dtype");
            }
        }
        return axis;
    }

    private static long[] outputShape(Table input, int axis) {
        long[] shape = input.get(0).shape().clone();
        for (int i = 1; i < input.size(); i++) {
            shape[axis] += input.get(i).size(axis);
        }
        return shape;
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

    private static INDArrayIndex[] along(int rank, int axis, long from, long length) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(from, from + length);
        return index;
    }

    @Override
    public String toString() {
        return "JoinTable(dim=" + dim + ")";
    }
}
