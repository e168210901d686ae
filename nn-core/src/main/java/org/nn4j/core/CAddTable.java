package org.nn4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise sum of a {@link Table}'s arrays, {@code output = Σᵢ inputᵢ}: Lua Torch's {@code nn.CAddTable},
 * PyTorch's {@code sum(xs)} (or {@code torch.stack(xs).sum(0)}). After a {@link ConcatTable} in a {@link Sequential},
 * it makes a residual connection ({@code new ConcatTable(block, new Identity())}) or sums the branches of a network.
 *
 * <p>Every array must have the same shape and dtype (no broadcasting). Backward: dL/dinputᵢ = delta for every i,
 * each a copy of its own.
 */
public class CAddTable extends TableModule {

    /**
     * @param input at least one array, all of one shape and floating-point dtype; not modified
     * @return a table of one new array, the sum
     * @throws IllegalArgumentException when the table is empty, or two arrays differ in shape or dtype (naming both)
     */
    @Override
    public Table forward(Table input) {
        long[] shape = check(input);
        INDArray first = input.get(0);
        if (first.isEmpty()) { // an empty batch: ND4J does no arithmetic on empty arrays
            return Table.of(Nd4j.create(first.dataType(), shape));
        }
        INDArray y = input.size() == 1 ? first.dup('c') : first.add(input.get(1));
        for (int i = 2; i < input.size(); i++) {
            y.addi(input.get(i));
        }
        return Table.of(y);
    }

    /**
     * dL/dinputᵢ = delta.
     *
     * @param input the table given to forward; not modified
     * @param delta a table of one array shaped like the output; not modified
     * @return a table of copies of delta, one per input array
     * @throws IllegalArgumentException when {@code delta} is not one array of the output's shape and the input's dtype
     */
    @Override
    public Table backwardDelta(Table input, Table delta) {
        long[] shape = check(input);
        if (delta.size() != 1) {
            throw new IllegalArgumentException("CAddTable: delta must be a table of one array, shaped like the output "
                    + Arrays.toString(shape) + ", found " + Table.arrays(delta.size()) + " " + delta);
        }
        INDArray d = delta.get(0);
        Checks.requireDelta("CAddTable", shape, input, d);
        INDArray[] out = new INDArray[input.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.dup('c');
        }
        return Table.of(out);
    }

    /** @return the shape shared by every array of {@code input} */
    private static long[] check(Table input) {
        if (input.size() == 0) {
            throw new IllegalArgumentException("CAddTable: expected a table of at least one array, found none");
        }
        INDArray first = input.get(0);
        Checks.requireFloatingPoint("CAddTable", first);
        DataType type = first.dataType();
        for (int i = 1; i < input.size(); i++) {
            INDArray a = input.get(i);
            if (!Arrays.equals(a.shape(), first.shape())) {
                throw new IllegalArgumentException("CAddTable: array " + i + " has shape " + Checks.shape(a) + " but array 0 has "
                        + Checks.shape(first) + ": the arrays summed must have one shape (input " + input + ")");
            }
            if (a.dataType() != type) {
                throw new IllegalArgumentException("CAddTable: array " + i + " is " + a.dataType() + " but array 0 is " + type
                        + ": the arrays summed must have one dtype");
            }
        }
        return first.shape();
    }
}
