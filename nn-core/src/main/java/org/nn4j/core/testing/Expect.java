package org.nn4j.core.testing;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/** The kit's checks: each throws {@link AssertionError} (a failure to JUnit and every other test runner) with its message. */
final class Expect {

    private Expect() {
    }

    static void isTrue(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }

    static void equal(Object expected, Object actual, Supplier<String> message) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(message.get() + " ==> expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    static void equal(double expected, double actual, Supplier<String> message) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual) && expected != actual) {
            throw new AssertionError(message.get() + " ==> expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    static void sameShape(long[] expected, long[] actual, Supplier<String> message) {
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError(message.get() + " ==> expected: " + Arrays.toString(expected)
                    + " but was: " + Arrays.toString(actual));
        }
    }
}
