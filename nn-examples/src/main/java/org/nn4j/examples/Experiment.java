package org.nn4j.examples;

/** One runnable experiment of the examples CLI. */
public interface Experiment {

    /** The options every experiment takes. */
    record Options(boolean quick, long seed) {
    }

    String name();

    String description();

    void run(Options options);
}
