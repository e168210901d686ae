package org.nn4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.kernels.Gemm;
import org.nn4j.kernels.Ones;
import org.nn4j.layers.init.Initialisers;

/**
 * What {@link LSTM}, {@link GRU} and {@link RNN} share: layers, directions, dropout between layers, the initial and
 * final states, truncated back-propagation through time, and the GEMMs that do not depend on the cell.
 *
 * <p>Layout as PyTorch's with {@code batch_first=True}: input {@code [N, T, C]}, output {@code [N, T, D·H]}, the
 * hidden state of the last layer at every step (D = 2 when bidirectional: the forward direction's H columns, then the
 * reverse direction's). States are {@code [numLayers·D, N, H]}, PyTorch's {@code h_n}/{@code c_n} layout (index
 * {@code layer·D + direction}).
 *
 * <p>Each layer and direction projects the whole sequence onto the gates in one GEMM,
 * {@code [T·N, C] · W_ihᵀ}, as cuDNN and PyTorch do; each step then adds one GEMM of the hidden state,
 * {@code h · W_hhᵀ}, and batch-wide element-wise ops for the gates, on the transposed {@code [units, N]} matrices, in
 * which every gate's block is contiguous. Backward runs through time once, collecting the gates' gradients of every
 * step, and then accumulates {@code dW_ih}, {@code dW_hh} (over the stacked hidden states), the biases and dL/dinput
 * with one GEMM each over all T steps. A backward pass needs the forward pass of the same input in the same step.
 *
 * <p><b>State across calls.</b> Every {@code forward} starts from {@link #initialState} (zeros unless set), except in
 * {@link #remember()} mode, where it starts from the final state of the forward before it, detached: gradients
 * flow within a sequence only (truncated back-propagation through time), and never into an initial state.
 * {@link #forget()} drops the carried state (Element-Research rnn's {@code remember()} and {@code forget()} for Lua
 * Torch). The carried state lives outside every step's workspace, so that it outlives the training step that made it.
 *
 * <p><b>Threads.</b> Concurrent eval-mode forwards of one module give the right outputs, but the final state and the
 * carried state are the module's, one per module: read {@link #finalHidden()} and use {@link #remember()} from one
 * thread at a time.
 */
public abstract class Recurrent extends Module {

    final String name;
    final int gates;
    final int inputSize;
    final int hiddenSize;
    final int numLayers;
    final boolean bidirectional;
    final double dropout;
    private final List<Weights> weights = new ArrayList<>(); // [layer · D + direction]
    private final List<DropoutMasks> masks = new ArrayList<>(); // between layer l and l + 1
    private INDArray initialH;  // [L·D, N, H], outside every workspace, or null for zeros
    private INDArray initialC;  // LSTM only
    private boolean remembering;
    private INDArray carriedH;  // the final state of the last forward while remembering, outside every workspace
    private INDArray carriedC;
    private INDArray finalH;
    private INDArray finalC;
    private Trace trace;

    /** One layer and direction's parameters, in PyTorch's order and with its names. */
    record Weights(Parameter weightIh, Parameter weightHh, Parameter biasIh, Parameter biasHh) {
    }

    /**
     * @param name          the module's name in messages
     * @param gates         the number of gate blocks G (LSTM 4, GRU 3, RNN 1)
     * @param inputSize     C, &ge; 1
     * @param hiddenSize    H, &ge; 1
     * @param numLayers     &ge; 1
     * @param bidirectional whether each layer also runs from the last step to the first
     * @param dropout       the probability of dropping an output of every layer but the last, in training, in [0, 1]
     * @param seed          the initial parameters and the dropout masks are a function of it
     */
    Recurrent(String name, int gates, int inputSize, int hiddenSize, int numLayers, boolean bidirectional, double dropout,
            long seed) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(name + ": inputSize, hiddenSize and numLayers must be at least 1, found "
                    + inputSize + ", " + hiddenSize + ", " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout must be in [0, 1], found " + dropout);
        }
        this.name = name;
        this.gates = gates;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.dropout = dropout;
        for (int layer = 0; layer < numLayers; layer++) {
            long in = layer == 0 ? inputSize : (long) directions() * hiddenSize;
            for (int d = 0; d < directions(); d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                weights.add(new Weights(
                        new Parameter("weight_ih" + suffix, Nd4j.zeros(DataType.FLOAT, (long) gates * hiddenSize, in)),
                        new Parameter("weight_hh" + suffix, Nd4j.zeros(DataType.FLOAT, (long) gates * hiddenSize, hiddenSize)),
                        new Parameter("bias_ih" + suffix, Nd4j.zeros(DataType.FLOAT, (long) gates * hiddenSize)),
                        new Parameter("bias_hh" + suffix, Nd4j.zeros(DataType.FLOAT, (long) gates * hiddenSize))));
            }
            if (layer + 1 < numLayers) {
                masks.add(new DropoutMasks(name, dropout, seed * 31 + 1000 + layer));
            }
        }
        reset(seed);
    }

    /**
     * Re-initialises every parameter as PyTorch does: uniform in ±1/√H.
     *
     * @param seed the same seed gives the same values
     * @return {@code this}
     */
    public Recurrent reset(long seed) {
        double bound = 1 / Math.sqrt(hiddenSize);
        List<Parameter> all = parameters();
        for (int k = 0; k < all.size(); k++) {
            Initialisers.uniform(all.get(k).value(), -bound, bound, seed + k);
        }
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The cell: one layer and direction over the whole sequence.

    /** Whether b_hh is added once, with b_ih, in the input projection (LSTM, RNN) rather than at every step (GRU). */
    abstract boolean hiddenBiasInProjection();

    /**
     * Runs the cell over the sequence. Every step works on unit-major matrices {@code [units, N]} (the transpose of the
     * usual {@code [N, units]}), in which each gate's block of rows is contiguous in memory: element-wise ops on
     * contiguous blocks run several times faster than on the strided column blocks of {@code [N, G·H]}.
     *
     * @param w   the layer and direction's parameters
     * @param pre the input projection of step t in slot t ({@code [T·G·H, N]}, slots of {@code [G·H, N]}), with the
     *            biases {@link #hiddenBiasInProjection} says
     * @param hs  h_t in slots of {@code [H, N]} ({@code [(T+1)·H, N]}): the initial state is already in its slot
     *            ({@link Sweep}); the cell writes every h_t
     * @param c0  LSTM's initial cell state {@code [H, N]}, else null; not modified
     * @return what backward needs
     */
    abstract Object forwardCell(Weights w, INDArray pre, INDArray hs, INDArray c0, Sweep sweep);

    /**
     * Back through time, unit-major as {@link #forwardCell}.
     *
     * @param w    the layer and direction's parameters
     * @param kept what {@link #forwardCell} returned
     * @param hs   as forward left it
     * @param dOut dL/dh_t in slot t ({@code [T·H, N]}); not modified
     * @return {dL/d(input projection), dL/d(h·W_hhᵀ + b_hh)}, each {@code [T·G·H, N]} with step t in slot t (one array
     *         twice where they are equal)
     */
    abstract INDArray[] backwardCell(Weights w, Object kept, INDArray hs, INDArray dOut, Sweep sweep);

    /** LSTM's final cell state {@code [H, N]}; null for cells without one. */
    INDArray finalCell(Object kept, Sweep sweep) {
        return null;
    }

    /** Whether the cell has a cell state besides h (LSTM). */
    boolean hasCell() {
        return false;
    }

    /**
     * The order of the steps of one direction and where their states lie among the T + 1 slots of the hidden states
     * (time order): forward, h_t is slot t + 1 and the initial state slot 0; reverse, h_t is slot t and the initial state
     * slot T.
     */
    record Sweep(long batch, long steps, boolean reverse) {

        /** The time of the s-th step processed. */
        long time(long s) {
            return reverse ? steps - 1 - s : s;
        }

        long outSlot(long t) {
            return reverse ? t : t + 1;
        }

        long prevSlot(long t) {
            return reverse ? t + 1 : t;
        }

        long initialSlot() {
            return reverse ? steps : 0;
        }

        /** Slot k of a matrix of slots of {@code rows} rows each: a view. */
        static INDArray slot(INDArray m, long k, long rows) {
            return rows(m, k * rows, rows);
        }

        /** The h_t of every step, {@code [T·N, H]} in time order: a view of {@code hs}. */
        INDArray outputs(INDArray hs) {
            return rows(hs, (reverse ? 0 : 1) * batch, steps * batch);
        }

        /** The state each step started from, {@code [T·N, H]} in time order: a view of {@code hs}. */
        INDArray previous(INDArray hs) {
            return rows(hs, (reverse ? 1 : 0) * batch, steps * batch);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // forward

    /**
     * All hidden states of the last layer.
     *
     * @param input {@code [N, T, C]}, T &ge; 1; not modified
     * @return {@code [N, T, D·H]}, a new array
     * @throws IllegalArgumentException for another rank, C or dtype, or a state of another batch size
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        long n = input.size(0);
        long t = input.size(1);
        DataType type = input.dataType();
        int d = directions();
        INDArray[] start = startState(n, type);
        if (n == 0) {
            trace = null;
            finalH = Nd4j.create(type, (long) numLayers * d, 0, hiddenSize);
            finalC = hasCell() ? finalH.dup() : null;
            return Nd4j.create(type, 0, t, (long) d * hiddenSize);
        }
        List<INDArray> layerInputs = new ArrayList<>();
        List<INDArray> layerMasks = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        List<INDArray> hiddens = new ArrayList<>();
        List<INDArray> hiddenUnits = new ArrayList<>();
        INDArray[] lastH = new INDArray[numLayers * d];
        INDArray[] lastC = new INDArray[numLayers * d];
        INDArray x = timeMajor(input); // [T·N, C]
        for (int layer = 0; layer < numLayers; layer++) {
            layerInputs.add(x);
            INDArray[] outputs = new INDArray[d];
            for (int dir = 0; dir < d; dir++) {
                int k = layer * d + dir;
                Weights w = weights.get(k);
                Sweep sweep = new Sweep(n, t, dir == 1);
                INDArray hsUnits = Nd4j.create(type, (t + 1) * hiddenSize, n);
                Sweep.slot(hsUnits, sweep.initialSlot(), hiddenSize).assign(start[0].slice(k).transpose());
                INDArray pre = unitMajor(project(x, w), t, n);
                Object cell = forwardCell(w, pre, hsUnits, hasCell() ? start[1].slice(k).transpose() : null, sweep);
                INDArray hs = fromUnitMajor(hsUnits, t + 1, n);
                kept.add(cell);
                hiddens.add(hs);
                hiddenUnits.add(hsUnits);
                outputs[dir] = sweep.outputs(hs);
                lastH[k] = Sweep.slot(hs, sweep.outSlot(sweep.time(t - 1)), n);
                lastC[k] = hasCell() ? finalCell(cell, sweep).transpose() : null;
            }
            x = d == 1 ? outputs[0] : Nd4j.concat(1, outputs);
            INDArray mask = null;
            if (layer + 1 < numLayers && isTraining() && dropout > 0) {
                mask = masks.get(layer).draw(x.shape(), type);
                x = x.mul(mask);
            }
            layerMasks.add(mask);
        }
        trace = new Trace(input, layerInputs, layerMasks, kept, hiddens, hiddenUnits);
        finalH = Nd4j.stack(0, lastH);
        finalC = hasCell() ? Nd4j.stack(0, lastC) : null;
        if (remembering) {
            carriedH = carry(carriedH, finalH);
            carriedC = hasCell() ? carry(carriedC, finalC) : null;
        }
        return batchFirst(x, n, t);
    }

    /** {@code [T·N, G·H] = x · W_ihᵀ + b_ih (+ b_hh)}: the bias rows first (a rank-1 GEMM), then the GEMM onto them. */
    private INDArray project(INDArray x, Weights w) {
        long rows = x.size(0);
        INDArray pre = Gemm.output(name, "input projection", x.dataType(), rows, (long) gates * hiddenSize);
        INDArray bias = hiddenBiasInProjection() ? w.biasIh().value().add(w.biasHh().value()) : w.biasIh().value();
        Gemm.multiply(Ones.column(rows, x.dataType()), false, bias.reshape(1, bias.length()), false, pre, 1.0, 0.0);
        return Gemm.multiply(x, false, w.weightIh().value(), true, pre, 1.0, 1.0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // backward

    /** dL/dinput, through time and through every layer. */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return backward(input, delta, false, true);
    }

    /** Adds dL/dθ of every layer and direction, accumulated over every step. */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        backward(input, delta, true, false);
    }

    /** Both halves run through time once. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        return backward(input, delta, true, needInputDelta);
    }

    private INDArray backward(INDArray input, INDArray delta, boolean updateGradient, boolean needInputDelta) {
        check(input);
        long n = input.size(0);
        long t = input.size(1);
        int d = directions();
        Checks.requireDelta(name, new long[] {n, t, (long) d * hiddenSize}, input, delta);
        if (n == 0) {
            return needInputDelta ? Nd4j.create(input.dataType(), input.shape()) : null;
        }
        Trace tr = traceOf(input);
        INDArray dOut = timeMajor(delta); // [T·N, D·H]
        INDArray dIn = null;
        for (int layer = numLayers - 1; layer >= 0; layer--) {
            INDArray x = tr.layerInputs().get(layer);
            boolean inputDelta = layer > 0 || needInputDelta;
            dIn = inputDelta ? Gemm.output(name, "dL/dinput", x.dataType(), x.size(0), x.size(1)) : null;
            for (int dir = 0; dir < d; dir++) {
                int k = layer * d + dir;
                Weights w = weights.get(k);
                Sweep sweep = new Sweep(n, t, dir == 1);
                INDArray hs = tr.hiddens().get(k);
                INDArray dOutDir = d == 1 ? dOut : columns(dOut, (long) dir * hiddenSize, hiddenSize).dup('c');
                INDArray[] dGatesUnits = backwardCell(w, tr.kept().get(k), tr.hiddenUnits().get(k), unitMajor(dOutDir, t, n),
                        sweep);
                INDArray dPre = fromUnitMajor(dGatesUnits[0], t, n);
                INDArray[] dGates = {dPre, dGatesUnits[1] == dGatesUnits[0] ? dPre : fromUnitMajor(dGatesUnits[1], t, n)};
                if (updateGradient) {
                    Gemm.accumulate(dGates[0], true, x, false, w.weightIh().grad());
                    Gemm.accumulate(dGates[1], true, sweep.previous(hs), false, w.weightHh().grad());
                    accumulateBiases(dGates, w);
                }
                if (inputDelta) {
                    Gemm.multiply(dGates[0], false, w.weightIh().value(), false, dIn, 1.0, dir == 0 ? 0.0 : 1.0);
                }
            }
            if (layer > 0) {
                INDArray mask = tr.masks().get(layer - 1);
                dOut = mask == null ? dIn : dIn.muli(mask);
            }
        }
        return needInputDelta ? batchFirst(dIn, n, t) : null;
    }

    /**
     * bias_ih.grad += Σ_rows dGates[0], bias_hh.grad += Σ_rows dGates[1], each sum a GEMM with a column of ones; where
     * both projections have the same gradient (LSTM, RNN), one sum for both.
     */
    private void accumulateBiases(INDArray[] dGates, Weights w) {
        INDArray ones = Ones.column(dGates[0].size(0), dGates[0].dataType());
        long length = (long) gates * hiddenSize;
        if (dGates[1] == dGates[0]) {
            INDArray sum = Gemm.multiply(dGates[0], true, ones, false,
                    Gemm.output(name, "bias gradient", dGates[0].dataType(), length, 1), 1.0, 0.0).reshape(length);
            w.biasIh().grad().addi(sum);
            w.biasHh().grad().addi(sum);
            return;
        }
        Gemm.accumulate(dGates[0], true, ones, false, w.biasIh().grad().reshape(length, 1));
        Gemm.accumulate(dGates[1], true, ones, false, w.biasHh().grad().reshape(length, 1));
    }

    /** What forward kept for backward; the arrays live in the forward's workspace. */
    private record Trace(INDArray input, List<INDArray> layerInputs, List<INDArray> masks, List<Object> kept,
                         List<INDArray> hiddens, List<INDArray> hiddenUnits) {
    }

    private Trace traceOf(INDArray input) {
        if (trace == null || trace.input() != input || !Workspaces.isLive(trace.hiddens().get(0))) {
            throw new IllegalStateException(name + ": backward needs the forward pass of the same input, in the same"
                    + " step; call forward(input) first");
        }
        return trace;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // states

    /**
     * The state every later {@code forward} starts from (unless {@link #remember()} carries one over), as PyTorch's
     * {@code h_0}: for LSTM, GRU and RNN alike, {@code [numLayers·D, N, H]}. No gradient flows into it. Copied.
     *
     * @param h0 {@code [numLayers·D, N, H]}, or null for zeros (the default); not modified
     * @return {@code this}
     * @throws IllegalArgumentException when h0 is not shaped {@code [numLayers·D, N, H]}, or for LSTM, which needs
     *         {@link LSTM#initialState(INDArray, INDArray)}
     */
    public Recurrent initialState(INDArray h0) {
        if (hasCell() && h0 != null) {
            throw new IllegalArgumentException(name + ": the initial state needs both h0 and c0: initialState(h0, c0)");
        }
        initialH = copyOfState("h0", h0);
        initialC = null;
        return this;
    }

    /** Sets both initial states (LSTM); either both are null or neither. */
    void initialStates(INDArray h0, INDArray c0) {
        if ((h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException(name + ": give both h0 and c0, or neither (zeros)");
        }
        INDArray h = copyOfState("h0", h0);
        INDArray c = copyOfState("c0", c0);
        if (h != null && !Arrays.equals(h.shape(), c.shape())) {
            throw new IllegalArgumentException(name + ": h0 and c0 must have the same shape, found " + Checks.shape(h)
                    + " and " + Checks.shape(c));
        }
        initialH = h;
        initialC = c;
    }

    /**
     * Truncated back-propagation through time: from now on every {@code forward} starts from the final state of the
     * forward before it (detached: no gradient flows back into the earlier sequence), until {@link #forget()}. The
     * first forward after {@code remember()} starts from the initial state. Batches must keep their size while
     * remembering. A bidirectional layer's reverse direction then starts from its state after step 0 of the forward
     * before, as passing PyTorch's {@code h_n} on as the next {@code h_0} does (a sequence fed in pieces gives the
     * outputs of the whole in the forward direction only).
     *
     * @return {@code this}
     */
    public Recurrent remember() {
        remembering = true;
        return this;
    }

    /**
     * Drops the carried state: the next forward starts from the initial state again (zeros unless set). Call it
     * between independent sequences; {@code remember()} mode stays on.
     *
     * @return {@code this}
     */
    public Recurrent forget() {
        carriedH = null;
        carriedC = null;
        return this;
    }

    /**
     * Stops carrying the state from one forward to the next (and drops it): the default.
     *
     * @return {@code this}
     */
    public Recurrent stopRemembering() {
        remembering = false;
        return forget();
    }

    /** @return whether {@link #remember()} mode is on */
    public boolean isRemembering() {
        return remembering;
    }

    /**
     * PyTorch's {@code h_n}: the hidden state after the last step of every layer and direction (for the reverse
     * direction, after step 0).
     *
     * @return {@code [numLayers·D, N, H]}, made by the last forward (in its step's workspace, if it ran in one: detach
     *         or copy it to keep it longer); the caller may keep it, no later call writes to it
     * @throws IllegalStateException before the first forward
     */
    public INDArray finalHidden() {
        if (finalH == null) {
            throw new IllegalStateException(name + ": finalHidden() needs a forward pass first");
        }
        return finalH;
    }

    /** The final cell state of the last forward, for LSTM. */
    INDArray finalCellState() {
        if (finalC == null) {
            throw new IllegalStateException(name + ": finalCell() needs a forward pass first");
        }
        return finalC;
    }

    /** {h0, c0 or null} for a forward of batch n: the carried state, the initial state or zeros. */
    private INDArray[] startState(long n, DataType type) {
        long[] shape = {(long) numLayers * directions(), n, hiddenSize};
        if (remembering && carriedH != null) {
            if (carriedH.size(1) != n) {
                throw new IllegalArgumentException(name + ": remember() carries the final state of the last forward, of"
                        + " batch size " + carriedH.size(1) + ", into the next, but this input has batch size " + n
                        + "; call forget() before a batch of another size");
            }
            return new INDArray[] {carriedH, carriedC};
        }
        if (initialH != null) {
            if (!Arrays.equals(initialH.shape(), shape)) {
                throw new IllegalArgumentException(name + ": the initial state is shaped " + Checks.shape(initialH)
                        + ", but an input of batch size " + n + " needs " + Arrays.toString(shape));
            }
            return new INDArray[] {initialH, initialC};
        }
        INDArray zeros = Nd4j.zeros(type, shape);
        return new INDArray[] {zeros, hasCell() ? zeros : null};
    }

    private INDArray copyOfState(String what, INDArray state) {
        if (state == null) {
            return null;
        }
        int layers = numLayers * directions();
        if (state.rank() != 3 || state.size(0) != layers || state.size(2) != hiddenSize) {
            throw new IllegalArgumentException(name + ": " + what + " must be shaped [numLayers·D, N, H] = [" + layers
                    + ", N, " + hiddenSize + "], found " + Checks.shape(state));
        }
        Checks.requireFloatingPoint(name, state);
        DataType type = weights.get(0).weightIh().value().dataType();
        return Workspaces.outside(() -> state.castTo(type).dup('c'));
    }

    /** {@code finalState} copied into {@code carried} in place, or into a new array outside every workspace. */
    private static INDArray carry(INDArray carried, INDArray finalState) {
        if (carried != null && Arrays.equals(carried.shape(), finalState.shape()) && carried.dataType() == finalState.dataType()) {
            return carried.assign(finalState);
        }
        return Workspaces.outside(() -> finalState.dup('c'));
    }

    /** Casts the parameters, the initial state and the carried state. */
    @Override
    public Module to(DataType dataType) {
        super.to(dataType);
        initialH = castState(initialH, dataType);
        initialC = castState(initialC, dataType);
        carriedH = castState(carriedH, dataType);
        carriedC = castState(carriedC, dataType);
        trace = null;
        return this;
    }

    private static INDArray castState(INDArray state, DataType type) {
        return state == null || state.dataType() == type ? state : Workspaces.outside(() -> state.castTo(type));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /** {@return D: 2 when bidirectional, else 1} */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** {@return C, the features of every step of the input} */
    public int inputSize() {
        return inputSize;
    }

    /** {@return H, the features of the hidden state of every layer and direction} */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@return the number of stacked layers} */
    public int numLayers() {
        return numLayers;
    }

    /** {@return the probability of dropping an output of every layer but the last, in training} */
    public double dropout() {
        return dropout;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Weights w : weights) {
            all.addAll(List.of(w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh()));
        }
        return all;
    }

    /** Time-major {@code [S·N, U]} → unit-major {@code [S·U, N]} (slot s the transpose of rows s·N …), a c-ordered copy. */
    private static INDArray unitMajor(INDArray a, long slots, long n) {
        long units = a.size(1);
        return a.reshape('c', slots, n, units).permute(0, 2, 1).dup('c').reshape('c', slots * units, n);
    }

    /** Unit-major {@code [S·U, N]} → time-major {@code [S·N, U]}, a c-ordered copy. */
    private static INDArray fromUnitMajor(INDArray a, long slots, long n) {
        long units = a.size(0) / slots;
        return a.reshape('c', slots, units, n).permute(0, 2, 1).dup('c').reshape('c', slots * n, units);
    }

    /** {@code [N, T, C]} → a c-ordered {@code [T·N, C]} copy, row {@code t·N + n}. */
    private static INDArray timeMajor(INDArray a) {
        return a.permute(1, 0, 2).dup('c').reshape(a.size(0) * a.size(1), a.size(2));
    }

    /** {@code [T·N, F]} time-major → a new c-ordered {@code [N, T, F]}. */
    private static INDArray batchFirst(INDArray a, long n, long t) {
        return a.reshape('c', t, n, a.size(1)).permute(1, 0, 2).dup('c');
    }

    /**
     * Rows {@code [from, from + count)} of a matrix (itself possibly a view): a view, made from the buffer, offset and
     * strides directly. ND4J 1.0.0-M2.1's {@code get(interval, all)} on a column view returns an empty array for the
     * last rows, and costs more.
     */
    static INDArray rows(INDArray m, long from, long count) {
        return view(m, m.offset() + from * m.stride(0), count, m.size(1));
    }

    /** Columns {@code [from, from + count)} of a matrix (itself possibly a view): a view. */
    static INDArray columns(INDArray m, long from, long count) {
        return view(m, m.offset() + from * m.stride(1), m.size(0), count);
    }

    private static INDArray view(INDArray m, long offset, long rows, long columns) {
        return Nd4j.create(m.data(), new long[] {rows, columns}, new long[] {m.stride(0), m.stride(1)}, offset, 'c',
                m.dataType());
    }

    /** {@code W_hh · h} for one step, unit-major: a new {@code [G·H, N]} matrix (or added onto {@code onto}). */
    INDArray hiddenProjection(INDArray h, Weights w, INDArray onto) {
        INDArray c = onto != null ? onto : Gemm.output(name, "hidden projection", h.dataType(), (long) gates * hiddenSize,
                h.size(1));
        return Gemm.multiply(w.weightHh().value(), false, h, false, c, 1.0, onto != null ? 1.0 : 0.0);
    }

    /** {@code W_hhᵀ · dGates}: dL/dh of the step before, unit-major, a new {@code [H, N]} matrix. */
    INDArray hiddenDelta(INDArray dGates, Weights w) {
        INDArray c = Gemm.output(name, "dL/dh", dGates.dataType(), hiddenSize, dGates.size(1));
        return Gemm.multiply(w.weightHh().value(), true, dGates, false, c, 1.0, 0.0);
    }

    /** Gate block k of a unit-major {@code [G·H, N]} matrix: a contiguous view. */
    INDArray gate(INDArray m, int k) {
        return rows(m, (long) k * hiddenSize, hiddenSize);
    }

    /** {@code z = a ⊙ b}; returns z (a view of a larger matrix, say). */
    static INDArray mul(INDArray a, INDArray b, INDArray z) {
        Nd4j.exec(new MulOp(a, b, z));
        return z;
    }

    /** Gate blocks k … k + count − 1: a contiguous view. */
    INDArray gates(INDArray m, int k, int count) {
        return rows(m, (long) k * hiddenSize, (long) count * hiddenSize);
    }

    private void check(INDArray input) {
        Checks.requireRank(name, input, 3, "[N, T, C]");
        Checks.requireSize(name, input, 2, inputSize, "input features", "[N, T, C]");
        Checks.requireDataType(name, input, weights.get(0).weightIh().value().dataType());
        if (input.size(1) == 0) {
            throw new IllegalArgumentException(name + ": expected a sequence of at least one step, found input shape "
                    + Checks.shape(input) + " (layout [N, T, C])");
        }
    }

    /** PyTorch's repr: {@code LSTM(3, 4, num_layers=2, dropout=0.5, bidirectional=True)}. */
    String describe(String extra) {
        return name + "(" + inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "") + extra
                + (dropout > 0 ? ", dropout=" + dropout : "") + (bidirectional ? ", bidirectional=True" : "") + ")";
    }
}
