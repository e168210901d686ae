package org.nn4j.layers;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.testing.ModuleCase;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * The generators behind the recurrent rows of {@link ModuleSpecs}: LSTM, GRU and RNN on {@code [N, T, C]} with
 * N ≤ 3, T ≤ 5, C ≤ 3, H ≤ 4, one or two layers, one or two directions, and dropout between the layers either in
 * eval mode (p = 0.5, the identity) or in training with p = 0 or p = 1 (deterministic masks, so that the finite
 * differences see one function). The output shape is PyTorch's {@code [N, T, D·H]}.
 */
final class RecurrentSpecCases {

    /** Builds a module from (C, H, layers, bidirectional, dropout, seed). */
    @FunctionalInterface
    interface Factory {
        Recurrent make(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, double dropout, long seed);
    }

    private RecurrentSpecCases() {
    }

    static Gen<ModuleCase> lstm() {
        return cases(LSTM::new);
    }

    static Gen<ModuleCase> gru() {
        return cases(GRU::new);
    }

    static Gen<ModuleCase> rnn(String nonlinearity) {
        return cases((c, h, l, b, p, seed) -> new RNN(c, h, l, nonlinearity, b, p, seed));
    }

    private static Gen<ModuleCase> cases(Factory factory) {
        return in -> {
            int n = draw(in, 1, 3), t = draw(in, 1, 5), c = draw(in, 1, 3), h = draw(in, 1, 4);
            int layers = draw(in, 1, 2);
            boolean bidirectional = draw(in, 0, 1) == 1;
            int mode = layers == 1 ? 0 : draw(in, 0, 2);
            double p = new double[] {0, 0.5, 1}[mode];
            boolean eval = mode == 1;
            long seed = seed(in);
            Supplier<Module> module = () -> {
                Recurrent r = factory.make(c, h, layers, bidirectional, p, seed);
                return eval ? r.eval() : r;
            };
            String description = module.get() + (eval ? ".eval()" : "") + " seed " + seed;
            int d = bidirectional ? 2 : 1;
            return new ModuleCase(description, module, new long[] {n, t, c}, new long[] {n, t, (long) d * h}, seed);
        };
    }

    /**
     * A non-zero state {@code [layers, n, h]} that the PyTorch fixtures reproduce ({@code reference_recurrent.py}):
     * element k (c order) is {@code scale · sin(k + 1)}.
     */
    static INDArray pattern(double scale, long layers, long n, long h) {
        double[] v = new double[Math.toIntExact(layers * n * h)];
        for (int k = 0; k < v.length; k++) {
            v[k] = scale * Math.sin(k + 1);
        }
        return Nd4j.createFromArray(v).reshape('c', layers, n, h).castTo(DataType.FLOAT);
    }

    private static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }

    private static long seed(RandomnessSource in) {
        return longs().between(0, Long.MAX_VALUE / 2).generate(in);
    }
}
