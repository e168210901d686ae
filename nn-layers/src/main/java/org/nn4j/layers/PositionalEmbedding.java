package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;
import org.nn4j.layers.init.Init;

/**
 * A learned position embedding added to a sequence: {@code output[n, t, :] = input[n, t, :] + weight[t, :]} for
 * {@code input [N, T, dim]}, {@code weight [maxLength, dim]}, {@code T ≤ maxLength}. In PyTorch (GPT-2's {@code wpe}):
 * {@code x + self.weight[:T]} with {@code weight} an {@code nn.Embedding(maxLength, dim).weight}, initialised N(0, 1)
 * as nn.Embedding. Put it after the token embedding and before the first {@link TransformerEncoderLayer}.
 */
public class PositionalEmbedding extends Module {

    private final int maxLength;
    private final int dim;
    private final Parameter weight;

    /**
     * Seeded from {@link Seeds}.
     *
     * @param maxLength the longest sequence, ≥ 1
     * @param dim       the features of every position, ≥ 1
     * @throws IllegalArgumentException when either is below 1
     */
    public PositionalEmbedding(int maxLength, int dim) {
        this(maxLength, dim, Seeds.next());
    }

    /**
     * @param maxLength the longest sequence, ≥ 1
     * @param dim       the features of every position, ≥ 1
     * @param seed      the same seed gives the same initial weight
     * @throws IllegalArgumentException when either is below 1
     */
    public PositionalEmbedding(int maxLength, int dim, long seed) {
        if (maxLength < 1 || dim < 1) {
            throw new IllegalArgumentException("PositionalEmbedding: maxLength and dim must be at least 1, found maxLength="
                    + maxLength + ", dim=" + dim);
        }
        this.maxLength = maxLength;
        this.dim = dim;
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, maxLength, dim));
        reset(seed);
    }

    /**
     * Re-initialises the weight N(0, 1), as PyTorch's nn.Embedding.
     *
     * @param seed the same seed gives the same values
     * @return {@code this}
     */
    public PositionalEmbedding reset(long seed) {
        Init.normal(weight.value(), 0, 1, seed);
        return this;
    }

    /**
     * @param input {@code [N, T, dim]}, T ≤ maxLength; not modified
     * @return a new array {@code input + weight[0..T−1]}, shaped like the input
     * @throws IllegalArgumentException when the shape or dtype does not fit, or T exceeds maxLength
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        if (input.isEmpty()) {
            return Nd4j.create(input.dataType(), input.shape());
        }
        return input.add(positions(weight.value(), input.size(1)));
    }

    /** dL/dinput = delta. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return delta.dup('c');
    }

    /** {@code grad weight[t] += Σ_n delta[n, t]} for every t below T. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        if (!delta.isEmpty()) {
            positions(weight.grad(), input.size(1)).addi(delta.sum(true, 0));
        }
    }

    /** Rows 0..T−1 of {@code w} as {@code [1, T, dim]}: a view (the parameter arrays are c-ordered, never views). */
    private INDArray positions(INDArray w, long t) {
        INDArrayIndex[] first = {NDArrayIndex.interval(0, t), NDArrayIndex.all()};
        return w.get(first).reshape(1, t, dim);
    }

    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta("PositionalEmbedding", input.shape(), input, delta);
    }

    private void check(INDArray input) {
        Checks.requireDataType("PositionalEmbedding", input, weight.value().dataType());
        Checks.requireRank("PositionalEmbedding", input, 3, "[N, T, dim]");
        Checks.requireSize("PositionalEmbedding", input, 2, dim, "features per position", "[N, T, dim]");
        if (input.size(1) > maxLength) {
            throw new IllegalArgumentException("PositionalEmbedding: the sequence has " + input.size(1) + " positions, more than"
                    + " maxLength " + maxLength + " (input shape " + Checks.shape(input) + "); build it with a larger maxLength"
                    + " or cut the sequence");
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /** {@return the weight {@code [maxLength, dim]}, the live parameter} */
    public Parameter weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "PositionalEmbedding(maxLength=" + maxLength + ", dim=" + dim + ")";
    }
}
