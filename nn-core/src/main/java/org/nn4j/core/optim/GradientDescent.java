package org.nn4j.core.optim;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/** Plain gradient descent: {@code θ ← θ − lr · dL/dθ}. */
public class GradientDescent implements Optimizer {

    private double learningRate;

    public GradientDescent(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("GradientDescent: learning rate must be positive and finite, found " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (!p.isFrozen()) {
                // θ += (−lr)·g in place: no temporary the size of θ.
                Nd4j.getBlasWrapper().level1().axpy(p.value().length(), -learningRate, p.grad(), p.value());
            }
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public String toString() {
        return "GradientDescent(lr=" + learningRate + ")";
    }
}
