package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Seeds;
import org.nn4j.kernels.Elementwise;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.Ones;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU(inputSize, hiddenSize, numLayers, dropout=…, bidirectional=…,
 * batch_first=True)}. For each step t of each layer and direction, with x_t the layer's input:
 * <pre>
 * r = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)      z = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
 * n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 * input {@code [N, T, C]}, output {@code [N, T, D·H]}. Parameters as PyTorch's, the gates in its order r, z, n:
 * {@code weight_ih_l0 [3H, C]}, {@code weight_hh_l0 [3H, H]}, {@code bias_ih_l0 [3H]}, {@code bias_hh_l0 [3H]}, …,
 * {@code _reverse} for the reverse direction; uniform in ±1/√H as PyTorch initialises them. States, dropout and
 * truncated back-propagation through time as in {@link Recurrent}: {@link #finalHidden()} is PyTorch's {@code h_n},
 * {@link #initialState(INDArray)} its {@code h_0}.
 *
 * <pre>{@code
 * GRU gru = new GRU(16, 64, 2, true, 0.1, 42);   // two bidirectional layers
 * INDArray y = gru.forward(x);                     // x [N, T, 16] -> y [N, T, 128]
 * INDArray hN = gru.finalHidden();                 // [4, N, 64]
 * }</pre>
 */
public class GRU extends Recurrent {

    private static final int R = 0;
    private static final int Z = 1;
    private static final int NEW = 2;

    /**
     * One layer, one direction, seeded from {@link Seeds}.
     *
     * @param inputSize  C, &ge; 1
     * @param hiddenSize H, &ge; 1
     */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    /**
     * Stacked layers, one direction, no dropout, seeded from {@link Seeds}.
     *
     * @param inputSize  C, &ge; 1
     * @param hiddenSize H, &ge; 1
     * @param numLayers  &ge; 1
     */
    public GRU(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, false, 0, Seeds.next());
    }

    /**
     * @param inputSize     C, &ge; 1
     * @param hiddenSize    H, &ge; 1
     * @param numLayers     &ge; 1
     * @param bidirectional whether each layer also runs from the last step to the first (output {@code [N, T, 2H]})
     * @param dropout       dropout on the outputs of every layer but the last, in training, in [0, 1] (PyTorch's)
     * @param seed          the initial parameters and the dropout masks are a deterministic function of it
     * @throws IllegalArgumentException when a size is below 1 or dropout is not in [0, 1]
     */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, double dropout, long seed) {
        super("GRU", 3, inputSize, hiddenSize, numLayers, bidirectional, dropout, seed);
    }

    @Override
    boolean hiddenBiasInProjection() {
        return false; // b_hn sits inside r ⊙ (…)
    }

    /**
     * Per time t, unit-major: the hidden projection {@code W_hh·h_{t−1} + b_hh [3H, N]}, the pre-activations and
     * activations of r and z {@code [2H, N]}, n's pre-activation and n {@code [H, N]}.
     */
    private record Kept(INDArray[] hidden, INDArray[] rzPre, INDArray[] rz, INDArray[] nPre, INDArray[] n) {
    }

    @Override
    Object forwardCell(Weights w, INDArray pre, INDArray hs, INDArray c0, Sweep sweep) {
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        Kept k = new Kept(new INDArray[steps], new INDArray[steps], new INDArray[steps], new INDArray[steps],
                new INDArray[steps]);
        INDArray biasColumn = w.biasHh().value().reshape(3 * h, 1);
        INDArray onesRow = Ones.column(sweep.batch(), pre.dataType()).reshape(1, sweep.batch());
        for (int s = 0; s < steps; s++) {
            int t = (int) sweep.time(s);
            INDArray hPrev = Sweep.slot(hs, sweep.prevSlot(t), h);
            INDArray preT = Sweep.slot(pre, t, 3 * h);
            INDArray hidden = Gemm.multiply(biasColumn, false, onesRow, false,
                    Gemm.output(name, "hidden projection", pre.dataType(), 3 * h, sweep.batch()), 1.0, 0.0);
            hiddenProjection(hPrev, w, hidden);
            INDArray rzPre = gates(preT, R, 2).add(gates(hidden, R, 2));
            INDArray rz = Elementwise.SIGMOID.forward(rzPre);
            INDArray nPre = gate(rz, R).mul(gate(hidden, NEW)).addi(gate(preT, NEW));
            INDArray n = Elementwise.TANH.forward(nPre);
            // h = n + z ⊙ (h_{t−1} − n)
            Sweep.slot(hs, sweep.outSlot(t), h).assign(hPrev.sub(n).muli(gate(rz, Z)).addi(n));
            k.hidden()[t] = hidden;
            k.rzPre()[t] = rzPre;
            k.rz()[t] = rz;
            k.nPre()[t] = nPre;
            k.n()[t] = n;
        }
        return k;
    }

    /**
     * Back through time. In the forward pass h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}, so dn = dh ⊙ (1 − z),
     * dz = dh ⊙ (h_{t−1} − n) and dh_{t−1} gets dh ⊙ z; n = tanh(a_n) with a_n = W_in x + b_in + r ⊙ hn (hn the hidden
     * projection's n block), so da_n = tanh'(a_n) ⊙ dn, which is also dL/d(input projection's n block), dhn = da_n ⊙ r
     * and dr = da_n ⊙ hn; then σ' for r and z, whose pre-activations are shared by both projections.
     */
    @Override
    INDArray[] backwardCell(Weights w, Object kept, INDArray hs, INDArray dOut, Sweep sweep) {
        Kept k = (Kept) kept;
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        INDArray dPre = Gemm.output(name, "dL/dgates", dOut.dataType(), dOut.size(0) * 3, dOut.size(1));
        INDArray dHidden = Gemm.output(name, "dL/dgates", dOut.dataType(), dOut.size(0) * 3, dOut.size(1));
        INDArray dhNext = null;
        for (int s = steps - 1; s >= 0; s--) {
            int t = (int) sweep.time(s);
            INDArray hPrev = Sweep.slot(hs, sweep.prevSlot(t), h);
            INDArray z = gate(k.rz()[t], Z);
            INDArray dh = dhNext == null ? Sweep.slot(dOut, t, h) : dhNext.addi(Sweep.slot(dOut, t, h));
            INDArray dPreT = Sweep.slot(dPre, t, 3 * h);
            INDArray dHiddenT = Sweep.slot(dHidden, t, 3 * h);
            INDArray dnPre = gate(dPreT, NEW).assign(Elementwise.TANH.backward(k.nPre()[t], z.rsub(1).muli(dh)));
            mul(dnPre, gate(k.rz()[t], R), gate(dHiddenT, NEW));
            INDArray upstream = k.rzPre()[t].ulike(); // dL/dr, dL/dz
            mul(dnPre, gate(k.hidden()[t], NEW), gate(upstream, R));
            mul(hPrev.sub(k.n()[t]), dh, gate(upstream, Z));
            gates(dPreT, R, 2).assign(Elementwise.SIGMOID.backward(k.rzPre()[t], upstream));
            gates(dHiddenT, R, 2).assign(gates(dPreT, R, 2));
            if (s > 0) { // no gradient into the initial state
                dhNext = hiddenDelta(dHiddenT, w).addi(dh.mul(z));
            }
        }
        return new INDArray[] {dPre, dHidden};
    }

    @Override
    public String toString() {
        return describe("");
    }
}
