package org.nn4j.layers;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** The generators of {@link ModuleSpecs}' Embedding row: integer indices in, {@code [..., embeddingDim]} out. */
final class EmbeddingSpecCases {

    private EmbeddingSpecCases() {
    }

    /**
     * One generator per input rank from 1 to 4 ({@code [N]} to {@code [N, T1, T2, T3]}; N ≤ 3, T ≤ 4): a table of 1 to 12
     * rows (so that small batches repeat indices) of 1 to 5 values, INT or LONG indices, and in half the cases a padding
     * index (non-negative or counted from the end), which the indices then avoid: its row's gradient is zero by design,
     * which finite differences cannot see.
     */
    static List<Gen<ModuleCase>> embedding() {
        List<Gen<ModuleCase>> byRank = new ArrayList<>();
        for (int rank = 1; rank <= 4; rank++) {
            int r = rank;
            byRank.add(in -> {
                long[] s = new long[r];
                s[0] = draw(in, 1, 3);
                for (int d = 1; d < r; d++) {
                    s[d] = draw(in, 1, 4);
                }
                int num = draw(in, 1, 12);
                int dim = draw(in, 1, 5);
                Integer padding = num > 1 && draw(in, 0, 1) == 1 ? draw(in, -num, num - 1) : null;
                DataType indexType = draw(in, 0, 1) == 0 ? DataType.INT : DataType.LONG;
                long seed = longs().between(0, Long.MAX_VALUE / 2).generate(in);
                long[] out = Arrays.copyOf(s, r + 1);
                out[r] = dim;
                String name = "Embedding(" + num + ", " + dim + (padding == null ? "" : ", paddingIdx=" + padding) + ")";
                if (padding == null) {
                    return ModuleCase.indices(name, () -> new Embedding(num, dim, null, seed), s, out, seed, indexType, num);
                }
                int skipped = padding < 0 ? padding + num : padding;
                return new ModuleCase(name, () -> new Embedding(num, dim, padding, seed), s, out, seed,
                        (inputSeed, type, shape) -> avoiding(inputSeed, type, num, skipped, shape), indexType);
            });
        }
        return byRank;
    }

    /** Indices uniform in [0, bound) except {@code skipped}. */
    private static INDArray avoiding(long seed, DataType type, int bound, int skipped, long[] shape) {
        INDArray drawn = TestArrays.indices(seed, DataType.LONG, bound - 1, shape);
        return drawn.add(drawn.gte(skipped).castTo(DataType.LONG)).castTo(type);
    }

    private static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }
}
