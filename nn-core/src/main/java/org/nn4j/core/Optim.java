package org.nn4j.core;

import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 */
public class Optim {

    private final Module net;
    private final Loss loss;
    private final Optimizer optimizer;
    /** Steps begun, for the message of a step that reads an array of an earlier one. */
    private long steps;

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
     * One iteration's outcome: the batch's loss before the update, and the prediction it was computed from.
     *
     * @param loss the batch's loss before the update
     * @param prediction the network's output for the batch, outside any workspace; null when not kept
     */
    public record Step(double loss, INDArray prediction) {
    }

    /**
     * One iteration on a batch.
     *
     * @param x inputs; not modified
     * @param y targets; not modified
     * @return the batch's loss before the update
     * @throws NonFiniteLossException when the loss is NaN or infinite (parameters are then left untouched)
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
     * @throws NonFiniteLossException when the loss is NaN or infinite (parameters are then left untouched)
     */
    public Step stepAndPredict(INDArray x, INDArray y) {
        return run(x, y, true);
    }

    /** The prediction, when kept, is detached from the step's workspace; otherwise null. */
    private Step run(INDArray x, INDArray y, boolean keepPrediction) {
        long n = ++steps;
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
            net.backward(x, loss.backward(y, prediction), false);
            optimizer.step(net.parameters());
            net.zeroGrad();
            return new Step(value, keepPrediction ? prediction.detach() : null);
        } catch (RuntimeException e) {
            throw Workspaces.explain(e, "Optim.step (step " + n + ")");
        }
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
