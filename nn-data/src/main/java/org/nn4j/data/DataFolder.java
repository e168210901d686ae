package org.nn4j.data;

import java.nio.file.Path;

/**
 * Where the data sets live: {@code --data DIR} if given, else {@code $NN4J_DATA}, else
 * {@code ./data}. The folder holds {@code mnist/} and {@code usps/}.
 */
public final class DataFolder {

    /** The environment variable naming the data folder. */
    public static final String ENV = "NN4J_DATA";

    private DataFolder() {
    }

    /**
     * @param option the {@code --data} option's value, or null when not given
     * @return the folder to read data sets from (it may not exist yet)
     */
    public static Path resolve(String option) {
        if (option != null && !option.isBlank()) {
            return Path.of(option);
        }
        String env = System.getenv(ENV);
        return Path.of(env != null && !env.isBlank() ? env : "data");
    }
}
