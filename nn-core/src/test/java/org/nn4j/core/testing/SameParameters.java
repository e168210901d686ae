package org.nn4j.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/** Bit-for-bit comparison of two networks' parameters, for nn-core's tests. */
public final class SameParameters {

    private SameParameters() {
    }

    /** Each parameter's values, in {@code net.parameters()} order. */
    public static List<double[]> values(Module net) {
        List<double[]> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().toDoubleVector()));
        return v;
    }

    /** Every parameter of {@code actual} equals the one at the same place in {@code expected}, exactly. */
    public static void assertSameParameters(Module expected, Module actual) {
        List<Parameter> e = expected.parameters();
        List<Parameter> a = actual.parameters();
        assertEquals(e.size(), a.size(), "number of parameters");
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).value().toDoubleVector(), a.get(i).value().toDoubleVector(), 0, "parameter " + i);
        }
    }
}
