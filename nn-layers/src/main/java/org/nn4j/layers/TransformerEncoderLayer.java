package org.nn4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Residual;
import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;

/**
 * One layer of a Transformer encoder, PyTorch's {@code nn.TransformerEncoderLayer(dModel, nHead, dimFeedforward,
 * dropout, activation, layer_norm_eps, batch_first=True, norm_first)}: self-attention and a position-wise feed-forward
 * network, each with a residual connection and a {@link LayerNorm}, on {@code [N, T, dModel]}.
 * <pre>
 *   post-norm (normFirst false, PyTorch's default):   x = norm1(x + dropout1(self_attn(x)))
 *                                                     x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))
 *   pre-norm (normFirst true):                        x = x + dropout1(self_attn(norm1(x)))
 *                                                     x = x + dropout2(linear2(dropout(activation(linear1(norm2(x))))))
 * </pre>
 * The self-attention's weights drop with the same probability. {@link #causal(boolean)} makes each position attend to
 * itself and the positions before it (PyTorch's {@code src_mask = generate_square_subsequent_mask(T)}),
 * {@link #keyPaddingMask} ignores padded positions ({@code src_key_padding_mask}); see {@link MultiheadAttention}.
 *
 * <p>Parameters carry PyTorch's names, so that a {@code state_dict} loads by name: {@code self_attn.in_proj_weight},
 * {@code self_attn.in_proj_bias}, {@code self_attn.out_proj.weight}, {@code self_attn.out_proj.bias},
 * {@code linear1.weight}, {@code linear1.bias}, {@code linear2.weight}, {@code linear2.bias}, {@code norm1.weight},
 * {@code norm1.bias}, {@code norm2.weight}, {@code norm2.bias} (prefixed by the layer's index inside a
 * {@link Sequential}, as in an {@code nn.Sequential}). Initialised as PyTorch's modules are.
 *
 * <p>A character-level language model (GPT-style: pre-norm, causal, GELU), tokens {@code [N, T]} to logits
 * {@code [N, T, vocabulary]}:
 * <pre>{@code
 * int vocabulary = 65, context = 128, d = 64, heads = 4, layers = 4;
 * Sequential model = new Sequential(new Embedding(vocabulary, d), new PositionalEmbedding(context, d));
 * for (int i = 0; i < layers; i++) {
 *     model.add(new TransformerEncoderLayer(d, heads, 4 * d, 0.1, "gelu", true, 1e-5, 42 + i).causal(true));
 * }
 * model.add(new LayerNorm(d)).add(new Linear(d, vocabulary));   // logits [N, T, vocabulary]
 * // the loss: CrossEntropyLoss on the logits as [N·T, vocabulary] and the next tokens as [N·T]
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {

    private static final String NAME = "TransformerEncoderLayer";

    private final int dModel;
    private final int dimFeedforward;
    private final double dropout;
    private final String activation;
    private final boolean normFirst;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Sequential body;

    /**
     * PyTorch's defaults: dropout 0.1, ReLU, post-norm, eps 1e-5; seeded from {@link Seeds}.
     *
     * @param dModel         the features of every position, divisible by {@code nHead}
     * @param nHead          the number of attention heads
     * @param dimFeedforward the hidden features of the feed-forward network
     * @throws IllegalArgumentException as the full constructor
     */
    public TransformerEncoderLayer(int dModel, int nHead, int dimFeedforward) {
        this(dModel, nHead, dimFeedforward, 0.1, "relu", false, 1e-5, Seeds.next());
    }

    /**
     * @param dModel         the features of every position, divisible by {@code nHead}
     * @param nHead          the number of attention heads
     * @param dimFeedforward the hidden features of the feed-forward network, ≥ 1
     * @param dropout        the probability of every dropout in training mode, in [0, 1)
     * @param activation     {@code "relu"} or {@code "gelu"} (the exact GELU), PyTorch's names
     * @param normFirst      true for pre-norm (LayerNorm before each block), false for post-norm (after each residual sum)
     * @param layerNormEps   the LayerNorms' eps, {@code > 0}
     * @param seed           the same seed gives the same initial parameters and dropout masks
     * @throws IllegalArgumentException for a dModel not divisible by nHead, sizes below 1, a dropout outside [0, 1), an
     *         unknown activation or a non-positive eps
     */
    public TransformerEncoderLayer(int dModel, int nHead, int dimFeedforward, double dropout, String activation,
                                   boolean normFirst, double layerNormEps, long seed) {
        if (dimFeedforward < 1 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(NAME + ": expected dimFeedforward >= 1 and dropout in [0, 1), found dimFeedforward="
                    + dimFeedforward + ", dropout=" + dropout);
        }
        Module act = switch (activation) {
            case "relu" -> new ReLU();
            case "gelu" -> new GELU();
            default -> throw new IllegalArgumentException(NAME + ": activation must be \"relu\" or \"gelu\", found \"" + activation
                    + "\"");
        };
        this.dModel = dModel;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.activation = activation;
        this.normFirst = normFirst;
        this.selfAttn = new MultiheadAttention(dModel, nHead, dropout, true, seed);
        this.linear1 = new Linear(dModel, dimFeedforward, true, seed + 10);
        this.linear2 = new Linear(dimFeedforward, dModel, true, seed + 20);
        this.norm1 = new LayerNorm(new long[] {dModel}, layerNormEps, true);
        this.norm2 = new LayerNorm(new long[] {dModel}, layerNormEps, true);
        Sequential attention = new Sequential(selfAttn);
        Sequential feedForward = new Sequential(linear1, act);
        addDropout(feedForward, seed + 30);
        feedForward.add(linear2);
        addDropout(feedForward, seed + 40);
        addDropout(attention, seed + 50);
        if (normFirst) {
            body = new Sequential(new Residual(new Sequential(norm1, attention)), new Residual(new Sequential(norm2, feedForward)));
        } else {
            body = new Sequential(new Residual(attention), norm1, new Residual(feedForward), norm2);
        }
    }

    /** PyTorch keeps its Dropout modules at p = 0; they change nothing, so none is added then. */
    private void addDropout(Sequential block, long seed) {
        if (dropout > 0) {
            block.add(new Dropout(dropout, seed));
        }
    }

    /**
     * Whether each position attends only to itself and the positions before it.
     *
     * @param on true for the causal mask
     * @return {@code this}
     */
    public TransformerEncoderLayer causal(boolean on) {
        selfAttn.causal(on);
        return this;
    }

    /**
     * Ignores padded positions as keys in every later forward ({@link MultiheadAttention#keyPaddingMask}), until
     * replaced or cleared; in a stack of layers, set it on each.
     *
     * @param mask {@code [N, T]}, true (non-zero) where a position is padding; copied, not modified; null clears it
     * @return {@code this}
     */
    public TransformerEncoderLayer keyPaddingMask(INDArray mask) {
        selfAttn.keyPaddingMask(mask);
        return this;
    }

    /**
     * @param input {@code [N, T, dModel]}; not modified
     * @return a new array {@code [N, T, dModel]}
     * @throws IllegalArgumentException when the shape or dtype does not fit, naming them
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return body.forward(input);
    }

    /** dL/dinput through both blocks, their residual connections and norms, in reverse. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        return body.backwardDelta(input, delta);
    }

    /** Adds dL/dθ to every parameter of both blocks and both norms. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkBackward(input, delta);
        body.backwardUpdateGradient(input, delta);
    }

    /** One backward pass through the whole layer. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        checkBackward(input, delta);
        return body.backward(input, delta, needInputDelta);
    }

    private void check(INDArray input) {
        Checks.requireDataType(NAME, input, norm1.weight().value().dataType());
        Checks.requireRank(NAME, input, 3, "[N, T, dModel]");
        Checks.requireSize(NAME, input, 2, dModel, "features per position", "[N, T, dModel]");
    }

    private void checkBackward(INDArray input, INDArray delta) {
        check(input);
        Checks.requireDelta(NAME, input.shape(), input, delta);
    }

    /** In PyTorch's state_dict order. */
    @Override
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        Map<String, Module> children = Map.of("self_attn", selfAttn, "linear1", linear1, "linear2", linear2, "norm1", norm1,
                "norm2", norm2);
        for (String child : new String[] {"self_attn", "linear1", "linear2", "norm1", "norm2"}) {
            children.get(child).namedParameters().forEach((k, v) -> named.put(child + "." + k, v));
        }
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        body.to(dataType);
        return this;
    }

    @Override
    public Module train() {
        body.train();
        return super.train();
    }

    @Override
    public Module eval() {
        body.eval();
        return super.eval();
    }

    /** {@return the self-attention (PyTorch's self_attn)} */
    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    /** {@return the first feed-forward layer {@code Linear(dModel, dimFeedforward)}} */
    public Linear linear1() {
        return linear1;
    }

    /** {@return the second feed-forward layer {@code Linear(dimFeedforward, dModel)}} */
    public Linear linear2() {
        return linear2;
    }

    /** {@return the norm of the attention block} */
    public LayerNorm norm1() {
        return norm1;
    }

    /** {@return the norm of the feed-forward block} */
    public LayerNorm norm2() {
        return norm2;
    }

    @Override
    public String toString() {
        return NAME + "(dModel=" + dModel + ", nHead=" + selfAttn.numHeads() + ", dimFeedforward=" + dimFeedforward
                + ", dropout=" + dropout + ", activation=" + activation + (normFirst ? ", normFirst" : "")
                + (selfAttn.isCausal() ? ", causal" : "") + ")";
    }
}
