package org.nn4j.layers;

import static org.nn4j.layers.SpecCases.draw;
import static org.nn4j.layers.SpecCases.seed;
import static org.nn4j.layers.SpecCases.shape;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.ModuleCase;
import org.quicktheories.core.Gen;

/**
 * The generators behind the attention rows of {@link ModuleSpecs}: {@link MultiheadAttention} (self and cross, causal and
 * key-padding masks, dropout in eval mode), {@link TransformerEncoderLayer} (pre- and post-norm, ReLU and GELU) and
 * {@link PositionalEmbedding}, on small sequences: E = 4 or 6, 1 or 2 heads, T ≤ 5, N ≤ 3. Key-padding masks hide the
 * last keys of a sample but never its first, so that every query keeps a key (even with the causal mask).
 */
final class AttentionSpecCases {

    private AttentionSpecCases() {
    }

    /**
     * Self-attention {@code [N, T, E] → [N, T, E]}, with or without biases, causal or not, with or without a key-padding
     * mask; in training mode without dropout, or in eval mode with dropout 0.3.
     */
    static Gen<ModuleCase> selfAttention(boolean dropoutEval) {
        return in -> {
            int e = draw(in, 0, 1) == 0 ? 4 : 6, h = draw(in, 1, 2), n = draw(in, 1, 3), t = draw(in, 1, 5);
            boolean bias = draw(in, 0, 3) > 0, causal = draw(in, 0, 1) == 0, padded = draw(in, 0, 1) == 0;
            long seed = seed(in);
            double p = dropoutEval ? 0.3 : 0;
            Supplier<Module> factory = () -> {
                MultiheadAttention m = new MultiheadAttention(e, h, p, bias, seed).causal(causal)
                        .keyPaddingMask(padded ? padding(seed, n, t) : null);
                return dropoutEval ? m.eval() : m;
            };
            return new ModuleCase(describe(e, h, p, bias, causal, padded, seed) + (dropoutEval ? ".eval()" : ""), factory,
                    shape(n, t, e), shape(n, t, e), seed);
        };
    }

    /**
     * Cross-attention inside a network: {@code [N, L + S, E]} cut into a query (plus a position embedding, so that the
     * table's first module has parameters) and a memory, or into a query, a key and a value: {@code → [N, L, E]}.
     */
    static Gen<ModuleCase> crossAttention(boolean separateValue) {
        return in -> {
            int e = draw(in, 0, 1) == 0 ? 4 : 6, h = draw(in, 1, 2), n = draw(in, 1, 3), l = draw(in, 1, 4), s = draw(in, 1, 4);
            boolean causal = draw(in, 0, 1) == 0, padded = draw(in, 0, 1) == 0;
            long seed = seed(in);
            int positions = separateValue ? l + 2 * s : l + s;
            Supplier<Module> factory = () -> {
                Module query = new Sequential(new Narrow(1, 0, l), new PositionalEmbedding(l, e, seed + 7));
                ConcatTable table = separateValue ? new ConcatTable(query, new Narrow(1, l, s), new Narrow(1, l + s, s))
                        : new ConcatTable(query, new Narrow(1, l, s));
                return new Sequential(table, new MultiheadAttention(e, h, 0, true, seed).causal(causal)
                        .keyPaddingMask(padded ? padding(seed, n, s) : null));
            };
            return new ModuleCase("Sequential(ConcatTable(query " + l + ", " + (separateValue ? "key " + s + ", value " : "memory ")
                    + s + "), " + describe(e, h, 0, true, causal, padded, seed) + ")", factory, shape(n, positions, e),
                    shape(n, l, e), seed);
        };
    }

    /**
     * {@code [N, T, d] → [N, T, d]}: pre- or post-norm, ReLU or GELU, causal or not, eps 1e-5 or 1e-3, with or without a
     * key-padding mask; in training mode without dropout, or in eval mode with dropout 0.2.
     */
    static Gen<ModuleCase> encoderLayer() {
        return in -> {
            int d = draw(in, 0, 1) == 0 ? 4 : 6, h = draw(in, 1, 2), ff = draw(in, 1, 6), n = draw(in, 1, 3), t = draw(in, 1, 5);
            boolean normFirst = draw(in, 0, 1) == 0, causal = draw(in, 0, 1) == 0, padded = draw(in, 0, 2) == 0;
            boolean eval = draw(in, 0, 1) == 0;
            String activation = draw(in, 0, 1) == 0 ? "relu" : "gelu";
            double eps = draw(in, 0, 1) == 0 ? 1e-5 : 1e-3;
            double p = eval ? 0.2 : 0;
            long seed = seed(in);
            Supplier<Module> factory = () -> {
                TransformerEncoderLayer layer = new TransformerEncoderLayer(d, h, ff, p, activation, normFirst, eps, seed)
                        .causal(causal).keyPaddingMask(padded ? padding(seed, n, t) : null);
                return eval ? layer.eval() : layer;
            };
            return new ModuleCase("TransformerEncoderLayer(" + d + ", " + h + ", " + ff + ", " + p + ", " + activation + ", normFirst="
                    + normFirst + ", eps=" + eps + ", seed " + seed + ")" + (causal ? ".causal(true)" : "")
                    + (padded ? ".keyPaddingMask(...)" : "") + (eval ? ".eval()" : ""), factory, shape(n, t, d), shape(n, t, d), seed);
        };
    }

    /** {@code [N, T, dim] → [N, T, dim]}, T ≤ maxLength. */
    static Gen<ModuleCase> positionalEmbedding() {
        return in -> {
            int max = draw(in, 1, 6), dim = draw(in, 1, 5), n = draw(in, 1, 3), t = draw(in, 1, max);
            long seed = seed(in);
            return new ModuleCase("PositionalEmbedding(" + max + ", " + dim + ")", () -> new PositionalEmbedding(max, dim, seed),
                    shape(n, t, dim), shape(n, t, dim), seed);
        };
    }

    /** {@code Sequential(ConcatTable(Narrow, …), MultiheadAttention)}: the table cut by {@code lengths} along the positions. */
    static Sequential crossAttentionFixture(MultiheadAttention attention, int... lengths) {
        Module[] pieces = new Module[lengths.length];
        int start = 0;
        for (int i = 0; i < lengths.length; i++) {
            pieces[i] = new Narrow(1, start, lengths[i]);
            start += lengths[i];
        }
        return new Sequential(new ConcatTable(pieces), attention);
    }

    /** The fixture's key-padding mask. */
    static INDArray mask(String fixture) {
        return Reference.load(fixture).get("key_padding_mask");
    }

    /** A key-padding mask {@code [N, S]}: sample i ignores its last {@code (seed + i) mod S} keys, never the first. */
    static INDArray padding(long seed, int n, int s) {
        boolean[][] ignored = new boolean[n][s];
        for (int i = 0; i < n; i++) {
            int pad = (int) ((seed + i) % s);
            for (int j = s - pad; j < s; j++) {
                ignored[i][j] = true;
            }
        }
        return Nd4j.createFromArray(ignored);
    }

    private static String describe(int e, int h, double p, boolean bias, boolean causal, boolean padded, long seed) {
        return "MultiheadAttention(" + e + ", " + h + ", " + p + ", bias=" + bias + ", seed " + seed + ")"
                + (causal ? ".causal(true)" : "") + (padded ? ".keyPaddingMask(...)" : "");
    }
}
