package org.nn4j.core;

import java.util.SplittableRandom;

/**
 * The global seed source, like {@code torch.manual_seed}: modules built without an explicit
 * seed draw theirs from here, so a program that calls {@link #manualSeed} once builds the
 * same network every run.
 */
public final class Seeds {

    private static SplittableRandom source = new SplittableRandom(0x6e6e346aL);

    private Seeds() {
    }

    /**
     * Restarts the sequence of seeds handed to modules.
     *
     * @param seed the new starting point; the same seed gives the same sequence of module seeds
     */
    public static synchronized void manualSeed(long seed) {
        source = new SplittableRandom(seed);
    }

    /** {@return the next seed of the sequence} */
    public static synchronized long next() {
        return source.nextLong();
    }
}
