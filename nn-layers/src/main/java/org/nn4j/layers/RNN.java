package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Seeds;
import org.nn4j.kernels.Elementwise;
import org.nn4j.kernels.Gemm;

/**
 * Elman recurrent network, PyTorch's {@code nn.RNN(inputSize, hiddenSize, numLayers, nonlinearity=…, dropout=…,
 * bidirectional=…, batch_first=True)}: for each step t of each layer and direction, with x_t the layer's input,
 * <pre>
 * h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh),   act = tanh (the default) or relu
 * </pre>
 * input {@code [N, T, C]}, output {@code [N, T, D·H]}. Parameters as PyTorch's: {@code weight_ih_l0 [H, C]},
 * {@code weight_hh_l0 [H, H]}, {@code bias_ih_l0 [H]}, {@code bias_hh_l0 [H]}, …, {@code _reverse} for the reverse
 * direction; uniform in ±1/√H as PyTorch initialises them. States, dropout and truncated back-propagation through time
 * as in {@link Recurrent}: {@link #finalHidden()} is PyTorch's {@code h_n}, {@link #initialState(INDArray)} its
 * {@code h_0}. relu's derivative at 0 is 0, as in PyTorch.
 *
 * <pre>{@code
 * RNN rnn = new RNN(8, 32, 1, "relu", false, 0, 42);
 * INDArray y = rnn.forward(x);                     // x [N, T, 8] -> y [N, T, 32]
 * }</pre>
 */
public class RNN extends Recurrent {

    private final boolean relu;

    /**
     * One tanh layer, one direction, seeded from {@link Seeds}.
     *
     * @param inputSize  C, &ge; 1
     * @param hiddenSize H, &ge; 1
     */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    /**
     * Stacked tanh layers, one direction, no dropout, seeded from {@link Seeds}.
     *
     * @param inputSize  C, &ge; 1
     * @param hiddenSize H, &ge; 1
     * @param numLayers  &ge; 1
     */
    public RNN(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, "tanh", false, 0, Seeds.next());
    }

    /**
     * @param inputSize     C, &ge; 1
     * @param hiddenSize    H, &ge; 1
     * @param numLayers     &ge; 1
     * @param nonlinearity  {@code "tanh"} or {@code "relu"}
     * @param bidirectional whether each layer also runs from the last step to the first (output {@code [N, T, 2H]})
     * @param dropout       dropout on the outputs of every layer but the last, in training, in [0, 1] (PyTorch's)
     * @param seed          the initial parameters and the dropout masks are a deterministic function of it
     * @throws IllegalArgumentException when a size is below 1, dropout is not in [0, 1] or the nonlinearity is unknown
     */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bidirectional, double dropout,
            long seed) {
        super("RNN", 1, inputSize, hiddenSize, numLayers, bidirectional, dropout, seed);
        if (!"tanh".equals(nonlinearity) && !"relu".equals(nonlinearity)) {
            throw new IllegalArgumentException("RNN: nonlinearity must be \"tanh\" or \"relu\", found \"" + nonlinearity + "\"");
        }
        this.relu = "relu".equals(nonlinearity);
    }

    /** @return {@code "tanh"} or {@code "relu"} */
    public String nonlinearity() {
        return relu ? "relu" : "tanh";
    }

    @Override
    boolean hiddenBiasInProjection() {
        return true;
    }

    private Elementwise activation() {
        return relu ? Elementwise.RELU : Elementwise.TANH;
    }

    /** The pre-activations of every step, by time, unit-major {@code [H, N]}. */
    @Override
    Object forwardCell(Weights w, INDArray pre, INDArray hs, INDArray c0, Sweep sweep) {
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        INDArray[] preActivations = new INDArray[steps];
        for (int s = 0; s < steps; s++) {
            int t = (int) sweep.time(s);
            INDArray a = hiddenProjection(Sweep.slot(hs, sweep.prevSlot(t), h), w, null).addi(Sweep.slot(pre, t, h));
            Sweep.slot(hs, sweep.outSlot(t), h).assign(activation().forward(a));
            preActivations[t] = a;
        }
        return preActivations;
    }

    /** da_t = act'(a_t) ⊙ (dL/dh_t from the output and from step t + 1); dh_{t−1} = W_hhᵀ · da_t. */
    @Override
    INDArray[] backwardCell(Weights w, Object kept, INDArray hs, INDArray dOut, Sweep sweep) {
        INDArray[] preActivations = (INDArray[]) kept;
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        INDArray dPre = Gemm.output(name, "dL/dgates", dOut.dataType(), dOut.size(0), dOut.size(1));
        INDArray dhNext = null;
        for (int s = steps - 1; s >= 0; s--) {
            int t = (int) sweep.time(s);
            INDArray dh = dhNext == null ? Sweep.slot(dOut, t, h) : dhNext.addi(Sweep.slot(dOut, t, h));
            INDArray da = Sweep.slot(dPre, t, h).assign(activation().backward(preActivations[t], dh));
            if (s > 0) { // no gradient into the initial state
                dhNext = hiddenDelta(da, w);
            }
        }
        return new INDArray[] {dPre, dPre};
    }

    @Override
    public String toString() {
        return describe(relu ? ", nonlinearity='relu'" : "");
    }
}
