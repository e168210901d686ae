package org.nn4j.layers;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.NativeMemory;
import org.nn4j.layers.init.Init;

/**
 * A lookup table: {@code output[n, t, :] = weight[input[n, t], :]}, PyTorch's {@code nn.Embedding}.
 *
 * <p>input: indices of any shape {@code [N, *]} ({@code [N]}, {@code [N, T]}, {@code [N, T1, T2]}, …), each in
 * {@code [0, numEmbeddings)}; output {@code [N, *, embeddingDim]} in the weight's dtype; weight
 * {@code [numEmbeddings, embeddingDim]}, initialised N(0, 1) as PyTorch does. The indices may be of any integer dtype
 * (INT32, INT64, …) or a floating-point array holding whole numbers, as ND4J code often keeps them; an index that is
 * not a whole number, or lies outside the table, is rejected with an {@link IllegalArgumentException} that names it
 * and where it is.
 *
 * <p>With a padding index (PyTorch's {@code padding_idx}) that row starts at zero and never receives a gradient, so
 * training leaves it as it is; {@code forward} returns the row as it stands (zero unless you set it). Repeated
 * indices add up in the gradient, as in PyTorch. PyTorch's {@code max_norm}, {@code scale_grad_by_freq} and
 * {@code sparse} have no counterpart; pretrained vectors are loaded with {@code weight().set(vectors)}.
 *
 * <p>Embedding is the module whose input is not floating-point: indices have no gradient, so {@link #backwardDelta}
 * returns zeros shaped like the input (in the weight's dtype) only to keep the module contract. Put it first in a
 * network: {@link org.nn4j.core.Sequential} then asks it for no dL/dinput at all. A character model, indices
 * {@code [N, T]} to logits {@code [N, T, 65]}:
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Embedding(65, 32),     // [N, T] character indices -> [N, T, 32]
 *         new LSTM(32, 128),         // -> [N, T, 128]
 *         new Linear(128, 65));      // -> [N, T, 65], one row of logits per position
 * INDArray logits = model.forward(Nd4j.createFromArray(new int[][] {{7, 4, 11, 11}, {14, 0, 3, 3}}));
 * }</pre>
 */
public class Embedding extends Module {

    /** Up to this many elements of a one-hot [indices, numEmbeddings] the weight gradient is a GEMM, else a scatter-add. */
    private static final long ONE_HOT_MAX = 1L << 20;

    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx; // in [0, numEmbeddings), or null
    private final Parameter weight;

    /**
     * Without a padding index, seeded from {@link Seeds}.
     *
     * @param numEmbeddings the size of the table (how many indices), &ge; 1
     * @param embeddingDim  the size of each vector, &ge; 1
     * @throws IllegalArgumentException when a size is below 1
     */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /**
     * Seeded from {@link Seeds}.
     *
     * @param numEmbeddings the size of the table, &ge; 1
     * @param embeddingDim  the size of each vector, &ge; 1
     * @param paddingIdx    the row that starts at zero and gets no gradient, in {@code [-numEmbeddings, numEmbeddings)}
     *                      (a negative one counts from the end, as in PyTorch), or null for none
     * @throws IllegalArgumentException when a size is below 1 or the padding index is outside the table
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Seeds.next());
    }

    /**
     * A lookup table with a float32 weight initialised from {@code seed}.
     *
     * @param numEmbeddings the size of the table, &ge; 1
     * @param embeddingDim  the size of each vector, &ge; 1
     * @param paddingIdx    the row that starts at zero and gets no gradient, in {@code [-numEmbeddings, numEmbeddings)},
     *                      or null for none
     * @param seed          the same seed gives the same initial weight
     * @throws IllegalArgumentException when a size is below 1 or the padding index is outside the table
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, long seed) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("Embedding: numEmbeddings and embeddingDim must be at least 1, found numEmbeddings="
                    + numEmbeddings + ", embeddingDim=" + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx must be in [" + -numEmbeddings + ", " + numEmbeddings
                    + "), found " + paddingIdx);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null || paddingIdx >= 0 ? paddingIdx : Integer.valueOf(paddingIdx + numEmbeddings);
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, numEmbeddings, embeddingDim));
        reset(seed);
    }

    /**
     * Re-initialises the weight as PyTorch does: N(0, 1), the padding row (if any) zero.
     *
     * @param seed the same seed gives the same values
     * @return {@code this}
     */
    public Embedding reset(long seed) {
        Init.normal(weight, 0, 1, seed);
        if (paddingIdx != null) {
            weight.value().getRow(paddingIdx).assign(0);
        }
        return this;
    }

    /**
     * The rows of the weight the indices name, gathered in one native call.
     *
     * @param input indices {@code [N, *]}; not modified
     * @return a new array {@code [N, *, embeddingDim]} in the weight's dtype
     * @throws IllegalArgumentException when the input is not indices or an index is outside {@code [0, numEmbeddings)}
     */
    @Override
    public INDArray forward(INDArray input) {
        INDArray index = indices(input);
        INDArray output = NativeMemory.allocate("Embedding", "output", weight.value().dataType(), outputShape(input));
        if (index.length() > 0) {
            Nd4j.exec(DynamicCustomOp.builder("gather").addInputs(weight.value(), index)
                    .addOutputs(output.reshape(index.length(), embeddingDim)).addIntegerArguments(0).build());
        }
        return output;
    }

    /**
     * Indices have no gradient: zeros shaped like the input, in the weight's dtype (what {@link org.nn4j.core.Sequential}
     * never asks of its first module).
     *
     * @param input indices {@code [N, *]}; not modified
     * @param delta dL/doutput {@code [N, *, embeddingDim]}; not modified
     * @return a new array of zeros shaped like {@code input}
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return Nd4j.zeros(delta.dataType(), input.shape());
    }

    /**
     * {@code gradWeight[input[n, t], :] += delta[n, t, :]}, repeated indices adding up: a GEMM with the one-hot indices
     * for small batches of finite deltas, otherwise a scatter-add of every row of delta at once (the native op's locked,
     * single-threaded form, so that two rows of one index never race); the padding row's gradient is put back as it was.
     * A NaN or infinite delta reaches only its index's row, as in PyTorch.
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        INDArray index = checkBackward(input, delta);
        if (index.length() == 0) {
            return;
        }
        INDArray grad = weight.grad();
        INDArray padding = paddingIdx == null ? null : grad.getRow(paddingIdx).dup();
        INDArray rows = dense(delta).reshape(index.length(), embeddingDim);
        if (index.length() * numEmbeddings <= ONE_HOT_MAX && Double.isFinite(rows.sumNumber().doubleValue())) {
            // gradWeight += onehot(index)ᵀ · rows: one GEMM, about three times faster than ND4J's scatter_add. Only for
            // finite deltas: in the GEMM 0 · NaN is NaN, which would reach every row, not only the index's as in PyTorch
            INDArray oneHot = Nd4j.exec(new OneHot(index, numEmbeddings, -1, 1.0, 0.0, grad.dataType()))[0];
            Gemm.accumulate(oneHot, true, rows, false, grad);
        } else {
            Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(grad, index, rows).addOutputs(grad)
                    .addBooleanArguments(true).build());
        }
        if (padding != null) {
            grad.getRow(paddingIdx).assign(padding);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /** @return the weight {@code [numEmbeddings, embeddingDim]}, the live parameter */
    public Parameter weight() {
        return weight;
    }

    /** @return the size of the table */
    public int numEmbeddings() {
        return numEmbeddings;
    }

    /** @return the size of each vector */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** @return the padding row, in {@code [0, numEmbeddings)} (a negative one given to the constructor counted from the end), or null */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    private long[] outputShape(INDArray input) {
        long[] shape = Arrays.copyOf(input.shape(), input.rank() + 1);
        shape[input.rank()] = embeddingDim;
        return shape;
    }

    /** Checks delta's shape and dtype against the output's, after the indices; returns the indices. */
    private INDArray checkBackward(INDArray input, INDArray delta) {
        INDArray index = indices(input);
        long[] shape = outputShape(input);
        if (!Arrays.equals(shape, delta.shape())) {
            throw new IllegalArgumentException("Embedding: delta must be shaped like the output " + Arrays.toString(shape)
                    + " of input " + Checks.shape(input) + ", found " + Checks.shape(delta));
        }
        DataType type = weight.value().dataType();
        if (delta.dataType() != type) {
            throw new IllegalArgumentException("Embedding: delta is " + delta.dataType() + " but the output is " + type
                    + "; backward takes dL/doutput in the dtype of the output (cast it with castTo(DataType." + type + "))");
        }
        return index;
    }

    /**
     * The indices as a dense INT64 vector {@code [M]}, M = input.length(), after checking that they are whole numbers in
     * range: a cast, two reductions (three more for a floating-point input); only a failing check looks at elements.
     */
    private INDArray indices(INDArray input) {
        DataType type = input.dataType();
        if (!type.isIntType() && !type.isFPType()) {
            throw new IllegalArgumentException("Embedding: expected integer indices (or whole numbers in a floating-point"
                    + " array), found " + type + " " + Checks.shape(input));
        }
        long m = input.length();
        INDArray index = dense(type == DataType.LONG ? input : input.castTo(DataType.LONG)).reshape(m);
        if (m == 0) {
            return index;
        }
        boolean whole = !type.isFPType() || !index.castTo(type).neq(dense(input).reshape(m)).any();
        if (!whole || index.minNumber().longValue() < 0 || index.maxNumber().longValue() >= numEmbeddings) {
            throw badIndex(input);
        }
        return index;
    }

    /** The first index, in c order, that is not a whole number in range, and where it is. */
    private IllegalArgumentException badIndex(INDArray input) {
        INDArray values = dense(input).reshape(input.length());
        for (long i = 0; i < values.length(); i++) {
            String at = " at input" + Arrays.toString(Shape.ind2subC(input.shape(), i));
            if (input.dataType().isFPType()) {
                double v = values.getDouble(i);
                if (!Double.isFinite(v) || v != Math.rint(v)) {
                    return new IllegalArgumentException("Embedding: expected whole-number indices, found " + v + at);
                }
                if (v < 0 || v >= numEmbeddings) {
                    return outside(v == (long) v ? Long.toString((long) v) : Double.toString(v), at);
                }
            } else if (values.getLong(i) < 0 || values.getLong(i) >= numEmbeddings) {
                return outside(Long.toString(values.getLong(i)), at);
            }
        }
        throw new IllegalStateException("Embedding: no bad index found in " + Checks.shape(input));
    }

    private IllegalArgumentException outside(String index, String at) {
        return new IllegalArgumentException("Embedding: index " + index + at + " is outside [0, " + numEmbeddings
                + ") (numEmbeddings = " + numEmbeddings + ")");
    }

    /** {@code a} itself when it is c-ordered with c strides (a view at an offset included), else a c-ordered copy. */
    private static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }

    @Override
    public String toString() {
        return "Embedding(" + numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx) + ")";
    }
}
