package org.nn4j.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data sets live: {@code --data DIR} if given, else {@code $NN4J_DATA}, else
 * {@code ./data}. The folder holds {@code mnist/}, {@code fashion-mnist/} and {@code usps/}.
 */
public final class DataFolder {

    /** The environment variable naming the data folder. */
    public static final String ENV = "NN4J_DATA";

    private DataFolder() {
    }

    /**
     * The data folder: {@code option}, else {@code $NN4J_DATA}, else {@code ./data}.
     *
     * @param option the {@code --data} option's value, or null when not given
     * @return the folder to read data sets from (it may not exist yet)
     * @throws DataFileException when that path exists and is not a directory, naming where it came from
     */
    public static Path resolve(String option) {
        return resolve(option, System.getenv(ENV));
    }

    /** {@link #resolve(String)} with the environment variable's value given. */
    static Path resolve(String option, String env) {
        Path folder;
        String from;
        if (option != null && !option.isBlank()) {
            folder = Path.of(option);
            from = "--data " + option;
        } else if (env != null && !env.isBlank()) {
            folder = Path.of(env);
            from = "$" + ENV + "=" + env;
        } else {
            folder = Path.of("data");
            from = "the default ./data";
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new DataFileException("The data folder " + folder.toAbsolutePath() + " (from " + from
                    + ") is not a directory: it is a file");
        }
        return folder;
    }
}
