package org.nn4j.examples;

/**
 * One experiment of the examples CLI. It trains and measures, records what it found in
 * {@link RunContext#results()}, and writes its pictures into {@link RunContext#outDir()}.
 */
public interface Experiment {

    /** The name given to {@code ./nn4j run}. */
    String name();

    /** One line for {@code ./nn4j list}. */
    String description();

    /**
     * The data sets it reads ("mnist", "usps"); empty for synthetic data. Tests skip an
     * experiment whose data sets are not in {@code NN4J_DATA}.
     */
    default java.util.Set<String> datasets() {
        return java.util.Set.of();
    }

    /**
     * Why the experiment cannot run on this machine (a tool it needs is missing), or null when it can. The CLI
     * prints the reason and stops; tests skip the experiment with it.
     */
    default String unavailable() {
        return null;
    }

    /**
     * The same experiment with another network, for {@code run NAME --model MODEL}; experiments
     * that offer no choice of network refuse.
     */
    default Experiment withModel(String model) {
        throw new IllegalArgumentException("Experiment '" + name() + "' has no --model option");
    }

    void run(RunContext context) throws Exception;
}
