package org.nn4j.examples;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of experiments the CLI can list and run. */
public final class Experiments {

    private Experiments() {
    }

    public static List<Experiment> all() {
        return List.of(new Quickstart());
    }

    public static Experiment byName(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No experiment named '" + name + "'; known: "
                        + all().stream().map(Experiment::name).collect(Collectors.joining(", "))));
    }
}
