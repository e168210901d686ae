package org.nn4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.ReLU;

/** {@link Initialiser#apply}: which parameters a name pattern reaches, their seeds, and the errors. */
class InitApplyTest {

    /** Parameters 0.weight, 0.bias, 2.block.0.weight, 2.block.0.bias, 4.weight, 4.bias. */
    private static Sequential net() {
        return new Sequential(new Conv2D(2, 3, 3), new ReLU(),
                new Residual(new Sequential(new Conv2D(3, 3, 3, 1, 1), new ReLU())), new Flatten(),
                new Linear(3 * 4 * 4, 5, true, 1));
    }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> v = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> v.put(k, TestArrays.values(p.value())));
        return v;
    }

    @Test
    void aGlobFillsTheMatchingParametersAndReturnsTheirPaths() {
        Sequential net = net();
        assertEquals(List.of("0.weight", "0.bias", "2.block.0.weight", "2.block.0.bias", "4.weight", "4.bias"),
                List.copyOf(net.namedParameters().keySet()));
        Map<String, double[]> before = values(net);
        List<String> filled = Init.kaimingNormal(Mode.FAN_OUT, Nonlinearity.RELU).seed(7).apply(net, "*.weight");
        assertEquals(List.of("0.weight", "2.block.0.weight", "4.weight"), filled);
        Map<String, double[]> after = values(net);
        for (String bias : new String[] {"0.bias", "2.block.0.bias", "4.bias"}) {
            assertArrayEquals(before.get(bias), after.get(bias), 0, bias);
        }
        for (String weight : filled) {
            Parameter p = net.namedParameters().get(weight);
            INDArray expected = Init.kaimingNormal(Nd4j.create(DataType.FLOAT, p.shape()), 0, Mode.FAN_OUT,
                    Nonlinearity.RELU, Init.seedFor(7, weight));
            assertArrayEquals(TestArrays.values(expected), after.get(weight), 0, weight);
            assertEquals(DataType.FLOAT, p.value().dataType());
        }
        assertEquals(List.of("0.bias", "2.block.0.bias", "4.bias"), Init.zeros().apply(net, "*.bias"));
        assertEquals(0, net.namedParameters().get("2.block.0.bias").value().amaxNumber().doubleValue());
    }

    /** A parameter's values depend on the seed and its path only: not on what else matched, nor on the order. */
    @Test
    void eachParameterDrawsFromItsOwnSeedWhateverElseMatches() {
        Sequential all = net();
        Init.xavierUniform().seed(3).apply(all, "*.weight");
        Sequential one = net();
        Init.xavierUniform().seed(3).apply(one, "2.block.0.weight");
        Sequential reversed = net();
        Init.xavierUniform().seed(3).apply(reversed, "4.weight");
        Init.xavierUniform().seed(3).apply(reversed, "?.weight");
        Init.xavierUniform().seed(3).apply(reversed, "2.*.weight");
        for (String w : new String[] {"0.weight", "2.block.0.weight", "4.weight"}) {
            assertArrayEquals(values(all).get(w), values(reversed).get(w), 0, w);
        }
        assertArrayEquals(values(all).get("2.block.0.weight"), values(one).get("2.block.0.weight"), 0);
        assertFalse(Arrays.equals(values(all).get("0.weight"), values(net()).get("0.weight")));
        Sequential other = net();
        Init.xavierUniform().seed(4).apply(other, "*.weight");
        assertFalse(Arrays.equals(values(all).get("4.weight"), values(other).get("4.weight")), "another seed");
        assertFalse(Init.seedFor(3, "0.weight") == Init.seedFor(3, "4.weight"));
    }

    @Test
    void aGlobMatchesTheWholePathWithStarAndQuestionMarkOnly() {
        Linear lone = new Linear(3, 2, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.ones().apply(lone, "*.weight"));
        assertEquals("ones(): no parameter of Linear matches \"*.weight\"; its parameters are [weight, bias]", e.getMessage());
        assertEquals(List.of("weight"), Init.ones().apply(lone, "weight"));
        assertEquals(List.of("weight"), Init.ones().apply(lone, "*eight"));
        assertEquals(List.of("weight", "bias"), Init.ones().apply(lone, "*"));
        Sequential net = net();
        assertEquals(List.of("0.weight", "4.weight"), Init.ones().apply(net, "?.weight"));
        // '.' is a dot, not any character; brackets and '+' are themselves
        assertThrows(IllegalArgumentException.class, () -> Init.ones().apply(net, "0.weigh."));
        assertThrows(IllegalArgumentException.class, () -> Init.ones().apply(net, "[0-9].weight"));
        assertThrows(IllegalArgumentException.class, () -> Init.ones().apply(net, "0+weight"));
        assertEquals(List.of("2.block.0.weight", "2.block.0.bias"), Init.ones().apply(net, "2.block.*"));
    }

    @Test
    void aPredicateChoosesThePathsToo() {
        Sequential net = net();
        List<String> filled = Init.orthogonal(2).seed(5).apply(net, path -> path.endsWith("weight") && !path.startsWith("0."));
        assertEquals(List.of("2.block.0.weight", "4.weight"), filled);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.constant(0.5).apply(net, path -> path.isEmpty()));
        assertEquals("constant(value=0.5): no parameter of Sequential is accepted by the predicate; its parameters are"
                + " [0.weight, 0.bias, 2.block.0.weight, 2.block.0.bias, 4.weight, 4.bias]", e.getMessage());
    }

    @Test
    void nothingMatchedIsAnErrorListingTheParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingNormal(Mode.FAN_OUT, Nonlinearity.RELU).seed(7).apply(net(), "*.wieght"));
        assertEquals("kaimingNormal(a=0.0, mode=fan_out, nonlinearity=relu).seed(7): no parameter of Sequential matches"
                + " \"*.wieght\"; its parameters are [0.weight, 0.bias, 2.block.0.weight, 2.block.0.bias, 4.weight,"
                + " 4.bias]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.zeros().apply(new ReLU(), "*"));
        assertEquals("zeros(): no parameter of ReLU matches \"*\"; its parameters are []", e.getMessage());
    }

    /** A bias cannot take Kaiming (rank 1): the error names it, and no parameter changes, not even the weights before it. */
    @Test
    void aParameterTheFunctionRejectsIsNamedAndNothingChanges() {
        Sequential net = net();
        Map<String, double[]> before = values(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingUniform(Mode.FAN_IN, Nonlinearity.RELU).seed(1).apply(net, "*"));
        assertEquals("kaimingUniform on parameter 0.bias: Fan in and fan out can not be computed for tensor with fewer"
                + " than 2 dimensions, found shape [3]", e.getMessage());
        Map<String, double[]> after = values(net);
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0, k));
    }

    @Test
    void parametersAreFilledInPlaceFrozenOrNotAndErrorsNameThem() {
        Linear linear = new Linear(4, 3, true, 2);
        linear.weight().setFrozen(true);
        INDArray live = linear.weight().value();
        assertEquals(linear.weight(), Init.xavierNormal(linear.weight(), 1, 6));
        assertSame(live, linear.weight().value());
        assertArrayEquals(TestArrays.values(Init.xavierNormal(Nd4j.create(DataType.FLOAT, 3, 4), 1, 6)),
                TestArrays.values(live), 0);
        Init.constant(linear.bias(), 0.1);
        assertEquals(0.1f, linear.bias().value().getFloat(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingUniform(linear.bias(), 0, Mode.FAN_IN, Nonlinearity.RELU, 1));
        assertEquals("kaimingUniform on parameter bias: Fan in and fan out can not be computed for tensor with fewer"
                + " than 2 dimensions, found shape [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(linear.bias(), 1, 1));
        assertEquals("orthogonal on parameter bias: Only tensors with 2 or more dimensions are supported, found shape [3]",
                e.getMessage());
    }

    /** Without a seed, a random initialiser takes a fresh seed from {@code Seeds} at every call. */
    @Test
    void withoutASeedEachCallDrawsAFreshSeed() {
        Sequential a = net();
        Sequential b = net();
        Initialiser init = Init.normal(0, 1);
        init.apply(a, "4.weight");
        init.apply(b, "4.weight");
        assertFalse(Arrays.equals(values(a).get("4.weight"), values(b).get("4.weight")));
        assertEquals("normal(mean=0.0, std=1.0)", init.toString());
        assertEquals("normal(mean=0.0, std=1.0).seed(3)", init.seed(3).toString());
        assertEquals("normal(mean=0.0, std=1.0)", init.toString(), "seed() returns a new initialiser");
    }
}
