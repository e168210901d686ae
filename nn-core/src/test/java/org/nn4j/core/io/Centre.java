package org.nn4j.core.io;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.testing.TestArrays;

/**
 * A minimal module with buffers for nn-core's own tests: {@code y = x − running_mean + b} on
 * {@code [N, F]}. Each training-mode forward moves running_mean halfway to the batch's mean and
 * adds 1 to {@code count} (an int64 scalar), as BatchNorm does with its statistics. Without bias
 * it has buffers and no parameter.
 */
public final class Centre extends Module {

    private final Parameter b;
    private final Buffer runningMean;
    private final Buffer count;

    public Centre(int features, long seed, boolean withBias) {
        this.b = withBias ? new Parameter("b", TestArrays.uniform(seed, DataType.FLOAT, features)) : null;
        this.runningMean = new Buffer("running_mean", TestArrays.uniform(seed + 1, DataType.FLOAT, features));
        this.count = new Buffer("count", Nd4j.scalar(0L));
    }

    @Override
    public INDArray forward(INDArray input) {
        if (isTraining()) {
            runningMean.value().muli(0.5).addi(input.mean(0).muli(0.5));
            count.value().addi(1);
        }
        INDArray y = input.sub(runningMean.value().reshape(1, runningMean.value().length()));
        return b == null ? y : y.addi(b.value().reshape(1, b.value().length()));
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.dup();
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        if (b != null) {
            b.grad().addi(delta.sum(0));
        }
    }

    @Override
    public List<Parameter> parameters() {
        return b == null ? List.of() : List.of(b);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(runningMean, count);
    }

    /** Copies of every buffer's value, in order. */
    public static List<INDArray> bufferValues(Module net) {
        List<INDArray> v = new ArrayList<>();
        net.buffers().forEach(buffer -> v.add(buffer.value().dup()));
        return v;
    }
}
