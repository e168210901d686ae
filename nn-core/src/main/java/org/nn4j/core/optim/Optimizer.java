package org.nn4j.core.optim;

import java.util.List;
import org.nn4j.core.Parameter;

/**
 * Updates parameters from their accumulated gradients. An optimizer sees only
 * {@link Parameter}s and skips the frozen ones.
 */
public interface Optimizer {

    /** One update of every non-frozen parameter in {@code parameters}, in place. */
    void step(List<Parameter> parameters);

    /** The current step size. */
    double learningRate();

    /** Changes the step size (learning-rate schedules call this between epochs). */
    void setLearningRate(double learningRate);
}
