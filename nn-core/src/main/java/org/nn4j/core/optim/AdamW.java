package org.nn4j.core.optim;

/**
 * Adam with decoupled weight decay, PyTorch 1.13's {@code torch.optim.AdamW}: before the Adam
 * update, {@code θ ← θ · (1 − lr · weightDecay)}, and the gradient is left without the L2 term.
 * Defaults are PyTorch's: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01.
 */
public class AdamW extends Adam {

    /** AdamW with PyTorch's defaults: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01. */
    public AdamW() {
        this(1e-3);
    }

    /**
     * AdamW with PyTorch's default betas, ε and weight decay (0.01).
     *
     * @param learningRate the step size lr, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     */
    public AdamW(double learningRate) {
        super(learningRate);
        weightDecay(0.01);
    }

    @Override
    protected boolean decoupled() {
        return true;
    }
}
