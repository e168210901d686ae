package org.nn4j.examples.text;

import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;
import org.nn4j.layers.Embedding;
import org.nn4j.layers.LSTM;
import org.nn4j.layers.LayerNorm;
import org.nn4j.layers.Linear;
import org.nn4j.layers.PositionalEmbedding;
import org.nn4j.layers.TransformerEncoderLayer;
import org.nn4j.layers.Transpose;

/**
 * The two character language models of the examples, layer for layer as in
 * {@code benchmarks/peers/pytorch_char_models.py}. Both take {@code [N, T]} character indices and return
 * {@code [N, V, T]} logits, the layout {@code CrossEntropyLoss} takes with {@code [N, T]} targets.
 */
public final class CharModels {

    /** Characters per training window, and the transformer's longest context. */
    public static final int WINDOW = 64;

    private CharModels() {
    }

    /**
     * {@return Embedding(V, 64) → LSTM(64, 256, 2 layers) → Linear(256, V) → [N, V, T]}
     *
     * @param vocabulary V, the number of characters
     */
    public static Sequential lstm(int vocabulary) {
        return new Sequential(new Embedding(vocabulary, 64), new LSTM(64, 256, 2), new Linear(256, vocabulary),
                new Transpose(1, 2));
    }

    /**
     * {@return Embedding(V, 128) + a learned positional embedding → 4 pre-norm TransformerEncoderLayers (128, 4 heads,
     * feed-forward 512, GELU, causal, no dropout) → LayerNorm → Linear(128, V) → [N, V, T]}
     *
     * @param vocabulary V, the number of characters
     */
    public static Sequential transformer(int vocabulary) {
        Sequential net = new Sequential(new Embedding(vocabulary, 128), new PositionalEmbedding(WINDOW, 128));
        for (int i = 0; i < 4; i++) {
            net.add(new TransformerEncoderLayer(128, 4, 512, 0, "gelu", true, 1e-5, Seeds.next()).causal(true));
        }
        return net.add(new LayerNorm(128)).add(new Linear(128, vocabulary)).add(new Transpose(1, 2));
    }
}
