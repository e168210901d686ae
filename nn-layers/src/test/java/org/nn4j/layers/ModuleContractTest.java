package org.nn4j.layers;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;

/** Every generic property of the module contract, on every row of {@link ModuleSpecs}, over random shapes. */
class ModuleContractTest {

    private static final int EXAMPLES = 12;

    static Stream<ModuleSpecs.Spec> specs() {
        return ModuleSpecs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void gradientsMatchFiniteDifferences(ModuleSpecs.Spec spec) {
        check(spec, "gradients", ModuleContract::gradientsCheck);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void shapesFollowTheFormula(ModuleSpecs.Spec spec) {
        check(spec, "shapes", ModuleContract::shapesFollowFormula);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void gradientsAccumulateAndZero(ModuleSpecs.Spec spec) {
        check(spec, "accumulation", ModuleContract::gradientsAccumulateAndZero);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void backwardWithoutInputDeltaGivesTheSameParameterGradients(ModuleSpecs.Spec spec) {
        check(spec, "first module", ModuleContract::backwardWithoutInputDelta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void float32AndFloat64KeepTheirDtype(ModuleSpecs.Spec spec) {
        check(spec, "dtype", ModuleContract::keepsDataType);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void seededModulesAreDeterministic(ModuleSpecs.Spec spec) {
        check(spec, "determinism", ModuleContract::deterministic);
    }

    private static void check(ModuleSpecs.Spec spec, String property, Consumer<ModuleCase> assertion) {
        long seed = TestArrays.testSeed(spec.name() + " " + property);
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(0).forAll(spec.cases()).checkAssert(assertion);
    }
}
