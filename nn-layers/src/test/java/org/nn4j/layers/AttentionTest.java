package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Sequential;
import org.nn4j.core.Table;
import org.nn4j.core.testing.TestArrays;

/**
 * MultiheadAttention, TransformerEncoderLayer and PositionalEmbedding beyond the spec table: parameter names and
 * initialisation, masks, the attention weights, table inputs, dropout in training mode, and the error messages.
 */
class AttentionTest {

    @Test
    void parametersHavePyTorchsNamesShapesAndInitialisation() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0, true, 3);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertArrayEquals(new long[] {24, 8}, m.inProjWeight().shape());
        double xavier = Math.sqrt(6.0 / (8 + 24));
        double max = m.inProjWeight().value().amaxNumber().doubleValue();
        assertTrue(max <= xavier && max > 0.8 * xavier, "in_proj_weight within the xavier bound " + xavier + ": " + max);
        double outMax = m.outProj().weight().value().amaxNumber().doubleValue();
        assertTrue(outMax <= 1 / Math.sqrt(8) && outMax > 0.7 / Math.sqrt(8), "out_proj.weight within ±1/√E: " + outMax);
        assertEquals(0, m.inProjBias().value().amaxNumber().doubleValue());
        assertEquals(0, m.outProj().bias().value().amaxNumber().doubleValue());
        assertEquals(List.of("in_proj_weight", "out_proj.weight"),
                List.copyOf(new MultiheadAttention(8, 2, 0, false, 3).namedParameters().keySet()));
    }

    @Test
    void encoderLayerParametersMapToPyTorchsStateDict() {
        Sequential net = new Sequential(new TransformerEncoderLayer(4, 2, 6), new TransformerEncoderLayer(4, 2, 6));
        List<String> names = List.copyOf(net.namedParameters().keySet());
        assertEquals(24, names.size());
        assertEquals(List.of("0.self_attn.in_proj_weight", "0.self_attn.in_proj_bias", "0.self_attn.out_proj.weight",
                "0.self_attn.out_proj.bias", "0.linear1.weight", "0.linear1.bias", "0.linear2.weight", "0.linear2.bias",
                "0.norm1.weight", "0.norm1.bias", "0.norm2.weight", "0.norm2.bias"), names.subList(0, 12));
        assertEquals(net.parameters(), List.copyOf(net.namedParameters().values()), "parameters() in state_dict order");
    }

    @Test
    void attentionWeightsAreTheHeadsMeanWithMaskedKeysAtExactlyZero() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 5).causal(true)
                .keyPaddingMask(Nd4j.createFromArray(new boolean[][] {{false, false, false}, {false, false, true}}));
        INDArray x = TestArrays.uniform(6, DataType.DOUBLE, 2, 3, 4);
        m.to(DataType.DOUBLE);
        m.forward(x);
        INDArray w = m.attentionWeights();
        assertArrayEquals(new long[] {2, 3, 3}, w.shape());
        INDArray sums = w.sum(2);
        assertTrue(sums.sub(1).amaxNumber().doubleValue() < 1e-12, "every row sums to 1: " + sums);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    boolean masked = j > i || n == 1 && j == 2;
                    double v = w.getDouble(n, i, j);
                    assertTrue(masked ? v == 0 : v > 0, "weight [" + n + ", " + i + ", " + j + "] = " + v);
                }
            }
        }
        assertEquals(1, w.getDouble(0, 0, 0), 1e-15, "the first query sees only the first key");
    }

    /** PyTorch's need_weights=True, average_attn_weights=True, with a causal and a key-padding mask. */
    @Test
    void attentionWeightsMatchPyTorchs() {
        String fixture = "mha_self_weights_e4_h2_causal_padding_2x4x4";
        Map<String, INDArray> f = Reference.load(fixture);
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 1).causal(true).keyPaddingMask(f.get("key_padding_mask"));
        m.to(DataType.DOUBLE);
        m.namedParameters().forEach((name, p) -> p.set(f.get("param." + name)));
        m.forward(f.get("input"));
        Reference.assertClose(fixture + " attention_weights", f.get("attention_weights"), m.attentionWeights());
    }

    @Test
    void aQueryWithNoKeyLeftIsRejectedInsteadOfGivingNaN() {
        MultiheadAttention m = new MultiheadAttention(4, 1, 0, true, 5)
                .keyPaddingMask(Nd4j.createFromArray(new boolean[][] {{false, true}, {true, true}}));
        INDArray x = TestArrays.uniform(6, DataType.FLOAT, 2, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(x));
        assertEquals("MultiheadAttention: every query of sample 1 may attend to no key: the key-padding mask hides every key"
                + " from it (PyTorch returns NaN there); leave at least one key unmasked for every query, e.g. the first token"
                + " of every sequence", e.getMessage());
        m.causal(true).keyPaddingMask(Nd4j.createFromArray(new boolean[][] {{false, false}, {true, false}}));
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x));
        assertEquals("MultiheadAttention: query 0 of sample 1 may attend to no key: the key-padding mask and the causal mask"
                + " hide every key from it (PyTorch returns NaN there); leave at least one key unmasked for every query, e.g."
                + " the first token of every sequence", e.getMessage());
    }

    @Test
    void aPaddingMaskOfAnotherBatchIsRejectedNamingBothShapes() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 5).keyPaddingMask(Nd4j.zeros(DataType.BOOL, 3, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(TestArrays.uniform(6, DataType.FLOAT, 2, 5, 4)));
        assertEquals("MultiheadAttention: the key-padding mask is [3, 5] but the input Table([2, 5, 4]) has 2 samples of 5 keys;"
                + " set a mask [N, S] for each batch with keyPaddingMask, or clear it with keyPaddingMask(null)", e.getMessage());
        m.keyPaddingMask(null);
        assertArrayEquals(new long[] {2, 5, 4}, m.forward(TestArrays.uniform(6, DataType.FLOAT, 2, 5, 4)).shape());
    }

    @Test
    void selfAttentionOnOneArrayIsTheTableOfThreeUsesSummed() {
        MultiheadAttention m = new MultiheadAttention(6, 2, 0, true, 9).causal(true);
        m.to(DataType.DOUBLE);
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 2, 4, 6);
        INDArray d = TestArrays.uniform(2, DataType.DOUBLE, 2, 4, 6);
        INDArray y = m.forward(x);
        INDArray dx = m.backwardDelta(x, d);
        Table three = Table.of(x, x, x);
        assertTrue(y.equalsWithEps(m.forward(three).get(0), 1e-12));
        Table dThree = m.backwardDelta(three, Table.of(d));
        INDArray sum = dThree.get(0).add(dThree.get(1)).add(dThree.get(2));
        assertTrue(dx.equalsWithEps(sum, 1e-12), "dL/dx = dL/dquery + dL/dkey + dL/dvalue");
        Table two = Table.of(x, x);
        Table dTwo = m.backwardDelta(two, Table.of(d));
        assertTrue(dThree.get(1).add(dThree.get(2)).equalsWithEps(dTwo.get(1), 1e-12), "dL/dmemory = dL/dkey + dL/dvalue");
    }

    @Test
    void anEmptyBatchHasEmptyAttentionWeights() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 9);
        m.forward(TestArrays.uniform(1, DataType.FLOAT, 2, 3, 4));
        m.forward(Nd4j.create(DataType.FLOAT, 0, 3, 4));
        assertArrayEquals(new long[] {0, 3, 3}, m.attentionWeights().shape());
    }

    @Test
    void crossAttentionOutputsOneRowPerQuery() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 9);
        Table out = m.forward(Table.of(TestArrays.uniform(1, DataType.FLOAT, 3, 2, 4), TestArrays.uniform(2, DataType.FLOAT, 3, 5, 4)));
        assertArrayEquals(new long[] {3, 2, 4}, out.get(0).shape());
        assertArrayEquals(new long[] {3, 2, 5}, m.attentionWeights().shape());
    }

    @Test
    void badTablesAreRejectedNamingWhatWasFound() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, 9);
        INDArray q = TestArrays.uniform(1, DataType.FLOAT, 3, 2, 4);
        assertEquals("MultiheadAttention: expected a table of 1 (x), 2 (query, memory) or 3 (query, key, value) arrays [N, T, E],"
                + " found 4 arrays Table([3, 2, 4], [3, 2, 4], [3, 2, 4], [3, 2, 4])",
                assertThrows(IllegalArgumentException.class, () -> m.forward(Table.of(q, q, q, q))).getMessage());
        INDArray memory = TestArrays.uniform(1, DataType.FLOAT, 2, 5, 4);
        assertEquals("MultiheadAttention: the memory has 2 samples but the query has 3 (input Table([3, 2, 4], [2, 5, 4]))",
                assertThrows(IllegalArgumentException.class, () -> m.forward(Table.of(q, memory))).getMessage());
        assertEquals("MultiheadAttention: expected the input [N, T, 4], found [3, 2, 5]", assertThrows(IllegalArgumentException.class,
                () -> m.forward(TestArrays.uniform(1, DataType.FLOAT, 3, 2, 5))).getMessage());
        assertEquals("MultiheadAttention: embedDim must be a positive multiple of numHeads, found embedDim=6, numHeads=4",
                assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4)).getMessage());
    }

    /**
     * In training mode the weights drop; both backward calls, and a backward pass given a copy of the input (which runs
     * the forward pass again), use the mask of the last forward.
     */
    @Test
    void trainingModeDropoutKeepsItsMaskForTheBackwardPass() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.5, true, 11);
        m.to(DataType.DOUBLE);
        INDArray x = TestArrays.uniform(3, DataType.DOUBLE, 2, 5, 4);
        INDArray d = TestArrays.uniform(4, DataType.DOUBLE, 2, 5, 4);
        INDArray y = m.forward(x);
        INDArray dx = m.backwardDelta(x, d);
        INDArray again = m.backwardDelta(x.dup(), d);
        assertTrue(dx.equalsWithEps(again, 1e-12), "the same mask after the forward pass is run again");
        INDArray w = m.attentionWeights();
        assertTrue(w.sum(2).sub(1).amaxNumber().doubleValue() > 1e-3, "dropped weights, scaled by 2, do not sum to 1");
        m.eval();
        assertNotEquals(y, m.forward(x), "eval mode drops nothing");
    }

    @Test
    void positionalEmbeddingAddsRowTOfItsWeightAndRejectsLongerSequences() {
        PositionalEmbedding p = new PositionalEmbedding(4, 3, 2);
        p.to(DataType.DOUBLE);
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 2, 3, 3);
        INDArray y = p.forward(x);
        INDArray row2 = p.weight().value().getRow(2);
        assertTrue(y.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all())
                .equalsWithEps(x.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all()).add(row2), 1e-15));
        double std = new PositionalEmbedding(1000, 10, 5).weight().value().stdNumber().doubleValue();
        assertEquals(1, std, 0.03, "N(0, 1) as nn.Embedding");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.forward(TestArrays.uniform(1, DataType.DOUBLE, 2, 5, 3)));
        assertEquals("PositionalEmbedding: the sequence has 5 positions, more than maxLength 4 (input shape [2, 5, 3]); build it"
                + " with a larger maxLength or cut the sequence", e.getMessage());
    }

    @Test
    void encoderLayerRejectsUnknownActivationsAndInputsOfAnotherWidth() {
        assertEquals("TransformerEncoderLayer: activation must be \"relu\" or \"gelu\", found \"tanh\"",
                assertThrows(IllegalArgumentException.class,
                        () -> new TransformerEncoderLayer(4, 2, 6, 0.1, "tanh", false, 1e-5, 1)).getMessage());
        assertEquals("TransformerEncoderLayer: expected 4 features per position, found 5 (input shape [2, 3, 5], layout"
                + " [N, T, dModel])", assertThrows(IllegalArgumentException.class,
                        () -> new TransformerEncoderLayer(4, 2, 6).forward(TestArrays.uniform(1, DataType.FLOAT, 2, 3, 5))).getMessage());
    }

    /** ND4J's interval indexing of this view gives an empty float32 array; Narrow cuts it from a dense copy. */
    @Test
    void narrowCutsAStridedViewWhoseAxesAreSwappedInMemory() {
        INDArray x = TestArrays.uniform(0, DataType.DOUBLE, 1, 2, 4);
        INDArray view = TestArrays.otherLayouts(x).get("a strided view with axes 0 and 1 swapped in memory");
        INDArray y = new Narrow(1, 1, 1).forward(view);
        assertEquals(DataType.DOUBLE, y.dataType());
        assertEquals(x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2), NDArrayIndex.all()), y);
    }
}
