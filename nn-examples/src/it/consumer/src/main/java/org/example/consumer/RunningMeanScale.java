package org.example.consumer;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * A module written outside nn4j: {@code y = x ⊙ weight} per feature on {@code [N, F]}, which in
 * training mode also keeps the running mean of its input across steps (momentum 0.1, as BatchNorm),
 * in a {@link Buffer} so that it survives the training step's workspace and is saved in checkpoints.
 */
public class RunningMeanScale extends Module {

    private static final double MOMENTUM = 0.1;

    private final Parameter weight;
    private final Buffer runningMean;

    /** @param features F; the weights are drawn uniformly from [0.5, 1.5) with {@code seed} */
    public RunningMeanScale(int features, long seed) {
        Random random = new Random(seed);
        float[] w = new float[features];
        for (int i = 0; i < features; i++) {
            w[i] = 0.5f + random.nextFloat();
        }
        this.weight = new Parameter("weight", Nd4j.createFromArray(w));
        this.runningMean = new Buffer("running_mean", Nd4j.zeros(DataType.FLOAT, features));
    }

    @Override
    public INDArray forward(INDArray input) {
        if (isTraining()) {
            INDArray mean = input.mean(0);
            runningMean.set(runningMean.value().mul(1 - MOMENTUM).addi(mean.muli(MOMENTUM)));
        }
        return input.mul(weight.value().reshape(1, weight.value().length()));
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.mul(weight.value().reshape(1, weight.value().length()));
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        weight.grad().addi(delta.mul(input).sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(runningMean);
    }

    /** The running mean of the inputs seen in training mode. */
    public INDArray runningMean() {
        return runningMean.value();
    }

    @Override
    public String toString() {
        return "RunningMeanScale(" + weight.shape()[0] + ")";
    }
}
