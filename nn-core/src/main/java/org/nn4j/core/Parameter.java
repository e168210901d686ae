package org.nn4j.core;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable tensor and the gradient accumulated for it.
 *
 * <p>{@link #value()} and {@link #grad()} are the live arrays, updated in place by optimizers
 * and by {@link Module#backwardUpdateGradient}; both are c-ordered and never views, so they
 * can be exchanged with NumPy/PyTorch as they are. A frozen parameter keeps its value: every
 * optimizer skips it.
 */
public final class Parameter {

    private final String name;
    private INDArray value;
    private INDArray grad;
    private boolean frozen;

    /**
     * @param name  the name within its module, e.g. {@code "weight"}
     * @param value the initial value; kept (not copied), so the caller must not reuse it
     */
    public Parameter(String name, INDArray value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.grad = value.ulike();
        this.grad.assign(0);
    }

    /** @return the name within its module, e.g. {@code "weight"} */
    public String name() {
        return name;
    }

    /** {@return the live value: modified in place by optimizers} */
    public INDArray value() {
        return value;
    }

    /** {@return the live accumulated gradient dL/dvalue, shaped like the value} */
    public INDArray grad() {
        return grad;
    }

    /** @return true when every optimizer skips this parameter (its value stays as it is) */
    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Freezes or unfreezes this parameter; optimizers skip a frozen parameter. Its gradient is still
     * accumulated by {@link Module#backwardUpdateGradient}.
     *
     * @param frozen true to keep the value fixed during training
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** One memset: {@code assign(0)} is a native op and two new ND4J objects, per parameter and step. */
    public void zeroGrad() {
        Nd4j.getMemoryManager().memset(grad);
    }

    /** @return the shape of the value (a new array; modifying it changes nothing) */
    public long[] shape() {
        return value.shape();
    }

    /**
     * Copies {@code newValue} into this parameter, keeping its dtype.
     *
     * @param newValue not modified
     * @throws IllegalArgumentException when the shapes differ
     */
    public void set(INDArray newValue) {
        if (!Arrays.equals(value.shape(), newValue.shape())) {
            throw new IllegalArgumentException("Parameter " + name + ": expected shape "
                    + Arrays.toString(value.shape()) + ", found " + Arrays.toString(newValue.shape()));
        }
        value.assign(newValue);
    }

    /** Replaces value and gradient by copies in {@code dataType} (no-op when already so). */
    void castTo(DataType dataType) {
        if (value.dataType() != dataType) {
            value = value.castTo(dataType);
            grad = grad.castTo(dataType);
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape()) + (frozen ? " (frozen)" : "");
    }
}
