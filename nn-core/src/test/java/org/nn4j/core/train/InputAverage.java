package org.nn4j.core.train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.testing.TestArrays;

/**
 * {@code y = x ⊙ w} on {@code [N, F]} that also keeps the running mean of its input over the batches it has
 * seen ({@code average ← 0.9·average + 0.1·mean₀(x)}, in every mode), as a user's module might. {@link Field}
 * keeps the average in a plain INDArray field, the mistake; {@link Buffered} keeps it in a {@link Buffer}.
 */
abstract class InputAverage extends Module {

    final Parameter w;

    InputAverage(int features, long seed) {
        this.w = new Parameter("w", TestArrays.uniform(seed, DataType.FLOAT, features));
    }

    abstract INDArray average();

    abstract void setAverage(INDArray a);

    @Override
    public INDArray forward(INDArray input) {
        setAverage(average().mul(0.9).addi(input.mean(0).muli(0.1)));
        return input.mul(w.value().reshape(1, w.value().length()));
    }

    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        return delta.mul(w.value().reshape(1, w.value().length()));
    }

    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        w.grad().addi(delta.mul(input).sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w);
    }

    /** The mistake: the field ends up holding an array created during a step. */
    static final class Field extends InputAverage {
        private INDArray average;

        Field(int features, long seed) {
            super(features, seed);
            average = Nd4j.zeros(DataType.FLOAT, features);
        }

        @Override
        INDArray average() {
            return average;
        }

        @Override
        void setAverage(INDArray a) {
            average = a;
        }

        @Override
        public Module to(DataType dataType) {
            super.to(dataType);
            average = average.castTo(dataType);
            return this;
        }
    }

    /** The same module done right: the average is a Buffer, which copies each new value into memory of its own. */
    static final class Buffered extends InputAverage {
        private final Buffer average;

        Buffered(int features, long seed) {
            super(features, seed);
            average = new Buffer("average", Nd4j.zeros(DataType.FLOAT, features));
        }

        @Override
        INDArray average() {
            return average.value();
        }

        @Override
        void setAverage(INDArray a) {
            average.set(a);
        }

        @Override
        public List<Buffer> buffers() {
            return List.of(average);
        }
    }
}
