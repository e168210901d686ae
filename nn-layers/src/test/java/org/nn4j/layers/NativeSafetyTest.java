package org.nn4j.layers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nn4j.core.Module;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;

/**
 * The spec table's modules under glibc's heap checking: Surefire's {@code native-safety} execution (nn-layers/pom.xml,
 * part of {@code mvn -B verify}) runs this class alone, in a JVM started with {@code MALLOC_CHECK_=3},
 * {@code MALLOC_PERTURB_} and, since glibc 2.34 moved the checking out of libc, {@code LD_PRELOAD=libc_malloc_debug.so.0}.
 * glibc then aborts the JVM on a heap overrun it detects, a double free or a free of a bad pointer, and fills allocated and
 * freed memory with a pattern, so that a kernel reading memory it never wrote, or memory already freed, gives values
 * that disagree with the reference. Every row runs forward and both backward passes on one case per generator (every
 * rank), in every memory layout ({@link TestArrays#otherLayouts}), in float32 on the fast paths and float64, over four
 * training steps in a workspace, and against its PyTorch fixtures; every array nn4j hands to native code is checked by
 * {@link org.nn4j.kernels.Extents} on the way.
 *
 * <p>Outside that execution (no {@code MALLOC_CHECK_=3}), or where glibc's debugging library is missing, the class is
 * skipped and says why.
 */
class NativeSafetyTest {

    /** glibc moved {@code MALLOC_CHECK_} into {@code libc_malloc_debug.so} in this version. */
    private static final int DEBUG_LIBRARY_SINCE_MINOR = 34;

    /** Why glibc's heap checking is not active in this JVM, or null when it is. */
    private static String notActive;

    @BeforeAll
    static void findWhetherHeapCheckingIsOn() throws IOException {
        String glibc = glibcVersion();
        Matcher v = Pattern.compile("(\\d+)\\.(\\d+)").matcher(glibc);
        boolean needsLibrary = !v.find() || Integer.parseInt(v.group(1)) > 2
                || Integer.parseInt(v.group(2)) >= DEBUG_LIBRARY_SINCE_MINOR;
        String maps = Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
        if (!"3".equals(System.getenv("MALLOC_CHECK_"))) {
            notActive = "NativeSafetyTest runs in Surefire's native-safety execution (mvn -B verify), whose JVM has"
                    + " MALLOC_CHECK_=3; this JVM has MALLOC_CHECK_=" + System.getenv("MALLOC_CHECK_");
        } else if (needsLibrary && !maps.contains("libc_malloc_debug")) {
            notActive = "glibc's heap checking is not active: " + glibc + " checks MALLOC_CHECK_ only with"
                    + " libc_malloc_debug.so.0 preloaded, and LD_PRELOAD=" + System.getenv("LD_PRELOAD") + " did not load"
                    + " it (install glibc's libc_malloc_debug.so.0, which Debian and Ubuntu ship in libc6)";
        }
        System.out.println(notActive != null ? "native safety SKIPPED: " + notActive
                : "native safety: " + glibc + ", MALLOC_CHECK_=3, MALLOC_PERTURB_=" + System.getenv("MALLOC_PERTURB_")
                        + (needsLibrary ? ", libc_malloc_debug.so.0 loaded" : ""));
    }

    /** Reported as skipped, with the reason, when the JVM does not run under glibc's heap checking. */
    @Test
    void heapCheckingIsOn() {
        assumeTrue(notActive == null, () -> notActive);
    }

    /** {@code glibc 2.36}, as {@code getconf GNU_LIBC_VERSION} says, or why it is unknown. */
    private static String glibcVersion() {
        try {
            ProcessBuilder getconf = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").redirectError(ProcessBuilder.Redirect.DISCARD);
            getconf.environment().remove("LD_PRELOAD"); // whose failure to load would be printed
            Process p = getconf.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : "an unknown glibc (getconf GNU_LIBC_VERSION failed)";
        } catch (IOException e) {
            return "an unknown glibc (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown glibc (interrupted)";
        }
    }

    /** Every row: one case per generator for each property that runs native kernels, then the row's fixtures. */
    @TestFactory
    List<DynamicTest> everyRowUnderHeapChecking() {
        assumeTrue(notActive == null, () -> notActive);
        List<DynamicTest> tests = new ArrayList<>();
        List<Map.Entry<String, Consumer<ModuleCase>>> properties = List.of(
                Map.entry("layouts", ModuleContract::layoutsGiveTheSameResults),
                Map.entry("float32", ModuleContract::float32AgreesWithFloat64),
                Map.entry("state across steps", ModuleContract::keepsStateAcrossSteps));
        for (ModuleSpecs.Spec spec : ModuleSpecs.all()) {
            for (Map.Entry<String, Consumer<ModuleCase>> p : properties) {
                tests.add(DynamicTest.dynamicTest(spec.name() + ": " + p.getKey(), () -> {
                    long seed = TestArrays.testSeed(spec.name() + " " + p.getKey() + " (native safety)");
                    for (Gen<ModuleCase> cases : spec.cases()) {
                        qt().withFixedSeed(seed).withExamples(1).withShrinkCycles(0).forAll(cases).checkAssert(p.getValue());
                    }
                }));
            }
            for (ModuleSpecs.Fixture fixture : spec.fixtures()) {
                tests.add(DynamicTest.dynamicTest(spec.name() + ": " + fixture.name(), () -> {
                    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                        Module module = fixture.module().get();
                        Reference.assertModuleMatches(module, fixture.name(), () -> fixture.buffers().apply(module), type);
                    }
                }));
            }
        }
        return tests;
    }
}
