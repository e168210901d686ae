package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Seeds;
import org.nn4j.kernels.Elementwise;
import org.nn4j.kernels.Gemm;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM(inputSize, hiddenSize, numLayers, dropout=…,
 * bidirectional=…, batch_first=True)}. For each step t of each layer and direction, with x_t the layer's input:
 * <pre>
 * i = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)      f = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
 * g = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)   o = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)
 * c_t = f ⊙ c_{t−1} + i ⊙ g                          h_t = o ⊙ tanh(c_t)
 * </pre>
 * input {@code [N, T, C]}, output {@code [N, T, D·H]} (h_t of the last layer at every step; D = 2 when bidirectional,
 * the reverse direction's H columns after the forward direction's). Parameters as PyTorch names and shapes them, the
 * gates in PyTorch's order i, f, g, o: {@code weight_ih_l0 [4H, C]}, {@code weight_hh_l0 [4H, H]},
 * {@code bias_ih_l0 [4H]}, {@code bias_hh_l0 [4H]}, {@code weight_ih_l1 [4H, D·H]}, …, and {@code _reverse} for the
 * reverse direction; initialised as PyTorch does, uniform in ±1/√H. So a PyTorch {@code state_dict} loads as it is.
 *
 * <p>After {@code forward}, {@link #finalHidden()} and {@link #finalCell()} are PyTorch's {@code h_n} and {@code c_n},
 * {@code [numLayers·D, N, H]}. {@link #initialState(INDArray, INDArray)} sets {@code h_0, c_0} (zeros by default; no
 * gradient flows into them), and {@link #remember()} / {@link #forget()} carry the state from one forward to the
 * next for truncated back-propagation through time (see {@link Recurrent}).
 *
 * <p>A character-level language model: an {@code Embedding} of 65 characters into 32 features, two LSTM layers of 256,
 * and a {@link Linear} read-out at every step, trained on consecutive chunks of 64 characters of one long text with
 * truncated back-propagation through time (each chunk starts from the state the chunk before ended in, and the
 * gradients stop at the chunk's start):
 * <pre>{@code
 * Embedding embed = new Embedding(65, 32);
 * LSTM lstm = new LSTM(32, 256, 2, false, 0.2, 42);
 * Linear readOut = new Linear(256, 65);
 * Sequential model = new Sequential(embed, lstm);  // [N, T] indices -> [N, T, 256]
 * CrossEntropyLoss loss = new CrossEntropyLoss();
 * Adam adam = new Adam(2e-3);
 * List<Parameter> parameters = new ArrayList<>(model.parameters());
 * parameters.addAll(readOut.parameters());
 * lstm.remember();
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     lstm.forget();                                 // every pass over the text starts from zeros
 *     for (Batch chunk : chunks) {                   // x [32, 64] character indices, y [32·64] the next ones
 *         try (MemoryWorkspace ws = Workspaces.step()) {
 *             INDArray h = model.forward(chunk.x()).reshape(32 * 64, 256);   // every step of every sequence
 *             INDArray logits = readOut.forward(h);                          // [32·64, 65]
 *             double l = loss.forward(chunk.y(), logits);
 *             INDArray dLogits = loss.backward(chunk.y(), logits);
 *             INDArray dh = readOut.backward(h, dLogits, true).reshape(32, 64, 256);
 *             model.backward(chunk.x(), dh, false);
 *             adam.step(parameters);
 *             model.zeroGrad();
 *             readOut.zeroGrad();
 *         }
 *     }
 * }
 * }</pre>
 * The state carried from one chunk to the next lives outside the step's workspace; a last, shorter batch of another
 * size needs {@code forget()} first.
 */
public class LSTM extends Recurrent {

    private static final int I = 0;
    private static final int F = 1;
    private static final int G = 2;
    private static final int O = 3;

    /**
     * One layer, one direction, seeded from {@link Seeds}.
     *
     * @param inputSize  C, the features of every step, &ge; 1
     * @param hiddenSize H, &ge; 1
     */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    /**
     * Stacked layers, one direction, no dropout, seeded from {@link Seeds}.
     *
     * @param inputSize  C, &ge; 1
     * @param hiddenSize H, &ge; 1
     * @param numLayers  &ge; 1
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, false, 0, Seeds.next());
    }

    /**
     * @param inputSize     C, &ge; 1
     * @param hiddenSize    H, &ge; 1
     * @param numLayers     &ge; 1
     * @param bidirectional whether each layer also runs from the last step to the first (output {@code [N, T, 2H]})
     * @param dropout       PyTorch's {@code dropout}: in training, each output of every layer but the last is zeroed
     *                      with this probability (the others scaled by 1/(1 − p)) before the next layer reads it; in [0, 1]
     * @param seed          the initial parameters and the dropout masks are a deterministic function of it
     * @throws IllegalArgumentException when a size is below 1 or dropout is not in [0, 1]
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, double dropout, long seed) {
        super("LSTM", 4, inputSize, hiddenSize, numLayers, bidirectional, dropout, seed);
    }

    /**
     * Sets PyTorch's {@code (h_0, c_0)}, the state every later forward starts from (unless {@link #remember()} carries
     * one over); both null for zeros, the default. No gradient flows into them. Copied.
     *
     * @param h0 {@code [numLayers·D, N, H]}; not modified
     * @param c0 {@code [numLayers·D, N, H]}; not modified
     * @return {@code this}
     * @throws IllegalArgumentException when a state is not shaped {@code [numLayers·D, N, H]}, or only one is null
     */
    public LSTM initialState(INDArray h0, INDArray c0) {
        initialStates(h0, c0);
        return this;
    }

    /**
     * PyTorch's {@code c_n}: the cell state after the last step of every layer and direction.
     *
     * @return {@code [numLayers·D, N, H]}, made by the last forward (in its step's workspace, if it ran in one)
     * @throws IllegalStateException before the first forward
     */
    public INDArray finalCell() {
        return finalCellState();
    }

    @Override
    boolean hiddenBiasInProjection() {
        return true;
    }

    @Override
    boolean hasCell() {
        return true;
    }

    /**
     * What backward needs, per time t, unit-major: the gates' pre-activations {@code [4H, N]} and g's block of them, σ of
     * all four blocks with views of i, f and o, g and tanh(c_t) {@code [H, N]}; the cell states by slot, as h in
     * {@code hs}. The views are kept to be made once: each costs microseconds.
     */
    private record Step(INDArray a, INDArray aG, INDArray sigmoids, INDArray i, INDArray f, INDArray o, INDArray g,
                        INDArray tanhC) {
    }

    private record Kept(Step[] steps, INDArray[] cells) {
    }

    @Override
    Object forwardCell(Weights w, INDArray pre, INDArray hs, INDArray c0, Sweep sweep) {
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        Kept k = new Kept(new Step[steps], new INDArray[steps + 1]);
        k.cells()[(int) sweep.initialSlot()] = c0.dup('c'); // a copy: the carried state it may come from changes
        INDArray hPrev = Sweep.slot(hs, sweep.initialSlot(), h);
        for (int s = 0; s < steps; s++) {
            int t = (int) sweep.time(s);
            INDArray a = hiddenProjection(hPrev, w, null).addi(Sweep.slot(pre, t, 4 * h));
            INDArray sigmoids = Elementwise.SIGMOID.forward(a); // all four blocks in one dense op: g's is not read
            INDArray aG = gate(a, G);
            INDArray i = gate(sigmoids, I);
            INDArray f = gate(sigmoids, F);
            INDArray o = gate(sigmoids, O);
            INDArray g = Elementwise.TANH.forward(aG);
            INDArray c = f.mul(k.cells()[(int) sweep.prevSlot(t)]).addi(i.mul(g));
            INDArray tanhC = Elementwise.TANH.forward(c);
            hPrev = mul(o, tanhC, Sweep.slot(hs, sweep.outSlot(t), h));
            k.steps()[t] = new Step(a, aG, sigmoids, i, f, o, g, tanhC);
            k.cells()[(int) sweep.outSlot(t)] = c;
        }
        return k;
    }

    /**
     * From the last step processed back to the first, with dh = dL/dh_t (from the output and from step t + 1) and dc
     * from step t + 1: in the forward pass h_t = o ⊙ tanh(c_t), so dc += tanh'(c_t) ⊙ dh ⊙ o, do = dh ⊙ tanh(c_t);
     * c_t = f ⊙ c_{t−1} + i ⊙ g, so di = dc ⊙ g, df = dc ⊙ c_{t−1}, dg = dc ⊙ i, and dc_{t−1} = dc ⊙ f; then each gate's
     * activation derivative (σ' for all four blocks in one op, tanh' for g's), and dh_{t−1} = W_hhᵀ · dGates.
     */
    @Override
    INDArray[] backwardCell(Weights w, Object kept, INDArray hs, INDArray dOut, Sweep sweep) {
        Kept k = (Kept) kept;
        int steps = (int) sweep.steps();
        long h = hiddenSize;
        INDArray dPre = Gemm.output(name, "dL/dgates", dOut.dataType(), dOut.size(0) * 4, dOut.size(1));
        INDArray dhNext = null;
        INDArray dcNext = null;
        // dL/d(each gate's activation): one buffer for every step (each step's is read before the next writes it)
        INDArray upstream = Gemm.output(name, "dL/dgates", dOut.dataType(), 4 * h, dOut.size(1));
        INDArray[] upstreamGates = {gate(upstream, I), gate(upstream, F), gate(upstream, G), gate(upstream, O)};
        for (int s = steps - 1; s >= 0; s--) {
            int t = (int) sweep.time(s);
            Step step = k.steps()[t];
            INDArray dh = dhNext == null ? Sweep.slot(dOut, t, h) : dhNext.addi(Sweep.slot(dOut, t, h));
            INDArray dc = Elementwise.TANH.backward(k.cells()[(int) sweep.outSlot(t)], dh.mul(step.o()));
            if (dcNext != null) {
                dc.addi(dcNext);
            }
            mul(dc, step.g(), upstreamGates[I]);
            mul(dc, k.cells()[(int) sweep.prevSlot(t)], upstreamGates[F]);
            mul(dc, step.i(), upstreamGates[G]);
            mul(dh, step.tanhC(), upstreamGates[O]);
            INDArray dGates = Sweep.slot(dPre, t, 4 * h).assign(Elementwise.SIGMOID.backward(step.a(), upstream));
            gate(dGates, G).assign(Elementwise.TANH.backward(step.aG(), upstreamGates[G]));
            if (s > 0) { // no gradient into the initial state
                dcNext = dc.muli(step.f());
                dhNext = hiddenDelta(dGates, w);
            }
        }
        return new INDArray[] {dPre, dPre};
    }

    @Override
    INDArray finalCell(Object kept, Sweep sweep) {
        return ((Kept) kept).cells()[(int) sweep.outSlot(sweep.time(sweep.steps() - 1))];
    }

    @Override
    public String toString() {
        return describe("");
    }
}
