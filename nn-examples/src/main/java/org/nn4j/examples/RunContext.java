package org.nn4j.examples;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What an experiment is given: its options, the folder it writes into, and the results it fills.
 *
 * @param quick   shrink the work to seconds (CI runs every experiment so)
 * @param seed    the seed every random choice derives from
 * @param dataDir where MNIST/USPS live ({@code --data}, {@code NN4J_DATA}, or {@code ./data})
 * @param outDir  the run's folder, created before the experiment starts
 */
public record RunContext(String name, boolean quick, long seed, Path dataDir, Path outDir, Results results) {

    /** A file in the run's folder. */
    public Path file(String fileName) {
        return outDir.resolve(fileName);
    }

    /** {@code full} normally, {@code quick} in quick mode. */
    public int pick(int full, int quickValue) {
        return quick ? quickValue : full;
    }

    /** A line of progress on standard output. */
    public void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
