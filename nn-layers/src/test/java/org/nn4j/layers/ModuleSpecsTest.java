package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.CAddTable;
import org.nn4j.core.Concat;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.JoinTable;
import org.nn4j.core.Module;
import org.nn4j.core.ParallelTable;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.ModuleCase;
import org.quicktheories.core.Gen;

/** The table itself: it covers every module and every fixture, and its fixtures hold the hard cases they are named for. */
class ModuleSpecsTest {

    @Test
    void everyModuleOfTheLibraryHasARow() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> inTheTable = new TreeSet<>();
        for (ModuleSpecs.Spec spec : ModuleSpecs.all()) {
            for (Gen<ModuleCase> cases : spec.cases()) {
                addClasses(one(cases).factory().get(), inTheTable);
            }
        }
        Path classes = Path.of(ReLU.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes.resolve("org/nn4j/layers"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("org.nn4j.layers." + name, false, getClass().getClassLoader());
                if (Module.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())) {
                    modules.add(c.getSimpleName());
                }
            }
        }
        for (Class<?> container : new Class<?>[] {Sequential.class, Residual.class, Concat.class, Identity.class,
            ConcatTable.class, ParallelTable.class, CAddTable.class, JoinTable.class}) {
            modules.add(container.getSimpleName());
        }
        assertTrue(modules.size() > 15, "found only " + modules + " in " + classes);
        modules.removeAll(inTheTable);
        assertEquals(Set.of(), modules, "modules without a row in ModuleSpecs");
    }

    @Test
    void everyModuleFixtureIsNamedByARow() throws IOException, URISyntaxException {
        Set<String> named = ModuleSpecs.all().stream().flatMap(s -> s.fixtures().stream())
                .map(ModuleSpecs.Fixture::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of(Reference.class.getResource("/reference").toURI()))) {
            files = list.map(p -> p.getFileName().toString().replace(".npz", ""))
                    .filter(n -> !n.startsWith("loss_") && !n.startsWith("mse_")) // LossReferenceTest's
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> unnamed = new TreeSet<>(files);
        unnamed.removeAll(named);
        named.removeAll(files);
        assertEquals(Set.of(), unnamed, "fixture files that no row of ModuleSpecs names");
        assertEquals(Set.of(), named, "fixtures named in ModuleSpecs without a file: run src/test/python/make_reference.py");
    }

    @Test
    void rankAgnosticRowsReachEveryRankFrom2To5() {
        for (String row : new String[] {"ReLU", "LeakyReLU", "Sigmoid", "TanH", "Softmax", "LogSoftmax",
                "Dropout (frozen mask)", "Dropout (eval)", "Flatten", "ELU", "SELU", "GELU", "SiLU", "Softplus", "Hardtanh",
                "ReLU6", "Hardswish", "LogSigmoid", "PReLU", "Identity", "Reshape", "Permute", "Transpose", "Unsqueeze", "Narrow"}) {
            ModuleSpecs.Spec spec = ModuleSpecs.all().stream().filter(s -> s.name().equals(row)).findFirst().orElseThrow();
            Set<Integer> ranks = spec.cases().stream().map(g -> one(g).inputShape().length)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(2, 3, 4, 5), ranks, row);
        }
    }

    /** PyTorch's gradient at 0 is 0 for ReLU and the negative slope for LeakyReLU (ND4J's own lrelu_bp gives 1). */
    @Test
    void kinkFixturesHoldExactZerosWherePyTorchsGradientIsTheSlope() {
        Map<String, Double> slopes = Map.of("act_relu_zeros_3x5", 0.0, "act_relu_zeros_2x3x4x5", 0.0,
                "act_leakyrelu_slope0.01_3x5", 0.01, "act_leakyrelu_slope0.01_2x3x4x5", 0.01,
                "act_leakyrelu_slope0.2_3x5", 0.2, "act_leakyrelu_slope0.2_2x3x4x5", 0.2);
        slopes.forEach((fixture, slope) -> {
            Map<String, INDArray> f = Reference.load(fixture);
            double[] x = f.get("input").ravel().toDoubleVector();
            double[] delta = f.get("grad_output").ravel().toDoubleVector();
            double[] gradInput = f.get("grad_input").ravel().toDoubleVector();
            int zeros = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] == 0) {
                    zeros++;
                    assertEquals(slope * delta[i], gradInput[i], 1e-15, fixture + " at element " + i);
                }
            }
            assertTrue(zeros > 0 && f.get("input").minNumber().doubleValue() < 0 && f.get("input").maxNumber().doubleValue() > 0,
                    fixture + " holds " + zeros + " zeros");
        });
    }

    /**
     * The kink fixtures hold inputs exactly at each kink, where PyTorch 1.13's derivative is one-sided: α for ELU at 0,
     * scale·α for SELU, σ(threshold) at Softplus's threshold (the log branch still holds there), 0 at both bounds of
     * Hardtanh and ReLU6, −1/2 at −3 and 1 at 3 for Hardswish, the channel's weight for PReLU at 0.
     */
    @Test
    void kinkFixturesHoldInputsAtEveryKinkWithPyTorchsOneSidedDerivative() {
        record Kink(String fixture, double x, double slope) {
        }
        double seluSlope = org.nn4j.kernels.Elementwise.SELU_ALPHA * org.nn4j.kernels.Elementwise.SELU_SCALE;
        List<Kink> kinks = List.of(new Kink("act_elu_kinks_3x5", 0, 1), new Kink("act_elu_alpha0.5_kinks_2x3x2x3", 0, 0.5),
                new Kink("act_selu_kinks_3x5", 0, seluSlope),
                new Kink("act_softplus_threshold_3x7", 20, 1 / (1 + Math.exp(-20))),
                new Kink("act_softplus_beta2_threshold5_3x5", 2.5, 1 / (1 + Math.exp(-5))),
                new Kink("act_hardtanh_kinks_3x7", -1, 0), new Kink("act_hardtanh_kinks_3x7", 1, 0),
                new Kink("act_hardtanh_min-2_max0.5_kinks_2x3x4", -2, 0), new Kink("act_hardtanh_min-2_max0.5_kinks_2x3x4", 0.5, 0),
                new Kink("act_relu6_kinks_3x7", 0, 0), new Kink("act_relu6_kinks_3x7", 6, 0),
                new Kink("act_relu6_kinks_2x3x2x3", 0, 0), new Kink("act_relu6_kinks_2x3x2x3", 6, 0),
                new Kink("act_hardswish_kinks_3x7", -3, -0.5), new Kink("act_hardswish_kinks_3x7", 3, 1),
                new Kink("act_hardswish_kinks_2x3x2x3", -3, -0.5), new Kink("act_hardswish_kinks_2x3x2x3", 3, 1));
        for (Kink k : kinks) {
            Map<String, INDArray> f = Reference.load(k.fixture());
            double[] x = f.get("input").ravel().toDoubleVector();
            double[] delta = f.get("grad_output").ravel().toDoubleVector();
            double[] gradInput = f.get("grad_input").ravel().toDoubleVector();
            int at = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] == k.x()) {
                    at++;
                    assertEquals(k.slope() * delta[i], gradInput[i], 1e-15, k + " at element " + i);
                }
            }
            assertTrue(at > 0, k + ": no input at the kink");
        }
        double[] atThreshold = Reference.load("act_softplus_threshold_3x7").get("output").ravel().toDoubleVector();
        double[] in = Reference.load("act_softplus_threshold_3x7").get("input").ravel().toDoubleVector();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == 20) {
                assertEquals(Math.log1p(Math.exp(20)), atThreshold[i], 1e-12, "Softplus at its threshold (not 20)");
            }
        }
        for (String fixture : new String[] {"act_prelu_kinks_3x5", "act_prelu_channels3_kinks_2x3x2x3", "act_prelu_channels4_kinks_3x4"}) {
            Map<String, INDArray> f = Reference.load(fixture);
            long[] shape = f.get("input").shape();
            double[] weight = f.get("param.weight").ravel().toDoubleVector();
            double[] x = f.get("input").ravel().toDoubleVector();
            double[] delta = f.get("grad_output").ravel().toDoubleVector();
            double[] gradInput = f.get("grad_input").ravel().toDoubleVector();
            long inner = x.length / shape[0] / shape[1];
            int zeros = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] == 0) {
                    zeros++;
                    double w = weight.length == 1 ? weight[0] : weight[(int) (i / inner % shape[1])];
                    assertEquals(w * delta[i], gradInput[i], 1e-15, fixture + " at element " + i);
                }
            }
            assertTrue(zeros > 0, fixture + " holds no zeros");
        }
    }

    @Test
    void largeLogitFixturesHoldPlusMinus1000() {
        for (String fixture : new String[] {"act_softmax_large_3x4", "act_logsoftmax_large_3x4"}) {
            INDArray x = Reference.load(fixture).get("input");
            assertEquals(1000, x.maxNumber().doubleValue(), fixture);
            assertEquals(-1000, x.minNumber().doubleValue(), fixture);
        }
        // The row with −1000 has a log-probability near −2000, which a log of the softmax would make −∞.
        assertTrue(Reference.load("act_logsoftmax_large_3x4").get("output").minNumber().doubleValue() < -1000);
    }

    @Test
    void batchNormTrainFixtureMovesTheRunningStatistics() {
        Map<String, INDArray> f = Reference.load("bn_2d_train_2x3x4x5");
        // the fixture exercises the unbiased update of the running variance, not a no-op
        assertTrue(f.get("buffer_after.running_var").sub(f.get("buffer_before.running_var")).amaxNumber().doubleValue() > 1e-3);
        assertFalse(f.get("buffer_after.running_mean").equalsWithEps(f.get("buffer_before.running_mean"), 1e-6));
    }

    /** One case from {@code cases}. */
    private static ModuleCase one(Gen<ModuleCase> cases) {
        ModuleCase[] drawn = new ModuleCase[1];
        qt().withFixedSeed(1).withExamples(1).withShrinkCycles(0).forAll(cases).checkAssert(c -> drawn[0] = c);
        return drawn[0];
    }

    private static void addClasses(Module m, Set<String> into) {
        into.add(m.getClass().getSimpleName());
        if (m instanceof Sequential s) {
            s.modules().forEach(child -> addClasses(child, into));
        } else if (m instanceof Residual r) {
            addClasses(r.block(), into);
            addClasses(r.shortcut(), into);
        } else if (m instanceof Concat c) {
            c.branches().forEach(child -> addClasses(child, into));
        } else if (m instanceof ConcatTable c) {
            c.branches().forEach(child -> addClasses(child, into));
        } else if (m instanceof ParallelTable p) {
            p.branches().forEach(child -> addClasses(child, into));
        }
    }
}
