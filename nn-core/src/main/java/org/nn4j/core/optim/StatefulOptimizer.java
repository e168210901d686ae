package org.nn4j.core.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Parameter;

/**
 * An optimizer with a learning rate and per-parameter state (named buffers and a step count, saved
 * in checkpoints): what Adam, RMSprop and Adagrad share.
 */
abstract class StatefulOptimizer implements Optimizer {

    private double learningRate;
    /** The buffers kept per parameter; named after the concrete class in error messages. */
    OptimizerState state;

    /**
     * @param learningRate the step size, finite and &ge; 0
     * @param names the buffers kept per parameter, besides {@code step}
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     */
    StatefulOptimizer(double learningRate, String... names) {
        GradientDescent.requireNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
        this.state = new OptimizerState(getClass().getSimpleName(), true, names);
    }

    /** Replaces the (still empty) state by one keeping {@code names}. */
    void keep(String... names) {
        state = new OptimizerState(getClass().getSimpleName(), true, names);
    }

    @Override
    public Map<String, INDArray> state(Parameter parameter) {
        return state.state(parameter);
    }

    @Override
    public Map<String, long[]> stateShapes(Parameter parameter) {
        return state.shapes(parameter);
    }

    @Override
    public void loadState(Parameter parameter, Map<String, INDArray> saved) {
        state.load(parameter, saved);
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        GradientDescent.requireNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }
}
