package org.nn4j.spark;

import java.io.Serializable;

/**
 * Builds a fresh object (a network, a loss, an optimizer) wherever it is called: on the driver and
 * inside every Spark task. Spark serialises it with the task, so it must be {@link Serializable};
 * a lambda whose target type is this interface is, as long as what it captures is.
 *
 * <pre>{@code
 * Factory<Module> network = () -> new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * }</pre>
 *
 * <p>Each call must build the same architecture (the same names and shapes): the trainer overwrites
 * the parameters with the driver's every round, so the initial values of a task's copy do not matter.
 *
 * @param <T> what it builds
 */
@FunctionalInterface
public interface Factory<T> extends Serializable {

    /**
     * Builds a new instance.
     *
     * @return a new object, not shared with any earlier call
     */
    T create();
}
