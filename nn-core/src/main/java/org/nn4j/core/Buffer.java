package org.nn4j.core;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * State a module keeps from one training step to the next that is not trained: BatchNorm's
 * running statistics, a counter, a moving average. PyTorch calls these buffers
 * ({@code register_buffer}); like parameters they are saved in checkpoints under their path in the
 * network ({@code 1.running_mean}) and cast by {@link Module#to}, but no optimizer touches them.
 *
 * <p>This is the one safe place for an array that must outlive a step. Training steps run in a
 * reused ND4J workspace ({@link Workspaces}): an array created during a step is overwritten by the
 * next one, so a module that keeps such an array in a field fails a few steps later. A buffer's
 * array is always created outside any workspace, and {@link #set} copies into it.
 *
 * <pre>{@code
 * private final Buffer average = new Buffer("average", Nd4j.zeros(DataType.FLOAT, features));
 * public List<Buffer> buffers() { return List.of(average); }
 * // in forward: average.set(average.value().mul(0.9).addi(input.mean(0).muli(0.1)));
 * }</pre>
 */
public final class Buffer {

    private final String name;
    private INDArray value;

    /**
     * @param name    the name within its module, e.g. {@code "running_mean"}
     * @param initial the initial value; copied (outside any workspace), not modified
     */
    public Buffer(String name, INDArray initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = detachedCopy(Objects.requireNonNull(initial, "initial"), initial.dataType());
    }

    /**
     * The name within its module.
     *
     * @return the name given to the constructor, e.g. {@code "running_mean"}
     */
    public String name() {
        return name;
    }

    /**
     * The live value: read it, or update it in place (it lives outside every workspace).
     *
     * @return the buffer's array itself, not a copy
     */
    public INDArray value() {
        return value;
    }

    /**
     * The shape of the value.
     *
     * @return the shape of {@link #value()}
     */
    public long[] shape() {
        return value.shape();
    }

    /**
     * Copies {@code newValue} into this buffer, keeping its dtype. When the shapes differ the buffer
     * takes a new array of the new shape (still outside every workspace).
     *
     * @param newValue not modified; may live in a step's workspace
     */
    public void set(INDArray newValue) {
        if (Arrays.equals(value.shape(), newValue.shape())) {
            value.assign(newValue);
        } else {
            value = detachedCopy(newValue, value.dataType());
        }
    }

    /** Casts floating-point buffers to {@code dataType}; integer ones (counters) keep theirs, as in PyTorch. */
    void castTo(DataType dataType) {
        if (value.dataType().isFPType() && value.dataType() != dataType) {
            value = detachedCopy(value, dataType);
        }
    }

    private static INDArray detachedCopy(INDArray a, DataType dataType) {
        return Workspaces.outside(() -> a.castTo(dataType).dup('c'));
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape());
    }
}
