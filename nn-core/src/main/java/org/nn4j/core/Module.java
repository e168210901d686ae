package org.nn4j.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.optim.GradientDescent;

/**
 * A piece of a network that computes its own forward pass and its own gradients, as in
 * Lua Torch's {@code nn}.
 *
 * <p>For a batch {@code input} and {@code delta} = dL/d(output of this module):
 * <ul>
 *   <li>{@link #forward} returns the output;</li>
 *   <li>{@link #backwardUpdateGradient} <em>adds</em> dL/dθ to every parameter's gradient
 *       (gradients accumulate until {@link #zeroGrad()});</li>
 *   <li>{@link #backwardDelta} returns dL/dinput.</li>
 * </ul>
 * A module may cache what {@code forward} computed, but stays correct whichever of the two
 * backward calls comes first, and never hands out an array that it later overwrites.
 * Arrays passed in are never modified; arrays returned belong to the caller.
 *
 * <p>Layout is batch-first: the first axis of every input is the batch. A batch of 0 is valid, as in
 * PyTorch: {@code forward} returns an empty output of the right shape, {@code backwardDelta} an empty
 * dL/dinput, and nothing is added to the gradients (a loss rejects it: it has nothing to average).
 * Inputs are floating-point (float32 or float64): a module computes in its input's dtype, which must be
 * its parameters' dtype, and {@code delta} comes in that dtype too; an integer input or a delta of another
 * dtype is rejected with an {@link IllegalArgumentException} that names the module and the dtypes. (The exception is
 * {@code org.nn4j.layers.Embedding}, whose input is integer indices: it computes in its weight's dtype.) The
 * kernels check the size of every array they allocate against JavaCPP's native-memory limit
 * ({@code -Dorg.bytedeco.javacpp.maxbytes}, the JVM's {@code -Xmx} by default) and throw an
 * {@link OutOfMemoryError} that says how much was asked for, before anything is allocated.
 *
 * <p><b>Keeping state across steps.</b> Training steps ({@link Optim#step} and the
 * {@link org.nn4j.core.train.Trainer}'s loop) run in a reused ND4J workspace ({@link Workspaces}): every
 * array created during a step, in {@code forward} or in a backward call, lives in memory that the next step
 * overwrites. A module may cache such an array for the backward pass of the same step; anything it reads in a
 * later step (a running mean, a counter, a moving average) is a {@link Buffer}, returned by {@link #buffers()}:
 * <pre>{@code
 * private final Buffer average = new Buffer("average", Nd4j.zeros(DataType.FLOAT, features));
 *
 * @Override
 * public List<Buffer> buffers() {
 *     return List.of(average);
 * }
 * // in forward: average.set(average.value().mul(0.9).addi(input.mean(0).muli(0.1)));
 * }</pre>
 * A buffer lives outside every workspace ({@link Buffer#set} copies into it), is saved in checkpoints and is
 * cast by {@link #to}. A scratch array that is not state (memory reused from step to step) is created with
 * {@link Workspaces#outside} and updated in place. A module that keeps a step's array in a plain field and
 * reads it in the next step makes that step fail with an {@link IllegalStateException} that says so;
 * {@code ModuleContract.keepsStateAcrossSteps} ({@code org.nn4j.core.testing}) finds the mistake in a test.
 *
 * <p><b>Threads.</b> Modules are not synchronized; what may run at the same time:
 * <ul>
 *   <li><em>Different models in different threads</em>, training or not: safe. Nothing is shared between two
 *       modules that were built separately; the native kernels keep their per-call state (oneDNN streams and
 *       primitives, step workspaces, cached columns of ones) per thread. Two models trained in two threads give
 *       the same results as each trained alone.</li>
 *   <li><em>One model, {@link #forward} only, in {@link #eval()} mode</em>, from several threads (a thread pool
 *       serving requests): each call only reads the parameters and buffers, and gives the same output, bit for
 *       bit, as the same call on one thread. Put the model in eval mode and load its weights <em>before</em>
 *       the threads start (or hand it over through a lock or a concurrent queue), and change neither while
 *       they run. ({@link Sequential} records each module's input for a backward pass in a list of the
 *       call's own, published whole, so concurrent forwards never write to one list; a backward pass after
 *       concurrent forwards is not meaningful.)</li>
 *   <li><em>One model in {@link #train()} mode from two threads</em>: not supported, not even forward alone.
 *       A training-mode forward stores state that the backward pass of the same thread then reads, and that a
 *       second thread overwrites: Sequential's inputs of the last forward, Dropout's mask and its mask counter,
 *       BatchNorm's batch statistics and its running statistics (updated in place on every forward).
 *       Gradients accumulate in place into each {@link Parameter}'s one gradient array, and an optimizer (and
 *       {@link Optim}, which holds one) keeps one state per parameter. Train a model from one thread at a
 *       time; for data parallelism, train copies and combine their parameters yourself.</li>
 *   <li><em>Handing a model over</em> (train in one thread, then serve it from others) is safe across any
 *       happens-before edge: {@link Thread#start()}, {@link Thread#join()}, a lock, a concurrent queue.</li>
 * </ul>
 * Each thread that runs a kernel builds its own native state on first use: serve from a pool of long-lived
 * threads rather than a new thread per request.
 */
public abstract class Module {

    static {
        Nn4jRuntime.configure();
    }

    private boolean training = true;

    /**
     * The output for a batch.
     *
     * @param input batch-first input; not modified
     * @return a new array the caller owns
     * @throws IllegalArgumentException when the shape or dtype does not fit the module
     */
    public abstract INDArray forward(INDArray input);

    /**
     * Adds dL/dθ for every parameter to its gradient. Modules without parameters do nothing.
     *
     * @param input the input given to {@link #forward}; not modified
     * @param delta dL/d(output), shaped like the output; not modified
     */
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
    }

    /**
     * dL/dinput.
     *
     * @param input the input given to {@link #forward}; not modified
     * @param delta dL/d(output), shaped like the output; not modified
     * @return a new array shaped like {@code input}, which the caller owns
     */
    public abstract INDArray backwardDelta(INDArray input, INDArray delta);

    /**
     * Both halves of the backward pass in one call: accumulates the parameter gradients and,
     * when {@code needInputDelta}, returns dL/dinput (otherwise {@code null}). Containers
     * override this to skip dL/dinput of their first module when nobody asks for it.
     *
     * @param input          the input given to {@link #forward}; not modified
     * @param delta          dL/d(output); not modified
     * @param needInputDelta whether to compute dL/dinput
     * @return dL/dinput, a new array the caller owns, or null when not asked for
     */
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        backwardUpdateGradient(input, delta);
        return needInputDelta ? backwardDelta(input, delta) : null;
    }

    /**
     * Plain gradient step on every parameter that is not frozen: {@code θ -= lr · dL/dθ}.
     *
     * @param learningRate the step size lr
     */
    public void updateParameters(double learningRate) {
        new GradientDescent(learningRate).step(parameters());
    }

    /** Sets every parameter's gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * The trainable tensors of this module and its children; empty for activations.
     *
     * @return the parameters, in a fixed order
     */
    public List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Parameters keyed by their path in the network ({@code "weight"}, or {@code "0.weight"},
     * {@code "3.bias"} inside a {@link Sequential}), as PyTorch's {@code state_dict} names them.
     *
     * @return the parameters by path, in {@link #parameters()} order
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            named.put(p.name(), p);
        }
        return named;
    }

    /**
     * The state this module and its children keep across steps that is not trained ({@link Buffer}):
     * BatchNorm's running statistics, say. Empty for most modules. A module that keeps an array from
     * one step to the next keeps it in a buffer and returns it here, so that it is saved in
     * checkpoints and cast by {@link #to}.
     *
     * @return the buffers, in a fixed order
     */
    public List<Buffer> buffers() {
        return List.of();
    }

    /**
     * Buffers keyed by their path in the network ({@code "running_mean"}, {@code "1.running_var"}),
     * as PyTorch's {@code state_dict} names them.
     *
     * @return the buffers by path, in {@link #buffers()} order
     */
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> named = new LinkedHashMap<>();
        for (Buffer b : buffers()) {
            named.put(b.name(), b);
        }
        return named;
    }

    /**
     * Casts every parameter and every floating-point buffer to {@code dataType}; returns {@code this}.
     * A module with other state overrides this, calls {@code super.to}, and drops or casts the rest.
     *
     * @param dataType the floating-point dtype to cast to
     * @return this module
     */
    public Module to(DataType dataType) {
        for (Parameter p : parameters()) {
            p.castTo(dataType);
        }
        for (Buffer b : buffers()) {
            b.castTo(dataType);
        }
        return this;
    }

    /**
     * Training mode (the default): Dropout drops, BatchNorm uses batch statistics.
     *
     * @return this module
     */
    public Module train() {
        training = true;
        return this;
    }

    /**
     * Evaluation mode: Dropout is the identity, BatchNorm uses running statistics.
     *
     * @return this module
     */
    public Module eval() {
        training = false;
        return this;
    }

    /**
     * Whether the module is in training mode.
     *
     * @return true after {@link #train()} (the default), false after {@link #eval()}
     */
    public boolean isTraining() {
        return training;
    }

    /**
     * Freezes every parameter: optimizers and {@link #updateParameters} skip them.
     *
     * @return this module
     */
    public Module freeze() {
        parameters().forEach(p -> p.setFrozen(true));
        return this;
    }

    /**
     * Unfreezes every parameter, so that optimizers train them again.
     *
     * @return this module
     */
    public Module unfreeze() {
        parameters().forEach(p -> p.setFrozen(false));
        return this;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
