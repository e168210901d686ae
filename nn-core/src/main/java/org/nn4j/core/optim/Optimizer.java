package org.nn4j.core.optim;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Parameter;

/**
 * Updates parameters from their accumulated gradients. An optimizer sees only
 * {@link Parameter}s and skips the frozen ones.
 *
 * <p>Optimizers with memory (momentum, Adam's moments) keep it per parameter, keyed by the
 * {@link Parameter} object, and expose it for checkpoints through {@link #state},
 * {@link #stateShapes} and {@link #loadState}, under PyTorch's names
 * ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}, {@code step}).
 */
public interface Optimizer {

    /**
     * One update of every non-frozen parameter in {@code parameters}, in place.
     *
     * @param parameters the parameters to update, with their gradients accumulated; frozen ones are skipped
     */
    default void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (!p.isFrozen()) {
                update(p);
            }
        }
    }

    /**
     * One update of {@code parameter} from its gradient, in place; {@link #step} skips frozen ones before calling it.
     *
     * @param parameter the parameter whose value is updated; its gradient is read, not modified
     */
    void update(Parameter parameter);

    /**
     * The current step size.
     *
     * @return the learning rate the next update uses
     */
    double learningRate();

    /**
     * Changes the step size (learning-rate schedules call this between epochs).
     *
     * @param learningRate the new learning rate, finite and &ge; 0
     * @throws IllegalArgumentException when {@code learningRate} is negative, infinite or NaN
     *     (as {@link GradientDescent} and {@link Adam} check)
     */
    void setLearningRate(double learningRate);

    /**
     * The state kept for {@code parameter}, keyed by PyTorch's names; empty when the optimizer
     * keeps none or has not stepped this parameter yet.
     *
     * @param parameter a parameter this optimizer updates
     * @return the live arrays (not copies): read them, do not modify them
     */
    default Map<String, INDArray> state(Parameter parameter) {
        return Map.of();
    }

    /**
     * The names and shapes of the state {@link #loadState} expects for {@code parameter}
     * (an empty shape is a scalar); empty for stateless optimizers.
     *
     * @param parameter a parameter this optimizer updates
     * @return each state entry's name mapped to its shape
     */
    default Map<String, long[]> stateShapes(Parameter parameter) {
        return Map.of();
    }

    /**
     * Replaces the state of {@code parameter} by copies of {@code state} (cast to the
     * parameter's dtype), which must hold exactly the entries of {@link #stateShapes}.
     *
     * @param parameter the parameter whose state is replaced
     * @param state not modified
     * @throws IllegalArgumentException when names or shapes differ from {@link #stateShapes}
     */
    default void loadState(Parameter parameter, Map<String, INDArray> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(this + " keeps no state, found " + state.keySet()
                    + " for parameter " + parameter.name());
        }
    }
}
