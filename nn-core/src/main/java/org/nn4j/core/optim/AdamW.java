package org.nn4j.core.optim;

/**
 * Adam with decoupled weight decay, PyTorch 1.13's {@code torch.optim.AdamW}: before the Adam
 * update, {@code θ ← θ · (1 − lr · weightDecay)}, and the gradient is left without the L2 term.
 * Defaults are PyTorch's: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01.
 */
public class AdamW extends Adam {

    public AdamW() {
        this(1e-3);
    }

    public AdamW(double learningRate) {
        super(learningRate);
        weightDecay(0.01);
    }

    @Override
    protected boolean decoupled() {
        return true;
    }
}
