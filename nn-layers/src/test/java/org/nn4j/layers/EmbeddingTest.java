package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;

class EmbeddingTest {

    private static Embedding table() {
        Embedding e = new Embedding(4, 2, null, 1);
        e.weight().set(Nd4j.createFromArray(new float[][] {{0, 1}, {10, 11}, {20, 21}, {30, 31}}));
        return e;
    }

    @Test
    void looksUpTheRowOfEveryIndex() {
        INDArray out = table().forward(Nd4j.createFromArray(new long[][] {{2, 0, 2}, {3, 1, 1}}));
        assertEquals(Nd4j.createFromArray(new float[][][] {{{20, 21}, {0, 1}, {20, 21}}, {{30, 31}, {10, 11}, {10, 11}}}), out);
    }

    @Test
    void intLongAndWholeFloatIndicesGiveTheSameOutput() {
        Embedding e = table();
        INDArray expected = e.forward(Nd4j.createFromArray(3L, 0L, 1L));
        assertEquals(expected, e.forward(Nd4j.createFromArray(3, 0, 1)));
        assertEquals(expected, e.forward(Nd4j.createFromArray(3f, 0f, 1f)));
        assertEquals(expected, e.forward(Nd4j.createFromArray(3.0, 0.0, 1.0)));
        assertEquals(DataType.FLOAT, e.forward(Nd4j.createFromArray(3.0, 0.0, 1.0)).dataType(), "the weight's dtype");
    }

    @Test
    void embeddingRejectsAnIndexThatIsNotAWholeNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table().forward(Nd4j.createFromArray(new double[][] {{0, 1}, {2.5, 3}})));
        assertEquals("Embedding: expected whole-number indices, found 2.5 at input[1, 0]", e.getMessage());
    }

    @Test
    void embeddingRejectsAnIndexOutsideTheTableNamingItAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table().forward(Nd4j.createFromArray(new int[][] {{0, 1, 4}, {2, 3, 0}})));
        assertEquals("Embedding: index 4 at input[0, 2] is outside [0, 4) (numEmbeddings = 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> table().forward(Nd4j.createFromArray(0L, -1L)));
        assertEquals("Embedding: index -1 at input[1] is outside [0, 4) (numEmbeddings = 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> table().forward(Nd4j.createFromArray(1e30f)));
        assertEquals("Embedding: index 1.0000000150474662E30 at input[0] is outside [0, 4) (numEmbeddings = 4)", e.getMessage());
    }

    @Test
    void embeddingRejectsABooleanInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table().forward(Nd4j.createFromArray(true, false)));
        assertEquals("Embedding: expected integer indices (or whole numbers in a floating-point array), found BOOL [2]",
                e.getMessage());
    }

    @Test
    void theGradientRowsOfARepeatedIndexAddUp() {
        Embedding e = table();
        INDArray x = Nd4j.createFromArray(new int[][] {{1, 3, 1}, {1, 0, 3}});
        INDArray d = Nd4j.createFromArray(new float[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}});
        e.backwardUpdateGradient(x, d);
        assertEquals(Nd4j.createFromArray(new float[][] {{9, 10}, {13, 16}, {0, 0}, {14, 16}}), e.weight().grad());
        e.backwardUpdateGradient(x, d);
        assertEquals(Nd4j.createFromArray(new float[][] {{18, 20}, {26, 32}, {0, 0}, {28, 32}}), e.weight().grad(), "accumulates");
    }

    @Test
    void aNaNDeltaReachesOnlyTheGradientRowOfItsIndex() {   // as PyTorch's embedding backward
        Embedding e = table();
        INDArray x = Nd4j.createFromArray(new int[][] {{1, 3, 1}});
        INDArray d = Nd4j.createFromArray(new float[][][] {{{1, 2}, {Float.NaN, 4}, {5, 6}}});
        e.backwardUpdateGradient(x, d);
        INDArray grad = e.weight().grad();
        assertTrue(Float.isNaN(grad.getFloat(3, 0)), grad.toString());
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0}, {6, 8}, {0, 0}}), grad.getRows(0, 1, 2), grad.toString());
        assertEquals(4f, grad.getFloat(3, 1), grad.toString());
    }

    /** Many repeats of few indices: the native scatter-add runs single-threaded, so no two additions to a row race. */
    @Test
    void aLargeBatchOfRepeatedIndicesAddsUpExactly() {
        Embedding e = new Embedding(3, 64, null, 1);
        INDArray x = TestArrays.indices(5, DataType.LONG, 3, 500, 40);
        e.backwardUpdateGradient(x, Nd4j.ones(DataType.FLOAT, 500, 40, 64));
        for (int row = 0; row < 3; row++) {
            double count = x.eq(row).castTo(DataType.DOUBLE).sumNumber().doubleValue();
            INDArray grad = e.weight().grad().getRow(row);
            assertEquals(count, grad.minNumber().doubleValue(), "row " + row);
            assertEquals(count, grad.maxNumber().doubleValue(), "row " + row);
        }
    }

    @Test
    void thePaddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(5, 3, 1, 7);
        assertEquals(0.0, e.weight().value().getRow(1).amaxNumber().doubleValue());
        assertTrue(e.weight().value().getRow(0).amaxNumber().doubleValue() > 0);
        e.weight().grad().getRow(1).assign(0.5); // a gradient from elsewhere stays as it is
        INDArray x = Nd4j.createFromArray(1, 1, 2);
        e.backwardUpdateGradient(x, Nd4j.ones(DataType.FLOAT, 3, 3));
        assertEquals(Nd4j.valueArrayOf(new long[] {3}, 0.5f), e.weight().grad().getRow(1));
        assertEquals(Nd4j.ones(DataType.FLOAT, 3), e.weight().grad().getRow(2));
        e.weight().value().getRow(1).assign(4);
        assertEquals(Nd4j.valueArrayOf(new long[] {2, 3}, 4f), e.forward(Nd4j.createFromArray(1, 1)), "its row as it stands");
    }

    @Test
    void aNegativePaddingIndexCountsFromTheEnd() {
        Embedding e = new Embedding(5, 3, -2, 7);
        assertEquals(3, e.paddingIdx());
        assertEquals(0.0, e.weight().value().getRow(3).amaxNumber().doubleValue());
        assertEquals("Embedding(5, 3, paddingIdx=3)", e.toString());
        assertEquals("Embedding(65, 32)", new Embedding(65, 32).toString());
    }

    @Test
    void embeddingRejectsAPaddingIndexOutsideTheTableAndEmptySizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5));
        assertEquals("Embedding: paddingIdx must be in [-5, 5), found 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, -6));
        assertEquals("Embedding: paddingIdx must be in [-5, 5), found -6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        assertEquals("Embedding: numEmbeddings and embeddingDim must be at least 1, found numEmbeddings=0, embeddingDim=3",
                e.getMessage());
    }

    /** PyTorch's nn.Embedding: N(0, 1). 20000 draws: the mean is within 0.03 and the deviation within 0.03 of 1. */
    @Test
    void initialisesLikePyTorchFromAStandardNormal() {
        INDArray w = new Embedding(2000, 10, null, 3).weight().value();
        assertEquals(DataType.FLOAT, w.dataType());
        assertEquals(0, w.meanNumber().doubleValue(), 0.03);
        assertEquals(1, w.stdNumber().doubleValue(), 0.03);
        assertEquals(w, new Embedding(2000, 10, null, 3).weight().value(), "the same seed, the same weight");
    }

    @Test
    void indicesHaveNoGradientSoBackwardDeltaIsZerosShapedLikeTheInput() {
        INDArray x = Nd4j.createFromArray(new int[][] {{1, 2}, {3, 0}, {0, 0}});
        INDArray gradInput = table().backwardDelta(x, Nd4j.ones(DataType.FLOAT, 3, 2, 2));
        assertArrayEquals(new long[] {3, 2}, gradInput.shape());
        assertEquals(DataType.FLOAT, gradInput.dataType());
        assertEquals(0.0, gradInput.amaxNumber().doubleValue());
    }

    @Test
    void embeddingRejectsADeltaOfAnotherDtypeOrShape() {
        INDArray x = Nd4j.createFromArray(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table().backwardUpdateGradient(x, Nd4j.ones(DataType.DOUBLE, 2, 2)));
        assertEquals("Embedding: delta is DOUBLE but the output is FLOAT; backward takes dL/doutput in the dtype of the output"
                + " (cast it with castTo(DataType.FLOAT))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> table().backwardDelta(x, Nd4j.ones(DataType.FLOAT, 2, 3)));
        assertEquals("Embedding: delta must be shaped like the output [2, 2] of input [2], found [2, 3]", e.getMessage());
    }

    /** The fixtures' indices as INT and LONG (ModuleContractTest gives them as floating-point arrays). */
    @Test
    void integerIndicesMatchPyTorch() {
        Map<String, Module> fixtures = Map.of("embedding_10x3_repeated_3x5", new Embedding(10, 3),
                "embedding_7x4_padding2_2x5", new Embedding(7, 4, 2), "embedding_6x2_2x3x2", new Embedding(6, 2));
        for (Map.Entry<String, Module> fixture : fixtures.entrySet()) {
            Map<String, INDArray> f = Reference.load(fixture.getKey());
            for (DataType indexType : new DataType[] {DataType.INT, DataType.LONG}) {
                Embedding e = (Embedding) fixture.getValue().to(DataType.DOUBLE);
                e.weight().set(f.get("param.weight"));
                e.zeroGrad();
                INDArray x = f.get("input").castTo(indexType);
                String what = fixture.getKey() + " with " + indexType + " indices";
                Reference.assertClose(what + " output", f.get("output"), e.forward(x));
                e.backwardUpdateGradient(x, f.get("grad_output"));
                Reference.assertClose(what + " grad.weight", f.get("grad.weight"), e.weight().grad());
            }
        }
    }

    /** A character model's first two modules, [N, T] indices to [N, T, out]: the contract and the gradients through both. */
    @Test
    void embeddingThenLinearOnASequenceKeepsTheContract() {
        ModuleCase c = ModuleCase.indices("Embedding(7, 3), Linear(3, 4)",
                () -> new Sequential(new Embedding(7, 3, null, 11), new Linear(3, 4, true, 12)),
                new long[] {2, 5}, new long[] {2, 5, 4}, 13, DataType.INT, 7);
        ModuleContract.assertAll(c);
        ModuleContract.emptyBatch(c);
        ModuleContract.rejectsWrongDeltaShape(c);
        ModuleContract.rejectsMixedDtypes(c);
    }

    @Test
    void gradientCheckOfIntegerIndicesChecksTheParametersOnly() {
        GradientCheck.Report report = GradientCheck.check(new Embedding(6, 3, null, 2), TestArrays.indices(3, DataType.LONG, 6, 4, 5));
        assertTrue(report.passed(), report::toString);
        assertEquals(1, report.tensors().size(), report::toString);
        assertEquals("weight", report.tensors().get(0).name());
        Embedding wrong = new Embedding(6, 3, null, 2) {
            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                return Nd4j.ones(delta.dataType(), input.shape());
            }
        };
        GradientCheck.Report bad = GradientCheck.check(wrong, TestArrays.indices(3, DataType.LONG, 6, 4, 5));
        assertFalse(bad.passed(), bad::toString);
        assertTrue(bad.problems().get(0).startsWith("backwardDelta of an integer input must be zeros"), bad::toString);
    }
}
