package org.nn4j.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Buffer;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.kernels.BatchNormKernel;

/**
 * Batch normalisation over axis 1 (features or channels), shared by {@link BatchNorm1D} and
 * {@link BatchNorm2D}; exactly PyTorch's {@code BatchNorm*d(C, eps, momentum, affine=True)}:
 * {@code output = (input − mean) / √(var + eps) · weight + bias}, per channel c, the statistics taken
 * over every axis but 1.
 *
 * <p>In {@link #train()} mode mean and (biased) var are the batch's, and each forward updates
 * {@code running_mean ← (1 − momentum)·running_mean + momentum·mean} and
 * {@code running_var ← (1 − momentum)·running_var + momentum·var·m/(m − 1)} (unbiased, m values per
 * channel). With momentum {@code null} (PyTorch's {@code momentum=None}) the running statistics are instead the
 * cumulative average over every training batch seen: the k-th batch (k = num_batches_tracked after counting it)
 * updates them with the factor 1/k in place of momentum. In {@link #eval()} mode the running statistics are used
 * instead.
 *
 * <p>weight {@code [C]} (init 1), bias {@code [C]} (init 0), and three {@link Buffer}s, named, shaped
 * and ordered as PyTorch's: running_mean {@code [C]} (init 0), running_var {@code [C]} (init 1), and
 * num_batches_tracked, an int64 scalar counting the training-mode forwards. They are saved in
 * checkpoints with the parameters ({@code 1.running_mean}, …) and a PyTorch {@code state_dict} of
 * the same network loads into them; {@link #to} casts the two statistics, the counter stays int64.
 */
public abstract class BatchNorm extends Module {

    private final String name;
    private final int channels;
    private final double eps;
    private final double momentum; // NaN: the cumulative average (momentum null)
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;
    // The batch statistics of the last training-mode forward and the input they came from, so that
    // backward on that same input (the contract: not modified in between) need not reduce it again.
    private INDArray statsInput;
    private Stats statsOfInput;

    /** @param momentum in [0, 1], or null for the cumulative average */
    BatchNorm(String name, int channels, double eps, Double momentum) {
        if (channels < 1) {
            throw new IllegalArgumentException(name + ": the number of features must be at least 1, found " + channels);
        }
        if (!(eps > 0) || momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": expected eps > 0 and momentum in [0, 1] or null, found eps="
                    + eps + ", momentum=" + momentum);
        }
        this.name = name;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum == null ? Double.NaN : momentum;
        this.weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, channels));
        this.bias = new Parameter("bias", Nd4j.zeros(DataType.FLOAT, channels));
        this.runningMean = new Buffer("running_mean", Nd4j.zeros(DataType.FLOAT, channels));
        this.runningVar = new Buffer("running_var", Nd4j.ones(DataType.FLOAT, channels));
        this.numBatchesTracked = new Buffer("num_batches_tracked", Nd4j.scalar(0L));
        reset();
    }

    /**
     * Sets weight 1, bias 0, running_mean 0, running_var 1, num_batches_tracked 0, as PyTorch.
     *
     * @return {@code this}
     */
    public BatchNorm reset() {
        weight.value().assign(1);
        bias.value().assign(0);
        runningMean.value().assign(0);
        runningVar.value().assign(1);
        numBatchesTracked.value().assign(0);
        return this;
    }

    /**
     * Normalises with the batch's statistics (training) or the running ones (eval); in training
     * mode also updates the running statistics in place and counts the batch in num_batches_tracked.
     *
     * @param input {@code [N, C, …]}; not modified
     * @return a new array shaped like {@code input}
     */
    @Override
    public INDArray forward(INDArray input) {
        check(input);
        statsInput = null;
        if (input.isEmpty()) { // as PyTorch: an empty output, the running statistics unchanged, the batch counted
            if (isTraining()) {
                numBatchesTracked.value().addi(1);
            }
            return Nd4j.create(input.dataType(), input.shape());
        }
        INDArray fastOutput = null;
        Stats s;
        if (isTraining() && BatchNormKernel.fast(input, null)) {
            requireTwoValuesPerChannel(input);
            BatchNormKernel.Forward f = BatchNormKernel.forward(input, weight.value(), bias.value(), eps);
            s = new Stats(f.mean(), f.var(), Transforms.pow(f.var().add(eps), -0.5, false));
            fastOutput = f.output();
        } else {
            s = stats(input);
        }
        if (isTraining()) {
            statsInput = input;
            statsOfInput = s;
            long m = input.length() / channels;
            numBatchesTracked.value().addi(1);
            // As PyTorch, the cumulative average counts this batch before weighting it: 1/k for the k-th.
            double factor = Double.isNaN(momentum) ? 1.0 / numBatchesTracked() : momentum;
            // PyTorch's running_var is unbiased: the batch's var times m/(m − 1).
            runningMean.value().muli(1 - factor).addi(s.mean.mul(factor));
            runningVar.value().muli(1 - factor).addi(s.var.mul(factor * m / (m - 1)));
        }
        if (fastOutput != null) {
            return fastOutput;
        }
        // (x − mean)·invStd·weight + bias folded into one scale and one shift per channel: two big ops.
        INDArray scale = s.invStd.mul(weight.value());
        INDArray shift = bias.value().sub(s.mean.mul(scale));
        return input.mul(perChannel(scale, input)).addi(perChannel(shift, input));
    }

    /**
     * Training mode, with x̂ = (x − mean)·invStd and m values per channel (mean and var depend on x):
     * {@code dL/dx = weight·invStd · (delta − mean(delta) − x̂·mean(delta ⊙ x̂))}, the means per channel.
     * Eval mode (running statistics are constants): {@code dL/dx = weight·invStd·delta}.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return backward(input, delta, false, true);
    }

    /**
     * {@code grad weight += Σ delta ⊙ x̂}, {@code grad bias += Σ delta}, the sums over every axis but 1.
     *
     * @param input not modified
     * @param delta not modified
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        backward(input, delta, true, false);
    }

    /** Both halves share x̂ and the per-channel sums. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        return backward(input, delta, true, needInputDelta);
    }

    private INDArray backward(INDArray input, INDArray delta, boolean updateGradient, boolean needInputDelta) {
        check(input);
        Checks.requireDelta(name, input.shape(), input, delta);
        if (input.isEmpty()) { // nothing to add to the gradients
            return needInputDelta ? Nd4j.create(input.dataType(), input.shape()) : null;
        }
        boolean cached = isTraining() && input == statsInput && Workspaces.isLive(statsOfInput.invStd());
        Stats s = cached ? statsOfInput : stats(input);
        if (isTraining() && BatchNormKernel.fast(input, delta)) {
            BatchNormKernel.Gradients g = BatchNormKernel.backward(input, s.mean, s.var, delta, weight.value(),
                    bias.value(), eps);
            if (updateGradient) {
                weight.grad().addi(g.weight().reshape(channels));
                bias.grad().addi(g.bias().reshape(channels));
            }
            return needInputDelta ? g.input() : null;
        }
        INDArray scale = perChannel(s.invStd.mul(weight.value()), input); // weight·invStd, [1, C, 1, …]
        if (!isTraining() && !updateGradient) {
            return needInputDelta ? delta.mul(scale) : null; // the running statistics are constants
        }
        int[] axes = reductionAxes(input);
        INDArray xHat = input.sub(perChannel(s.mean, input)).muli(perChannel(s.invStd, input)); // [N, C, …]
        INDArray sumDelta = delta.sum(axes);                                                    // [C]
        INDArray sumDeltaXHat = delta.mul(xHat).sum(axes);                                      // [C]
        if (updateGradient) {
            weight.grad().addi(sumDeltaXHat);
            bias.grad().addi(sumDelta);
        }
        if (!needInputDelta) {
            return null;
        }
        if (!isTraining()) {
            return delta.mul(scale);
        }
        // In the forward pass x̂ depended on x through mean and var too, hence the two mean terms.
        double m = input.length() / channels;
        INDArray gradInput = xHat.muli(perChannel(sumDeltaXHat.divi(-m), input));
        return gradInput.addi(delta).subi(perChannel(sumDelta.divi(m), input)).muli(scale);
    }

    /** Batch statistics in training mode (biased var), running statistics in eval mode. */
    private Stats stats(INDArray input) {
        if (!isTraining()) {
            INDArray mean = runningMean.value();
            INDArray var = runningVar.value();
            return new Stats(mean, var, Transforms.pow(var.add(eps), -0.5, false));
        }
        requireTwoValuesPerChannel(input);
        int[] axes = reductionAxes(input);
        INDArray mean = input.mean(axes);
        INDArray var = input.var(false, axes);
        return new Stats(mean, var, Transforms.pow(var.add(eps), -0.5, false));
    }

    private void requireTwoValuesPerChannel(INDArray input) {
        if (input.length() / channels < 2) {
            throw new IllegalArgumentException(name + ": expected more than 1 value per channel when training,"
                    + " found input shape " + Checks.shape(input) + " (use eval() for a single example)");
        }
    }

    private record Stats(INDArray mean, INDArray var, INDArray invStd) {
    }

    /** Throws unless the input's layout fits (rank, channel count); subclasses name the layouts they take. */
    abstract void checkLayout(INDArray input);

    private void check(INDArray input) {
        checkLayout(input);
        Checks.requireDataType(name, input, weight.value().dataType());
    }

    /** Every axis but 1. */
    private static int[] reductionAxes(INDArray input) {
        int[] axes = new int[input.rank() - 1];
        axes[0] = 0;
        for (int d = 2; d < input.rank(); d++) {
            axes[d - 1] = d;
        }
        return axes;
    }

    /** {@code [C]} as {@code [1, C, 1, …]}, broadcastable against the input (a view, no copy). */
    private static INDArray perChannel(INDArray v, INDArray input) {
        long[] shape = new long[input.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = v.length();
        return v.reshape(shape);
    }

    /** Casts the parameters and the running statistics (num_batches_tracked stays int64). */
    @Override
    public Module to(DataType dataType) {
        super.to(dataType);
        statsInput = null;
        return this;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** running_mean, running_var and num_batches_tracked, in PyTorch's order. */
    @Override
    public List<Buffer> buffers() {
        return List.of(runningMean, runningVar, numBatchesTracked);
    }

    /** {@return the per-channel scale {@code [C]} (PyTorch's {@code weight}, γ)} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the per-channel shift {@code [C]} (PyTorch's {@code bias}, β)} */
    public Parameter bias() {
        return bias;
    }

    /**
     * {@return the live running mean {@code [C]}, the running_mean buffer's value} Training-mode
     * forwards update it in place; it may be assigned to.
     */
    public INDArray runningMean() {
        return runningMean.value();
    }

    /**
     * {@return the live running (unbiased) variance {@code [C]}, the running_var buffer's value}
     * Training-mode forwards update it in place; it may be assigned to.
     */
    public INDArray runningVar() {
        return runningVar.value();
    }

    /**
     * {@return how many training-mode forwards have updated the running statistics since
     * construction or {@link #reset()}, the num_batches_tracked buffer's value}
     */
    public long numBatchesTracked() {
        return numBatchesTracked.value().getLong(0);
    }

    /**
     * {@return the weight of each batch in the running statistics, or null when they are the cumulative average over
     * every training batch (PyTorch's {@code momentum=None})}
     */
    public Double momentum() {
        return Double.isNaN(momentum) ? null : momentum;
    }

    /** {@return the number of features or channels C, the size of axis 1} */
    public int channels() {
        return channels;
    }

    /** {@return what is added to the variance before its square root} */
    public double eps() {
        return eps;
    }

    @Override
    public String toString() {
        String m = Double.isNaN(momentum) ? ", momentum=null" : momentum != 0.1 ? ", momentum=" + momentum : "";
        return name + "(" + channels + (eps != 1e-5 ? ", eps=" + eps : "") + m
                + ")";
    }
}
