package org.nn4j.layers;

import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nn4j.core.Module;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.onednn.OneDnn;
import org.quicktheories.core.Gen;

/**
 * Every generic property of the module contract on every row of {@link ModuleSpecs}, over random cases
 * ({@value #EXAMPLES} per property and row, each run printing its seed), and every row's PyTorch fixtures.
 */
class ModuleContractTest {

    private static final int EXAMPLES = 12;

    /** The float32 cases run as a user's would: the log says whether that means oneDNN. */
    @BeforeAll
    static void printRuntime() {
        String why = OneDnn.unavailableReason();
        boolean on = Nn4jRuntime.config().oneDnn() && why == null;
        System.out.println("float32 runs on the default runtime: oneDNN called directly "
                + (on ? "where it has the kernel" : "nowhere (" + (why == null ? "switched off" : why) + ")"));
    }

    /** Every row, or with {@code -Dnn4j.spec=TEXT} only the rows whose name contains TEXT (e.g. "Pool"). */
    static Stream<ModuleSpecs.Spec> specs() {
        String only = System.getProperty("nn4j.spec");
        return ModuleSpecs.all().stream().filter(s -> only == null || only.isEmpty() || s.name().contains(only));
    }

    static Stream<Arguments> fixtures() {
        return specs().flatMap(s -> s.fixtures().stream().map(f -> Arguments.of(s, f)));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void float32AgreesWithFloat64(ModuleSpecs.Spec spec) {
        check(spec, "float32", ModuleContract::float32AgreesWithFloat64);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void otherMemoryLayoutsGiveTheSameResults(ModuleSpecs.Spec spec) {
        check(spec, "layouts", ModuleContract::layoutsGiveTheSameResults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void keepsStateAcrossTrainingSteps(ModuleSpecs.Spec spec) {
        check(spec, "state across steps", ModuleContract::keepsStateAcrossSteps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void anEmptyBatchGivesEmptyResultsAndChangesNothing(ModuleSpecs.Spec spec) {
        check(spec, "empty batch", ModuleContract::emptyBatch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aDeltaOfTheWrongShapeIsRejectedNamingBothShapes(ModuleSpecs.Spec spec) {
        check(spec, "wrong delta shape", ModuleContract::rejectsWrongDeltaShape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void mixedDtypesAreRejectedNamingTheModuleAndTheDtypes(ModuleSpecs.Spec spec) {
        check(spec, "mixed dtypes", ModuleContract::rejectsMixedDtypes);
    }

    /** In float64 (the ND4J reference) and in float32 (the fast paths) alike. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fixtures")
    void matchesThePyTorchFixture(ModuleSpecs.Spec spec, ModuleSpecs.Fixture fixture) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Module module = fixture.module().get();
            Reference.assertModuleMatches(module, fixture.name(), () -> fixture.buffers().apply(module), type);
        }
    }

    /** The examples are shared equally among the row's generators (one per rank for rank-agnostic rows). */
    private static void check(ModuleSpecs.Spec spec, String property, Consumer<ModuleCase> assertion) {
        long seed = TestArrays.testSeed(spec.name() + " " + property);
        List<Gen<ModuleCase>> generators = spec.cases();
        int each = Math.max(1, EXAMPLES / generators.size());
        for (Gen<ModuleCase> cases : generators) {
            qt().withFixedSeed(seed).withExamples(each).withShrinkCycles(0).forAll(cases).checkAssert(assertion);
        }
    }
}
