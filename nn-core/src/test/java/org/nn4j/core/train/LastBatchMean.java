package org.nn4j.core.train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.testing.TestArrays;

/**
 * {@code y = x ⊙ w} on {@code [N, F]} in training, which remembers the mean of the last training batch in a plain
 * field (the mistake) and subtracts it in evaluation: {@code y = (x − mean) ⊙ w}. Training steps never read the
 * field; evaluation after training does.
 */
final class LastBatchMean extends Module {

    private final Parameter w;
    private INDArray mean;

    LastBatchMean(int features, long seed) {
        this.w = new Parameter("w", TestArrays.uniform(seed, DataType.FLOAT, features));
    }

    @Override
    public INDArray forward(INDArray input) {
        if (isTraining()) {
            mean = input.mean(0);
            return input.mulRowVector(w.value());
        }
        return input.subRowVector(mean).muliRowVector(w.value());
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.mulRowVector(w.value());
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        w.grad().addi(delta.mul(input).sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w);
    }
}
