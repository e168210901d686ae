package org.nn4j.core;

/** A loss became NaN or infinite in {@link Optim#step}; the parameters were not updated. */
public class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The non-finite loss value. */
    private final double value;

    /**
     * @param loss  the loss that produced the value (named in the message)
     * @param value the non-finite loss value: NaN or ±infinity
     */
    public NonFiniteLossException(Loss loss, double value) {
        super(loss + " is " + value + " on this batch; parameters were not updated");
        this.value = value;
    }

    /** {@return the non-finite loss: NaN or ±infinity} */
    public double value() {
        return value;
    }
}
