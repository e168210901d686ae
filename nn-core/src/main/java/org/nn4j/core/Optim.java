package org.nn4j.core;

import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.optim.GradientClipping;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.optim.Optimizer;

/**
 * One training iteration in one call: {@link #step} = forward, loss, backward, update, zero.
 * The network's first module gets no dL/dinput (nobody needs it).
 * Each iteration runs in the thread's step workspace ({@link Workspaces}): after the first,
 * it allocates no new memory while the batch shape stays the same.
 *
 * <p>Which to use when: {@code Optim} is the step, for writing your own loop
 * ({@code for (Batch b : loader) optim.step(b.x(), b.y());}). To train, use
 * {@link org.nn4j.core.train.Trainer}, the training loop (epochs, validation, early stopping,
 * schedules, progress), which runs this step for every batch; {@link SGD} is the one-call
 * routine on top of it. To train parts of a network at different rates, give either of them an
 * {@link org.nn4j.core.optim.ParameterGroups} optimizer.
 *
 * <p>Options, all off by default, applied before every optimizer update in this order:
 * <ul>
 *   <li>{@link #accumulate(int) accumulate(k)}: gradients of k consecutive calls of {@link #step}
 *       (micro-batches) are summed and the optimizer updates once per k calls. Each micro-batch's
 *       dL/dprediction is scaled by 1/k, so the summed gradient is the mean of the k micro-batches'
 *       gradients: for a loss that is a mean over the batch and k micro-batches of equal size b,
 *       exactly the gradient of one batch of k·b (to rounding). With unequal sizes it weights each
 *       micro-batch equally, not each sample.</li>
 *   <li>{@link #clipGradValue(double)}: every gradient element clamped to [−c, c].</li>
 *   <li>{@link #clipGradNorm(double)}: the gradients scaled to a total norm of at most maxNorm, as
 *       {@link GradientClipping#clipGradNorm}; the norm before clipping is {@link #lastGradNorm()}.</li>
 * </ul>
 *
 * <pre>{@code
 * Optim optim = new Optim(net, loss, new AdamW(1e-3)).accumulate(4).clipGradNorm(1.0);
 * for (Batch b : loader) {
 *     optim.step(b.x(), b.y());          // updates on every 4th call
 * }
 * optim.flush();                         // the last, incomplete group of micro-batches
 * }</pre>
 */
public class Optim {

    private final Module net;
    private final Loss loss;
    private final Optimizer optimizer;
    /** Steps begun, for the message of a step that reads an array of an earlier one. */
    private long steps;
    /** NaN: no clipping of that kind. */
    private double maxNorm = Double.NaN;
    private double normType = 2;
    private double clipValue = Double.NaN;
    private int accumulate = 1;
    /** Micro-batches whose gradients are accumulated and not yet applied. */
    private int pending;
    private boolean lastStepUpdated;
    private double lastGradNorm = Double.NaN;

    /**
     * A step that trains {@code net} on {@code loss} with {@code optimizer}.
     *
     * @param net the network to train; its parameters are updated in place by each step
     * @param loss the loss, computed from the targets and the network's prediction
     * @param optimizer updates the network's parameters from their gradients
     */
    public Optim(Module net, Loss loss, Optimizer optimizer) {
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * Plain gradient descent ({@link GradientDescent}) with step size {@code learningRate}.
     *
     * @param net the network to train; its parameters are updated in place by each step
     * @param loss the loss, computed from the targets and the network's prediction
     * @param learningRate the step size, &gt; 0 and finite
     * @throws IllegalArgumentException when {@code learningRate} is not &gt; 0 or is infinite
     */
    public Optim(Module net, Loss loss, double learningRate) {
        this(net, loss, new GradientDescent(learningRate));
    }

    /**
     * Clips the gradients to a total 2-norm of at most {@code maxNorm} before every update
     * ({@link GradientClipping#clipGradNorm(java.util.List, double)}); {@code +∞} only records the
     * norm ({@link #lastGradNorm()}).
     *
     * @param maxNorm the largest total norm let through, &gt; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code maxNorm} is not &gt; 0
     */
    public Optim clipGradNorm(double maxNorm) {
        return clipGradNorm(maxNorm, 2);
    }

    /**
     * Clips the gradients to a total {@code normType}-norm of at most {@code maxNorm} before every
     * update ({@link GradientClipping#clipGradNorm(java.util.List, double, double)}). A NaN or
     * infinite norm is not an error, as in PyTorch: the gradients, and so the parameters, become
     * NaN, {@link #lastGradNorm()} says so, and the next step's loss is NaN.
     *
     * @param maxNorm the largest total norm let through, &gt; 0 ({@code +∞} only records the norm)
     * @param normType p of the p-norm, &gt; 0, or {@code Double.POSITIVE_INFINITY}
     * @return {@code this}
     * @throws IllegalArgumentException when {@code maxNorm} or {@code normType} is not &gt; 0
     */
    public Optim clipGradNorm(double maxNorm, double normType) {
        if (!(maxNorm > 0) || !(normType > 0)) {
            throw new IllegalArgumentException("Optim: clipGradNorm needs maxNorm > 0 and normType > 0 (or infinity),"
                    + " found maxNorm " + maxNorm + ", normType " + normType);
        }
        this.maxNorm = maxNorm;
        this.normType = normType;
        return this;
    }

    /**
     * Clamps every gradient element to {@code [−clipValue, clipValue]} before every update
     * ({@link GradientClipping#clipGradValue}).
     *
     * @param clipValue the largest |element| let through, &gt; 0
     * @return {@code this}
     * @throws IllegalArgumentException when {@code clipValue} is not &gt; 0
     */
    public Optim clipGradValue(double clipValue) {
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("Optim: clipGradValue needs clipValue > 0, found " + clipValue);
        }
        this.clipValue = clipValue;
        return this;
    }

    /**
     * Accumulates the gradients of {@code k} calls of {@link #step} (micro-batches, each scaled
     * by 1/k) and updates once per k calls; 1 (the default) updates on every call. Gradients
     * already accumulated are dropped.
     *
     * @param k micro-batches per update, &ge; 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code k} &lt; 1
     */
    public Optim accumulate(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Optim: accumulate needs k >= 1 micro-batches per update, found " + k);
        }
        this.accumulate = k;
        discard();
        return this;
    }

    /**
     * Applies the gradients of an incomplete group of micro-batches (fewer than {@code k} since the
     * last update, e.g. at the end of an epoch): they are rescaled to their mean, clipped, and the
     * optimizer updates. Does nothing when no gradient is pending.
     *
     * @return whether the parameters were updated
     */
    public boolean flush() {
        if (pending == 0) {
            return false;
        }
        try (MemoryWorkspace step = Workspaces.step()) {
            if (pending < accumulate) {
                double rescale = (double) accumulate / pending;
                for (Parameter p : net.parameters()) {
                    p.grad().muli(rescale);
                }
            }
            update();
            return true;
        } catch (RuntimeException e) {
            throw Workspaces.explain(e, "Optim.flush (after step " + steps + ")");
        }
    }

    /** Drops the gradients accumulated since the last update (zeroes every gradient). */
    public void discard() {
        net.zeroGrad();
        pending = 0;
    }

    /**
     * Micro-batches accumulated since the last update.
     *
     * @return 0 right after an update, up to k − 1 with {@link #accumulate(int) accumulate(k)}
     */
    public int pending() {
        return pending;
    }

    /**
     * Whether the last {@link #step} (or {@link #flush}) updated the parameters; with
     * {@link #accumulate(int) accumulate(k)} only every k-th step does.
     *
     * @return {@code true} after a step that ran the optimizer
     */
    public boolean lastStepUpdated() {
        return lastStepUpdated;
    }

    /**
     * The total gradient norm, before clipping, of the last update.
     *
     * @return the norm {@link GradientClipping#clipGradNorm} returned; NaN without {@link #clipGradNorm}
     *     or before the first update (and when the gradients held NaN)
     */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    /**
     * One iteration's outcome: the batch's loss before the update, and the prediction it was computed from.
     *
     * @param loss the batch's loss before the update
     * @param prediction the network's output for the batch, outside any workspace; null when not kept
     */
    public record Step(double loss, INDArray prediction) {
    }

    /**
     * One iteration on a batch: with {@link #accumulate(int) accumulate(k)}, one micro-batch, and
     * the optimizer updates only on every k-th call.
     *
     * @param x inputs; not modified
     * @param y targets; not modified
     * @return the batch's loss before the update (not scaled by 1/k)
     * @throws NonFiniteLossException when the loss is NaN or infinite (parameters are then left untouched,
     *     and gradients accumulated from earlier micro-batches stay pending)
     */
    public double step(INDArray x, INDArray y) {
        return run(x, y, false).loss();
    }

    /**
     * {@link #step}, also returning the prediction (for accuracy, say), which the caller owns.
     *
     * @param x inputs; not modified
     * @param y targets; not modified
     * @return the batch's loss before the update and the network's prediction for it
     * @throws NonFiniteLossException when the loss is NaN or infinite (parameters are then left untouched,
     *     and gradients accumulated from earlier micro-batches stay pending)
     */
    public Step stepAndPredict(INDArray x, INDArray y) {
        return run(x, y, true);
    }

    /** The prediction, when kept, is detached from the step's workspace; otherwise null. */
    private Step run(INDArray x, INDArray y, boolean keepPrediction) {
        long n = ++steps;
        lastStepUpdated = false;
        try (MemoryWorkspace step = Workspaces.step()) {
            // forward may change buffers (BatchNorm's running statistics): a rejected step puts them back
            List<Buffer> buffers = net.buffers();
            INDArray[] before = snapshot(buffers);
            INDArray prediction;
            double value;
            try {
                prediction = net.forward(x);
                value = loss.forward(y, prediction);
                if (!Double.isFinite(value)) {
                    throw new NonFiniteLossException(loss, value);
                }
            } catch (RuntimeException e) {
                restore(buffers, before);
                throw e;
            }
            INDArray delta = loss.backward(y, prediction);
            net.backward(x, accumulate == 1 ? delta : delta.mul(1.0 / accumulate), false);
            pending++;
            if (pending == accumulate) {
                update();
            }
            return new Step(value, keepPrediction ? prediction.detach() : null);
        } catch (RuntimeException e) {
            throw Workspaces.explain(e, "Optim.step (step " + n + ")");
        }
    }

    /** Clipping, the optimizer's step and zeroed gradients, inside the step's workspace. */
    private void update() {
        List<Parameter> parameters = net.parameters();
        if (!Double.isNaN(clipValue)) {
            GradientClipping.clipGradValue(parameters, clipValue);
        }
        if (!Double.isNaN(maxNorm)) {
            lastGradNorm = GradientClipping.clipGradNorm(parameters, maxNorm, normType);
        }
        optimizer.step(parameters);
        net.zeroGrad();
        pending = 0;
        lastStepUpdated = true;
    }

    /** Copies of the buffers' values, in the step's workspace (they are needed only until it ends). */
    private static INDArray[] snapshot(List<Buffer> buffers) {
        INDArray[] copies = new INDArray[buffers.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = buffers.get(i).value().dup();
        }
        return copies;
    }

    private static void restore(List<Buffer> buffers, INDArray[] copies) {
        for (int i = 0; i < copies.length; i++) {
            buffers.get(i).set(copies[i]);
        }
    }

    /**
     * The network this step trains.
     *
     * @return the network given to the constructor
     */
    public Module net() {
        return net;
    }

    /**
     * The loss this step minimizes.
     *
     * @return the loss given to the constructor
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The optimizer that updates the network's parameters.
     *
     * @return the optimizer given to (or built by) the constructor
     */
    public Optimizer optimizer() {
        return optimizer;
    }
}
