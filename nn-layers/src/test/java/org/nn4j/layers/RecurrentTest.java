package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.core.testing.TestArrays;

/**
 * What the spec table cannot see of LSTM, GRU and RNN: the final states against PyTorch's h_n and c_n, initial states,
 * and truncated back-propagation through time with remember() and forget().
 */
class RecurrentTest {

    private static final double TIGHT = 1e-12;

    static Stream<Arguments> recurrentFixtures() {
        return ModuleSpecs.all().stream()
                .filter(s -> List.of("LSTM", "GRU", "RNN tanh", "RNN relu").contains(s.name()))
                .flatMap(s -> s.fixtures().stream().map(f -> Arguments.of(f.name(), f.module())));
    }

    /** h_n (and c_n) after PyTorch's parameters and input, in float64; the fixtures with h0 start from it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recurrentFixtures")
    void finalStatesMatchPyTorch(String fixture, Supplier<org.nn4j.core.Module> factory) {
        Map<String, INDArray> f = Reference.load(fixture);
        Recurrent module = (Recurrent) factory.get().to(DataType.DOUBLE);
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            e.getValue().set(f.get("param." + e.getKey()).castTo(DataType.DOUBLE));
        }
        if (f.containsKey("h0")) { // the factory set the same pattern: check that it is PyTorch's h0
            assertTrue(f.get("h0").equalsWithEps(RecurrentSpecCases.pattern(0.5, f.get("h0").size(0), f.get("h0").size(1),
                    f.get("h0").size(2)).castTo(DataType.DOUBLE), 1e-6), fixture + " h0");
        }
        module.forward(f.get("input").castTo(DataType.DOUBLE));
        Reference.assertClose(fixture + " h_n", f.get("h_n"), module.finalHidden());
        if (module instanceof LSTM lstm) {
            Reference.assertClose(fixture + " c_n", f.get("c_n"), lstm.finalCell());
        } else {
            assertFalse(f.containsKey("c_n"), fixture);
        }
    }

    @Test
    void finalStatesAreTheLastStepOfEachLayerAndDirection() {
        LSTM lstm = new LSTM(3, 4, 1, true, 0, 5);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 5, 3);
        INDArray y = lstm.forward(x);
        INDArray hN = lstm.finalHidden();
        assertEquals(List.of(2L, 2L, 4L), List.of(hN.size(0), hN.size(1), hN.size(2)));
        // forward direction: step T−1, first H columns; reverse: step 0, last H columns
        assertEquals(y.get(NDArrayIndex.all(), NDArrayIndex.point(4), NDArrayIndex.interval(0, 4)), hN.slice(0));
        assertEquals(y.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.interval(4, 8)), hN.slice(1));
    }

    @Test
    void theInitialStateIsCopiedAndUsedByEveryForward() {
        INDArray x = TestArrays.uniform(2, DataType.FLOAT, 2, 3, 3);
        INDArray h0 = TestArrays.uniform(3, DataType.FLOAT, 1, 2, 4);
        GRU gru = new GRU(3, 4, 1, false, 0, 6);
        INDArray fromZeros = gru.forward(x);
        gru.initialState(h0);
        INDArray first = gru.forward(x);
        h0.assign(0);
        assertEquals(first, gru.forward(x), "the module keeps its own copy of h0");
        assertFalse(first.equalsWithEps(fromZeros, 1e-3), "h0 changes the output");
        gru.initialState(null);
        assertEquals(fromZeros, gru.forward(x), "null: zeros again");
    }

    /** A sequence fed in two halves with remember() gives the outputs and final states of the whole. */
    @Test
    void rememberCarriesTheStateFromOneForwardToTheNext() {
        for (Supplier<Recurrent> factory : List.<Supplier<Recurrent>>of(() -> new LSTM(3, 4, 2, false, 0, 7),
                () -> new GRU(3, 4, 2, false, 0, 7), () -> new RNN(3, 4, 2, "relu", false, 0, 7))) {
            INDArray x = TestArrays.uniform(4, DataType.DOUBLE, 2, 7, 3);
            Recurrent whole = (Recurrent) factory.get().to(DataType.DOUBLE);
            INDArray expected = whole.forward(x);
            Recurrent halves = (Recurrent) factory.get().to(DataType.DOUBLE);
            halves.remember();
            INDArray first = halves.forward(steps(x, 0, 4));
            INDArray second = halves.forward(steps(x, 4, 7));
            String what = halves.toString();
            assertTrue(Nd4j.concat(1, first, second).equalsWithEps(expected, TIGHT), what + " output");
            assertTrue(halves.finalHidden().equalsWithEps(whole.finalHidden(), TIGHT), what + " h_n");
            if (halves instanceof LSTM lstm) {
                assertTrue(lstm.finalCell().equalsWithEps(((LSTM) whole).finalCell(), TIGHT), what + " c_n");
            }
            halves.forget();
            Recurrent fresh = (Recurrent) factory.get().to(DataType.DOUBLE);
            assertTrue(halves.forward(steps(x, 4, 7)).equalsWithEps(fresh.forward(steps(x, 4, 7)), TIGHT),
                    what + ": after forget() a forward starts from zeros");
        }
    }

    /**
     * While remembering, the gradients of the second half are those of a module started from the first half's final
     * state: nothing flows back into the first half or into the state.
     */
    @Test
    void gradientsStopAtTheCarriedState() {
        INDArray x = TestArrays.uniform(5, DataType.DOUBLE, 3, 6, 3);
        INDArray delta = TestArrays.uniform(6, DataType.DOUBLE, 3, 3, 4);
        LSTM remembering = (LSTM) new LSTM(3, 4, 2, false, 0, 8).to(DataType.DOUBLE);
        remembering.remember();
        remembering.forward(steps(x, 0, 3));
        INDArray h = remembering.finalHidden().dup();
        INDArray c = remembering.finalCell().dup();
        INDArray second = steps(x, 3, 6);
        remembering.forward(second);
        remembering.zeroGrad();
        INDArray dx = remembering.backward(second, delta, true);

        LSTM started = (LSTM) new LSTM(3, 4, 2, false, 0, 8).to(DataType.DOUBLE);
        started.initialState(h, c);
        started.forward(second);
        started.zeroGrad();
        assertTrue(started.backward(second, delta, true).equalsWithEps(dx, TIGHT), "dL/dinput");
        for (int i = 0; i < started.parameters().size(); i++) {
            assertTrue(started.parameters().get(i).grad().equalsWithEps(remembering.parameters().get(i).grad(), TIGHT),
                    started.parameters().get(i).name());
        }
    }

    /** The carried state outlives the step's workspace: two steps in one reused workspace equal two without. */
    @Test
    void theCarriedStateSurvivesTheStepWorkspace() {
        boolean enabled = Workspaces.isEnabled();
        Workspaces.setEnabled(true);
        try {
            INDArray x = TestArrays.uniform(7, DataType.FLOAT, 2, 6, 3);
            LSTM inSteps = new LSTM(3, 4, 1, false, 0, 9);
            inSteps.remember();
            INDArray[] outputs = new INDArray[2];
            for (int s = 0; s < 2; s++) {
                INDArray chunk = steps(x, 3 * s, 3 * s + 3);
                try (MemoryWorkspace ws = Workspaces.step()) {
                    INDArray y = inSteps.forward(chunk);
                    inSteps.backward(chunk, y, true);
                    outputs[s] = y.detach();
                }
            }
            LSTM whole = new LSTM(3, 4, 1, false, 0, 9);
            assertTrue(Nd4j.concat(1, outputs).equalsWithEps(whole.forward(x), 1e-6));
        } finally {
            Workspaces.setEnabled(enabled);
        }
    }

    @Test
    void rememberingRejectsABatchOfAnotherSize() {
        RNN rnn = new RNN(3, 4, 2, "tanh", true, 0, 10);
        rnn.remember();
        rnn.forward(TestArrays.uniform(1, DataType.FLOAT, 4, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rnn.forward(TestArrays.uniform(1, DataType.FLOAT, 3, 2, 3)));
        assertEquals("RNN: remember() carries the final state of the last forward, of batch size 4, into the next, but"
                + " this input has batch size 3; call forget() before a batch of another size", e.getMessage());
        rnn.forget();
        assertEquals(3, rnn.forward(TestArrays.uniform(1, DataType.FLOAT, 3, 2, 3)).size(0));
    }

    @Test
    void badInputsAndSettingsAreRejectedWithWhatWasExpected() {
        LSTM lstm = new LSTM(3, 4, 2, false, 0, 11);
        assertEquals("LSTM: expected input of rank 3 [N, T, C], found rank 2 with shape [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Nd4j.zeros(DataType.FLOAT, 2, 3))).getMessage());
        assertEquals("LSTM: expected 3 input features, found 5 (input shape [2, 4, 5], layout [N, T, C])",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Nd4j.zeros(DataType.FLOAT, 2, 4, 5))).getMessage());
        assertEquals("LSTM: expected a sequence of at least one step, found input shape [2, 0, 3] (layout [N, T, C])",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Nd4j.zeros(DataType.FLOAT, 2, 0, 3))).getMessage());
        assertEquals("LSTM: h0 must be shaped [numLayers·D, N, H] = [2, N, 4], found [1, 2, 4]",
                assertThrows(IllegalArgumentException.class, () -> lstm.initialState(Nd4j.zeros(DataType.FLOAT, 1, 2, 4),
                        Nd4j.zeros(DataType.FLOAT, 1, 2, 4))).getMessage());
        assertEquals("LSTM: the initial state needs both h0 and c0: initialState(h0, c0)",
                assertThrows(IllegalArgumentException.class, () -> lstm.initialState(Nd4j.zeros(DataType.FLOAT, 2, 2, 4)))
                        .getMessage());
        lstm.initialState(Nd4j.zeros(DataType.FLOAT, 2, 2, 4), Nd4j.zeros(DataType.FLOAT, 2, 2, 4));
        assertEquals("LSTM: the initial state is shaped [2, 2, 4], but an input of batch size 3 needs [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Nd4j.zeros(DataType.FLOAT, 3, 1, 3)))
                        .getMessage());
        assertEquals("RNN: nonlinearity must be \"tanh\" or \"relu\", found \"sigmoid\"",
                assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4, 1, "sigmoid", false, 0, 1)).getMessage());
        assertEquals("GRU: dropout must be in [0, 1], found 1.5",
                assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4, 2, false, 1.5, 1)).getMessage());
        assertEquals("GRU: inputSize, hiddenSize and numLayers must be at least 1, found 3, 4, 0",
                assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4, 0)).getMessage());
    }

    @Test
    void backwardWithoutTheForwardOfThatInputSaysSo() {
        GRU gru = new GRU(3, 4);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 2, 3, 3);
        INDArray d = TestArrays.uniform(2, DataType.FLOAT, 2, 3, 4);
        assertEquals("GRU: backward needs the forward pass of the same input, in the same step; call forward(input) first",
                assertThrows(IllegalStateException.class, () -> gru.backwardDelta(x, d)).getMessage());
        gru.forward(x.dup());
        assertThrows(IllegalStateException.class, () -> gru.backwardDelta(x, d));
    }

    @Test
    void parametersAreNamedAndShapedAsPyTorch() {
        LSTM lstm = new LSTM(3, 4, 2, true, 0, 12);
        Map<String, Parameter> named = lstm.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                "bias_hh_l1_reverse"), List.copyOf(named.keySet()));
        assertEquals(List.of(16L, 8L), List.of(named.get("weight_ih_l1").shape()[0], named.get("weight_ih_l1").shape()[1]));
        long[] gruHh = new GRU(2, 3).namedParameters().get("weight_hh_l0").shape();
        assertEquals(List.of(9L, 3L), List.of(gruHh[0], gruHh[1]));
        for (Parameter p : lstm.parameters()) { // PyTorch's U(−1/√H, 1/√H)
            assertTrue(p.value().amaxNumber().doubleValue() <= 0.5, p.name());
            assertNotNull(p.grad());
        }
        assertEquals("LSTM(3, 4, num_layers=2, bidirectional=True)", lstm.toString());
        assertEquals("RNN(3, 4, nonlinearity='relu', dropout=0.2)", new RNN(3, 4, 1, "relu", false, 0.2, 1).toString());
    }

    /** Steps [from, to) of {@code [N, T, C]}, a c-ordered copy. */
    private static INDArray steps(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
    }
}
