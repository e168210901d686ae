package org.nn4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Checks;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;
import org.nn4j.core.Table;
import org.nn4j.core.TableModule;
import org.nn4j.core.Workspaces;
import org.nn4j.kernels.BatchedGemm;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.NativeMemory;
import org.nn4j.kernels.Ones;
import org.nn4j.kernels.SoftmaxKernel;
import org.nn4j.layers.init.Init;

/**
 * Multi-head scaled dot-product attention, PyTorch's {@code nn.MultiheadAttention(embedDim, numHeads, dropout, bias,
 * batch_first=True)}. With {@code H} heads of {@code D = E / H} features each:
 * <pre>
 *   Q = query · W_qᵀ + b_q,  K = key · W_kᵀ + b_k,  V = value · W_vᵀ + b_v        (split into H heads)
 *   A = softmax(Q · Kᵀ / √D + mask)                                            per head, over the keys
 *   output = concat_heads(dropout(A) · V) · W_outᵀ + b_out
 * </pre>
 *
 * <p><b>Inputs</b> ({@link Table}s, as every {@link TableModule}; a plain array is a table of one):
 * <ul>
 *   <li>{@code x [N, T, E]}: self-attention, query = key = value = x; output {@code [N, T, E]};</li>
 *   <li>{@code (query [N, L, E], memory [N, S, E])}: cross-attention, key = value = memory; output {@code [N, L, E]};</li>
 *   <li>{@code (query [N, L, E], key [N, S, E], value [N, S, E])}: PyTorch's {@code mha(query, key, value)}.</li>
 * </ul>
 * Backward returns one dL/d(array) per array of the input table (the three uses of a self-attention input are
 * summed). Inside a {@link org.nn4j.core.Sequential}, a {@link org.nn4j.core.ConcatTable} makes the table, e.g. of
 * two {@link Narrow}s of one array.
 *
 * <p><b>Parameters</b>, PyTorch's names and shapes, so that a {@code state_dict} loads by name:
 * {@code in_proj_weight [3E, E]} (rows {@code 0..E−1} W_q, then W_k, then W_v), {@code in_proj_bias [3E]},
 * {@code out_proj.weight [E, E]}, {@code out_proj.bias [E]}. Initialised as PyTorch: in_proj_weight
 * xavier_uniform, out_proj.weight U(±1/√E) (a Linear's default), both biases 0.
 *
 * <p><b>Masks.</b> {@link #causal(boolean)}: query i attends to keys 0..i only (PyTorch's
 * {@code attn_mask = generate_square_subsequent_mask(T)}, for L ≠ S the same rule j ≤ i). {@link #keyPaddingMask}:
 * PyTorch's {@code key_padding_mask [N, S]}, true (or non-zero) where a key is ignored; it applies to every forward
 * until it is replaced or cleared, so set it with each batch. Masked positions get weight exactly 0. A query that may
 * attend to no key at all (every key of its sample padded, or with the causal mask) makes PyTorch return NaN there;
 * here {@code forward} throws an {@link IllegalArgumentException} that names the sample and the query instead.
 *
 * <p><b>Attention weights.</b> {@link #attentionWeights()} gives A of the last forward averaged over the heads,
 * {@code [N, L, S]}: PyTorch's {@code need_weights=True, average_attn_weights=True}, after dropout in training mode as
 * in PyTorch 1.13.
 *
 * <p>The heads are computed together: one GEMM per input array for the projections, one batched GEMM over
 * {@code N·H} for the scores and one for the weighted values ({@link BatchedGemm}), one softmax over the keys. See
 * {@link TransformerEncoderLayer} for a whole network.
 *
 * <pre>{@code
 * MultiheadAttention attention = new MultiheadAttention(64, 4).causal(true);
 * INDArray y = attention.forward(x);                                 // x [N, T, 64] -> [N, T, 64]
 * INDArray weights = attention.attentionWeights();                  // [N, T, T]
 * INDArray z = attention.forward(Table.of(queries, memory)).get(0); // [N, L, 64] attending to [N, S, 64]
 * }</pre>
 */
public class MultiheadAttention extends TableModule {

    private static final String NAME = "MultiheadAttention";

    private final int embedDim;
    private final int numHeads;
    private final int headDim;
    private final Parameter inProjWeight; // [3E, E]: W_q, W_k, W_v stacked
    private final Parameter inProjBias;   // [3E], or null without bias
    private final Linear outProj;
    private final DropoutMasks dropout;   // on the attention weights, in training mode
    private boolean causal;
    private INDArray ignoredKeys;         // [N, S], 1 where a key is ignored; outside every workspace; null for none
    /** What the last forward computed, for the backward pass; each forward publishes a new one whole. */
    private volatile Forward last;
    /** The causal mask of the last size, outside every workspace; replaced whole. */
    private volatile CausalMask causalCache;

    /**
     * No dropout, with biases, seeded from {@link Seeds}.
     *
     * @param embedDim E, the features of every position, divisible by {@code numHeads}
     * @param numHeads H, the number of heads
     * @throws IllegalArgumentException when E or H is below 1 or E is not a multiple of H
     */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0, true, Seeds.next());
    }

    /**
     * @param embedDim E, the features of every position, divisible by {@code numHeads}
     * @param numHeads H, the number of heads
     * @param dropout  the probability of zeroing an attention weight in training mode, in [0, 1)
     * @param bias     whether the projections have biases (in_proj_bias, out_proj.bias)
     * @param seed     the same seed gives the same initial parameters and dropout masks
     * @throws IllegalArgumentException when E or H is below 1, E is not a multiple of H, or dropout is not in [0, 1)
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, long seed) {
        if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException(NAME + ": embedDim must be a positive multiple of numHeads, found embedDim="
                    + embedDim + ", numHeads=" + numHeads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(NAME + ": dropout must be in [0, 1), found " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.inProjWeight = new Parameter("in_proj_weight", Nd4j.zeros(DataType.FLOAT, 3L * embedDim, embedDim));
        this.inProjBias = bias ? new Parameter("in_proj_bias", Nd4j.zeros(DataType.FLOAT, 3L * embedDim)) : null;
        this.outProj = new Linear(embedDim, embedDim, bias, seed + 1);
        this.dropout = new DropoutMasks(NAME, dropout, seed + 3);
        reset(seed);
    }

    /**
     * Re-initialises as PyTorch's {@code _reset_parameters}: in_proj_weight xavier_uniform (bound √(6 / 4E)),
     * out_proj.weight U(±1/√E), both biases 0.
     *
     * @param seed the same seed gives the same values
     * @return {@code this}
     */
    public MultiheadAttention reset(long seed) {
        Init.xavierUniform(inProjWeight.value(), 1, seed);
        outProj.reset(seed + 1);
        if (inProjBias != null) {
            inProjBias.value().assign(0);
            outProj.bias().value().assign(0);
        }
        return this;
    }

    /**
     * Whether query i attends to keys 0..i only (a language model's mask).
     *
     * @param on true for the causal mask
     * @return {@code this}
     */
    public MultiheadAttention causal(boolean on) {
        this.causal = on;
        return this;
    }

    /**
     * Ignores some keys of every later forward, PyTorch's {@code key_padding_mask}, until replaced or cleared.
     *
     * @param mask {@code [N, S]}, boolean or numeric, true (non-zero) where the key is ignored; copied, not modified;
     *             null clears it
     * @return {@code this}
     * @throws IllegalArgumentException when the mask is not of rank 2
     */
    public MultiheadAttention keyPaddingMask(INDArray mask) {
        if (mask == null) {
            ignoredKeys = null;
            return this;
        }
        if (mask.rank() != 2) {
            throw new IllegalArgumentException(NAME + ": expected a key-padding mask [N, S], found rank " + mask.rank()
                    + " with shape " + Checks.shape(mask));
        }
        ignoredKeys = Workspaces.outside(() -> mask.castTo(DataType.DOUBLE).neq(0).castTo(DataType.DOUBLE));
        return this;
    }

    /**
     * @param input {@code x [N, T, E]}, {@code (query, memory)} or {@code (query, key, value)}; not modified
     * @return a table of one new array {@code [N, L, E]}
     * @throws IllegalArgumentException when the table, a shape, a dtype or the masks do not fit, naming them
     */
    @Override
    public Table forward(Table input) {
        long[] nls = check(input);
        if (nls[0] == 0 || nls[1] == 0) { // nothing to attend with: no arrays to keep for a backward pass
            last = new Forward(input, nls, null, null, null, null, null, null, null, null);
            return Table.of(Nd4j.create(input.get(0).dataType(), nls[0], nls[1], embedDim));
        }
        Forward f = compute(input, nls, false);
        last = f;
        return Table.of(f.output());
    }

    /**
     * dL/d(each input array), by the chain rule through the output projection, the weighted values, the softmax
     * ({@code dS = A ⊙ (dA − Σ_keys dA ⊙ A)}), the scores and the input projections.
     *
     * @param input the table given to forward; not modified
     * @param delta a table of one array {@code [N, L, E]}; not modified
     * @return a table of new arrays shaped like the input's
     */
    @Override
    public Table backwardDelta(Table input, Table delta) {
        return backward(input, delta, false, true);
    }

    /**
     * Adds dL/dθ to in_proj_weight, in_proj_bias, out_proj.weight and out_proj.bias.
     *
     * @param input the table given to forward; not modified
     * @param delta a table of one array {@code [N, L, E]}; not modified
     */
    @Override
    public void backwardUpdateGradient(Table input, Table delta) {
        backward(input, delta, true, false);
    }

    /** Both halves share everything up to the projections' deltas. */
    @Override
    public Table backward(Table input, Table delta, boolean needInputDelta) {
        return backward(input, delta, true, needInputDelta);
    }

    /**
     * {@return the attention weights of the last forward, averaged over the heads: a new {@code [N, L, S]}}
     *
     * @throws IllegalStateException before any forward, or when the last forward's arrays belonged to a training step
     *         that has ended (read the weights during the step)
     */
    public INDArray attentionWeights() {
        Forward f = last;
        if (f == null) {
            throw new IllegalStateException(NAME + ": no attention weights before the first forward");
        }
        long[] s = f.nls();
        if (f.dropped() == null) {
            return Nd4j.create(f.input().get(0).dataType(), s[0], s[1], s[2]);
        }
        if (!Workspaces.isLive(f.dropped())) {
            throw new IllegalStateException(NAME + ": the attention weights of the last forward belonged to a training step"
                    + " that has ended; read them during the step (and dup() them to keep them)");
        }
        return f.dropped().reshape(s[0], numHeads, s[1], s[2]).mean(1);
    }

    // ------------------------------------------------------------------ forward

    /**
     * The forward pass; {@code again} reuses the dropout mask of the last training-mode forward (a backward pass for
     * an input other than the last forward's).
     */
    private Forward compute(Table input, long[] nls, boolean again) {
        long n = nls[0], l = nls[1], s = nls[2];
        DataType type = input.get(0).dataType();
        int[] from = projectionsOf(input.size());
        List<INDArray> rows = new ArrayList<>();
        INDArray[] qkv = new INDArray[3];
        for (int slot = 0; slot < input.size(); slot++) {
            INDArray x = rows(input.get(slot));
            rows.add(x);
            int count = from[slot + 1] - from[slot];
            long t = input.get(slot).size(1);
            INDArray p = Gemm.output(NAME, "projection", type, n * t, (long) count * embedDim);
            INDArray w = inProjRows(inProjWeight.value(), from[slot], count);
            if (inProjBias != null && count == 3) {
                // the bias rows first (ones · bias, a rank-1 GEMM), then the product onto them: no broadcast add
                Gemm.multiply(Ones.column(n * t, type), false, inProjBias.value().reshape(1, 3L * embedDim), false, p, 1.0, 0.0);
                Gemm.multiply(x, false, w, true, p, 1.0, 1.0);
            } else {
                Gemm.multiply(x, false, w, true, p, 1.0, 0.0);
                if (inProjBias != null) {
                    p.addi(inProjBias.value().get(span(from[slot], count)).reshape(1, (long) count * embedDim));
                }
            }
            // [N·T, count·E] = [N, T, count, H, D] → [count, N·H, T, D]: each projection's heads, one batch per (sample, head)
            INDArray heads = p.reshape(n, t, count, numHeads, headDim).permute(2, 0, 3, 1, 4).dup('c')
                    .reshape(count, n * numHeads, t, headDim);
            for (int j = 0; j < count; j++) {
                qkv[from[slot] + j] = heads.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            }
        }
        double scale = 1 / Math.sqrt(headDim);
        // the scores [N·H, L, S] written into rows [N·H·L, S] of their own: ND4J's fused softmax takes only an array that
        // is no view (a reshaped view takes the slower path of broadcasting ops)
        INDArray scores = NativeMemory.allocate(NAME, "scores", type, n * numHeads * l, s);
        BatchedGemm.multiply(NAME, qkv[0], false, qkv[1], true, scale, scores.reshape(n * numHeads, l, s));
        INDArray mask = additiveMask(input, n, l, s, type);
        if (mask != null && mask.size(0) == 1 && mask.size(2) == l) {
            // one mask for every sample and head: a row added to the rows [N·H, L·S] by the broadcasting custom op (the
            // legacy addiRowVector can crash the JVM under concurrent garbage collection, NoLegacyBroadcastTest)
            scores.reshape(n * numHeads, l * s).addi(mask.reshape(1, l * s));
        } else if (mask != null) {
            scores.reshape(n, numHeads, l, s).addi(mask);
        }
        INDArray weights = SoftmaxKernel.softmax(scores).reshape(n * numHeads, l, s);
        INDArray drop = null;
        if (isTraining() && dropout.p() > 0) {
            long[] shape = weights.shape();
            drop = again ? dropout.forBackward(shape, weights, " (one per head, query and key)") : dropout.draw(shape, type);
        }
        INDArray dropped = drop == null ? weights : weights.mul(drop);
        INDArray o = BatchedGemm.multiply(NAME, dropped, false, qkv[2], false, 1.0); // [N·H, L, D]
        INDArray joined = o.reshape(n, numHeads, l, headDim).permute(0, 2, 1, 3).dup('c').reshape(n * l, embedDim);
        INDArray output = outProj.forward(joined).reshape(n, l, embedDim);
        return new Forward(input, nls, rows, qkv, scores, weights, drop, dropped, joined, output);
    }

    /**
     * 0 where a query may attend to a key, −∞ where it may not, {@code [N or 1, 1, L or 1, S]} to add to the scores
     * {@code [N, H, L, S]}; null without masks.
     */
    private INDArray additiveMask(Table input, long n, long l, long s, DataType type) {
        INDArray ignored = ignoredKeys;
        if (ignored == null && causal) {
            return causalAdditive(l, s, type);
        }
        INDArray allowed = causal ? causalMask(l, s, type) : null;
        if (ignored != null) {
            if (ignored.size(0) != n || ignored.size(1) != s) {
                throw new IllegalArgumentException(NAME + ": the key-padding mask is " + Checks.shape(ignored) + " but the input "
                        + input + " has " + n + " samples of " + s + " keys; set a mask [N, S] for each batch with"
                        + " keyPaddingMask, or clear it with keyPaddingMask(null)");
            }
            INDArray keep = ignored.castTo(type).rsub(1).reshape(n, 1, s);
            allowed = allowed == null ? keep : keep.mul(allowed);
        }
        if (allowed == null) {
            return null;
        }
        requireAKeyPerQuery(allowed.sum(2), ignored != null);
        INDArray additive = Transforms.log(allowed, true); // log 1 = 0, log 0 = −∞
        return additive.reshape(additive.size(0), 1, additive.size(1), s);
    }

    /**
     * The causal mask alone as {@code [1, 1, L, S]}, 0 for j ≤ i and −∞ above: made once per size and dtype, outside
     * every workspace, never written (every query may attend to key 0, so it needs no check).
     */
    private INDArray causalAdditive(long l, long s, DataType type) {
        CausalMask cached = causalCache;
        if (cached == null || cached.l() != l || cached.s() != s || cached.additive().dataType() != type) {
            INDArray additive = Workspaces.outside(() -> Transforms.log(causalMask(l, s, type), false).reshape(1, 1, l, s));
            cached = new CausalMask(l, s, additive);
            causalCache = cached;
        }
        return cached.additive();
    }

    /** The additive causal mask {@code [1, 1, L, S]} of the last size used. */
    private record CausalMask(long l, long s, INDArray additive) {
    }

    /** 1 where query i may attend to key j, j ≤ i, else 0: {@code [1, L, S]} (Nd4j.tri gives zeros for a single row). */
    private static INDArray causalMask(long l, long s, DataType type) {
        INDArray queries = Nd4j.arange(l).castTo(type).reshape(l, 1);
        return queries.sub(Nd4j.arange(s).castTo(type).reshape(1, s)).gte(0).castTo(type).reshape(1, l, s);
    }

    /** @param keys the number of keys each query may attend to, {@code [N or 1, L or 1]} */
    private void requireAKeyPerQuery(INDArray keys, boolean padding) {
        if (keys.minNumber().doubleValue() > 0) {
            return;
        }
        double[] count = keys.dup('c').reshape(-1).toDoubleVector(); // small, and only to name the query in the message
        int at = 0;
        while (count[at] > 0) {
            at++;
        }
        long queries = keys.size(1);
        String which = queries == 1 ? "every query" : "query " + at % queries;
        throw new IllegalArgumentException(NAME + ": " + which + " of sample " + at / queries + " may attend to no key: the "
                + (padding && causal ? "key-padding mask and the causal mask hide" : padding ? "key-padding mask hides"
                : "causal mask hides") + " every key from it (PyTorch returns NaN there); leave at least one key unmasked"
                + " for every query, e.g. the first token of every sequence");
    }

    // ------------------------------------------------------------------ backward

    private Table backward(Table input, Table delta, boolean updateGradient, boolean needInputDelta) {
        long[] nls = check(input);
        long n = nls[0], l = nls[1], s = nls[2];
        INDArray d = requireDelta(input, delta, nls);
        if (n == 0 || l == 0 || !updateGradient && !needInputDelta) {
            return needInputDelta ? zerosLike(input) : null;
        }
        Forward f = forwardOf(input, nls);
        DataType type = d.dataType();
        INDArray dOutput = rows(d);
        INDArray dJoined = updateGradient ? outProj.backward(f.joined(), dOutput, true) : outProj.backwardDelta(f.joined(), dOutput);
        INDArray dO = dJoined.reshape(n, l, numHeads, headDim).permute(0, 2, 1, 3).dup('c').reshape(n * numHeads, l, headDim);
        INDArray[] qkv = f.qkv();
        // in the forward pass: o = dropped · V, dropped = weights ⊙ drop
        // rows [N·H·L, S] of their own, as the scores: ND4J's fused softmax_bp takes only an array that is no view
        INDArray dDroppedRows = NativeMemory.allocate(NAME, "dL/dweights", type, n * numHeads * l, s);
        INDArray dDropped = BatchedGemm.multiply(NAME, dO, false, qkv[2], true, 1.0, dDroppedRows.reshape(n * numHeads, l, s));
        // self-attention: dQ, dK and dV written side by side [3, N·H, T, D], so that they need no stacking
        INDArray dHeads = input.size() == 1 ? NativeMemory.allocate(NAME, "dL/dQ, dL/dK, dL/dV", type, 3, n * numHeads, l, headDim) : null;
        INDArray dV = dHeads == null ? BatchedGemm.multiply(NAME, f.dropped(), true, dO, false, 1.0)    // [N·H, S, D]
                : BatchedGemm.multiply(NAME, f.dropped(), true, dO, false, 1.0, head(dHeads, 2));
        INDArray dWeights = f.drop() == null ? dDropped : dDropped.muli(f.drop());
        // weights = softmax(scores) over the keys: dScores = weights ⊙ (dWeights − Σ_keys dWeights ⊙ weights)
        INDArray dScores = SoftmaxKernel.softmaxBackward(f.scores(), dDroppedRows).reshape(n * numHeads, l, s);
        // scores = Q · Kᵀ / √D
        double scale = 1 / Math.sqrt(headDim);
        INDArray[] dQkv = dHeads == null
                ? new INDArray[] {BatchedGemm.multiply(NAME, dScores, false, qkv[1], false, scale),   // [N·H, L, D]
                    BatchedGemm.multiply(NAME, dScores, true, qkv[0], false, scale), dV}             // [N·H, S, D] each
                : new INDArray[] {BatchedGemm.multiply(NAME, dScores, false, qkv[1], false, scale, head(dHeads, 0)),
                    BatchedGemm.multiply(NAME, dScores, true, qkv[0], false, scale, head(dHeads, 1)), dV};
        int[] from = projectionsOf(input.size());
        INDArray[] dInput = new INDArray[input.size()];
        for (int slot = 0; slot < input.size(); slot++) {
            int count = from[slot + 1] - from[slot];
            long t = input.get(slot).size(1);
            INDArray[] parts = new INDArray[count];
            System.arraycopy(dQkv, from[slot], parts, 0, count);
            // [count, N·H, T, D] → [N, T, count, H, D] = [N·T, count·E], the projection's rows
            INDArray stacked = count == 1 ? parts[0] : dHeads != null ? dHeads : Nd4j.stack(0, parts);
            INDArray dP = stacked.reshape(count, n, numHeads, t, headDim)
                    .permute(1, 3, 0, 2, 4).dup('c').reshape(n * t, (long) count * embedDim);
            INDArray x = f.rows().get(slot);
            if (updateGradient) {
                accumulateInProj(dP, x, from[slot], count, type);
            }
            if (needInputDelta) {
                INDArray dx = Gemm.output(NAME, "dL/dinput", type, n * t, embedDim);
                Gemm.multiply(dP, false, inProjRows(inProjWeight.value(), from[slot], count), false, dx, 1.0, 0.0);
                dInput[slot] = dx.reshape(n, t, embedDim);
            }
        }
        return needInputDelta ? Table.of(dInput) : null;
    }

    /** Projection j's part {@code [N·H, T, D]} of {@code [3, N·H, T, D]}: a dense view. */
    private static INDArray head(INDArray heads, int j) {
        return heads.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** in_proj_weight rows += dPᵀ · x, in_proj_bias += Σ_rows dP, for the {@code count} projections from {@code first}. */
    private void accumulateInProj(INDArray dP, INDArray x, int first, int count, DataType type) {
        if (count == 3) {
            Gemm.accumulate(dP, true, x, false, inProjWeight.grad());
        } else { // a GEMM writes only into an array of its own, not into a block of rows at an offset
            INDArray dW = Gemm.output(NAME, "gradient", type, (long) count * embedDim, embedDim);
            Gemm.multiply(dP, true, x, false, dW, 1.0, 0.0);
            inProjWeight.grad().get(span(first, count), NDArrayIndex.all()).addi(dW);
        }
        if (inProjBias != null && count == 3) { // Σ_rows dP = dPᵀ · ones: a GEMM, faster than a column sum
            Gemm.accumulate(dP, true, Ones.column(dP.size(0), type), false, inProjBias.grad().reshape(3L * embedDim, 1));
        } else if (inProjBias != null) {
            inProjBias.grad().get(span(first, count)).addi(dP.sum(0));
        }
    }

    /** The last forward's arrays when they are of this input and still live; else the forward pass again. */
    private Forward forwardOf(Table input, long[] nls) {
        Forward f = last;
        if (f == null || !f.input().equals(input) || !Workspaces.isLive(f.output()) || f.output().dataType() != input.get(0).dataType()) {
            f = compute(input, nls, true);
            last = f;
        }
        return f;
    }

    // ------------------------------------------------------------------ shapes and checks

    /**
     * The first projection (0 query, 1 key, 2 value) that each array of the table feeds, and 3 at the end: x feeds all
     * three, (query, memory) 0 and 1–2, (query, key, value) one each.
     */
    private static int[] projectionsOf(int tableSize) {
        return switch (tableSize) {
            case 1 -> new int[] {0, 3};
            case 2 -> new int[] {0, 1, 3};
            default -> new int[] {0, 1, 2, 3};
        };
    }

    /** Rows {@code first·E} to {@code (first + count)·E} of in_proj_weight: the whole parameter, or a dense copy of the block. */
    private INDArray inProjRows(INDArray weight, int first, int count) {
        return count == 3 ? weight : weight.get(span(first, count), NDArrayIndex.all()).dup('c');
    }

    private INDArrayIndex span(int first, int count) {
        return NDArrayIndex.interval((long) first * embedDim, (long) (first + count) * embedDim);
    }

    /** {@code [N, T, E]} as {@code [N·T, E]}: a view where the layout allows, else a copy; never written to. */
    private INDArray rows(INDArray x) {
        return x.reshape('c', x.size(0) * x.size(1), embedDim);
    }

    /** @return {N, L, S} */
    private long[] check(Table input) {
        if (input.size() < 1 || input.size() > 3) {
            throw new IllegalArgumentException(NAME + ": expected a table of 1 (x), 2 (query, memory) or 3 (query, key, value)"
                    + " arrays [N, T, E], found " + input.size() + " arrays " + input);
        }
        String[] names = input.size() == 1 ? new String[] {"input"} : input.size() == 2 ? new String[] {"query", "memory"}
                : new String[] {"query", "key", "value"};
        DataType type = inProjWeight.value().dataType();
        for (int i = 0; i < input.size(); i++) {
            INDArray a = input.get(i);
            Checks.requireDataType(NAME, a, type);
            if (a.rank() != 3 || a.size(2) != embedDim) {
                throw new IllegalArgumentException(NAME + ": expected the " + names[i] + " [N, T, " + embedDim + "], found "
                        + Checks.shape(a) + (input.size() > 1 ? " (input " + input + ")" : ""));
            }
            if (a.size(0) != input.get(0).size(0)) {
                throw new IllegalArgumentException(NAME + ": the " + names[i] + " has " + a.size(0) + " samples but the query has "
                        + input.get(0).size(0) + " (input " + input + ")");
            }
        }
        if (input.size() == 3 && input.get(1).size(1) != input.get(2).size(1)) {
            throw new IllegalArgumentException(NAME + ": the key has " + input.get(1).size(1) + " positions but the value has "
                    + input.get(2).size(1) + "; they must be equal (input " + input + ")");
        }
        INDArray keys = input.get(input.size() == 1 ? 0 : 1);
        if (keys.size(1) == 0 && keys.size(0) > 0 && input.get(0).size(1) > 0) {
            throw new IllegalArgumentException(NAME + ": no keys to attend to (input " + input + ")");
        }
        return new long[] {input.get(0).size(0), input.get(0).size(1), keys.size(1)};
    }

    private INDArray requireDelta(Table input, Table delta, long[] nls) {
        long[] shape = {nls[0], nls[1], embedDim};
        if (delta.size() != 1) {
            throw new IllegalArgumentException(NAME + ": delta must be a table of one array, shaped like the output "
                    + java.util.Arrays.toString(shape) + ", found " + delta.size() + " arrays " + delta);
        }
        INDArray d = delta.get(0);
        if (input.size() == 1) {
            Checks.requireDelta(NAME, shape, input.get(0), d);
        } else {
            Checks.requireDelta(NAME, shape, input, d);
        }
        return d;
    }

    private static Table zerosLike(Table input) {
        INDArray[] zeros = new INDArray[input.size()];
        for (int i = 0; i < zeros.length; i++) {
            zeros[i] = Nd4j.create(input.get(i).dataType(), input.get(i).shape());
        }
        return Table.of(zeros);
    }

    /**
     * The arrays of one forward pass: each input array as rows {@code [N·T, E]}, Q, K and V by head {@code [N·H, T, D]},
     * the scores (masked, rows {@code [N·H·L, S]}), the softmax weights and, in training mode with dropout, its mask and the weights after it, the heads joined
     * {@code [N·L, E]} (the output projection's input) and the output.
     */
    private record Forward(Table input, long[] nls, List<INDArray> rows, INDArray[] qkv, INDArray scores, INDArray weights,
                           INDArray drop, INDArray dropped, INDArray joined, INDArray output) {
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** PyTorch's names: in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put(inProjWeight.name(), inProjWeight);
        if (inProjBias != null) {
            named.put(inProjBias.name(), inProjBias);
        }
        outProj.namedParameters().forEach((k, v) -> named.put("out_proj." + k, v));
        return named;
    }

    /** {@return in_proj_weight {@code [3E, E]}, the live parameter} */
    public Parameter inProjWeight() {
        return inProjWeight;
    }

    /** {@return in_proj_bias {@code [3E]}, the live parameter, or null without bias} */
    public Parameter inProjBias() {
        return inProjBias;
    }

    /** {@return the output projection {@code Linear(E, E)} (PyTorch's out_proj)} */
    public Linear outProj() {
        return outProj;
    }

    /** @return E */
    public int embedDim() {
        return embedDim;
    }

    /** @return H */
    public int numHeads() {
        return numHeads;
    }

    /** @return whether the causal mask is on */
    public boolean isCausal() {
        return causal;
    }

    @Override
    public String toString() {
        return NAME + "(embedDim=" + embedDim + ", numHeads=" + numHeads + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "")
                + (inProjBias == null ? ", bias=false" : "") + (causal ? ", causal" : "") + ")";
    }
}
