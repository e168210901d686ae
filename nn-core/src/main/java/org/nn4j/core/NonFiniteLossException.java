package org.nn4j.core;

/**
 * A loss became NaN or infinite in {@link Optim#step}. The step was rejected before anything changed
 * for good: parameters, optimizer state and buffers (BatchNorm's running statistics) are as they were.
 */
public class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The non-finite loss value. */
    private final double value;

    /**
     * @param loss  the loss that produced the value (named in the message)
     * @param value the non-finite loss value: NaN or ±infinity
     */
    public NonFiniteLossException(Loss loss, double value) {
        super(loss + " is " + value + " on this batch; the step was rejected: parameters, buffers and optimizer state are unchanged");
        this.value = value;
    }

    /** {@return the non-finite loss: NaN or ±infinity} */
    public double value() {
        return value;
    }
}
