package org.nn4j.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;

/**
 * The properties every module must have to work inside {@link org.nn4j.core.Sequential}, the optimizers and
 * the training loop, each checked on one {@link ModuleCase}. {@link #assertAll} runs them all; each is
 * also public, to run alone or over many cases (a property-testing library drawing random shapes, say).
 * A property that does not hold throws {@link AssertionError} with the case and what differs.
 *
 * <pre>{@code
 * @Test
 * void myModuleKeepsTheContract() {
 *     ModuleContract.assertAll(new ModuleCase("MyModule(4, 3)", () -> new MyModule(4, 3, 42),
 *             new long[] {5, 4}, new long[] {5, 3}, 7));
 * }
 * }</pre>
 *
 * <p>The properties, in the order {@link #assertAll} runs them:
 * <ul>
 *   <li>{@link #shapesFollowFormula}: the output has the shape the case predicts, dL/dinput the input's;</li>
 *   <li>{@link #keepsDataType}: float32 and float64 both run and stay in their dtype;</li>
 *   <li>{@link #deterministic}: the factory builds identical modules;</li>
 *   <li>{@link #gradientsAccumulateAndZero}: gradients add up until {@code zeroGrad()};</li>
 *   <li>{@link #backwardWithoutInputDelta}: {@code backward(x, δ, false)} gives the same parameter gradients;</li>
 *   <li>{@link #float32AgreesWithFloat64}: float32 computes what float64 does, within {@value #FLOAT32_TOLERANCE};</li>
 *   <li>{@link #layoutsGiveTheSameResults}: views and 'f'-ordered inputs give the same results;</li>
 *   <li>{@link #keepsStateAcrossSteps}: training steps in a reused workspace work (state is kept in
 *       {@link org.nn4j.core.Buffer}s);</li>
 *   <li>{@link #gradientsCheck}: the gradients equal finite differences ({@link GradientCheck}).</li>
 * </ul>
 */
public final class ModuleContract {

    /** Relative tolerance of float32 against float64, {@value}: about a thousand float32 roundings. */
    public static final double FLOAT32_TOLERANCE = 1e-4;
    /** Training steps run by {@link #keepsStateAcrossSteps}: {@value}. */
    public static final int STEPS = 4;

    private ModuleContract() {
    }

    /**
     * The analytic gradients (dL/dinput and every parameter's) equal finite differences, in float64
     * ({@link GradientCheck#check(Module, INDArray, long)} on a new module, the case's input and an upstream
     * gradient seeded {@code inputSeed + 1}); the message holds the whole report.
     *
     * @param c the case
     */
    public static void gradientsCheck(ModuleCase c) {
        GradientCheck.Report report = GradientCheck.check(c.factory().get(), c.input(DataType.DOUBLE), c.inputSeed() + 1);
        Expect.isTrue(report.passed(), () -> c + "\n" + report);
    }

    /**
     * In float32, {@code forward} returns {@link ModuleCase#outputShape()} and {@code backwardDelta} the
     * input's shape.
     *
     * @param c the case
     */
    public static void shapesFollowFormula(ModuleCase c) {
        Module m = c.factory().get();
        INDArray x = c.input(DataType.FLOAT);
        INDArray y = m.forward(x);
        Expect.sameShape(c.outputShape(), y.shape(), () -> "output shape of " + c);
        INDArray d = TestArrays.uniform(c.inputSeed() + 2, DataType.FLOAT, y.shape());
        Expect.sameShape(x.shape(), m.backwardDelta(x, d).shape(), () -> "backwardDelta shape of " + c);
    }

    /**
     * In float64, two {@code backwardUpdateGradient} calls with the same input and delta leave twice the
     * gradient of one (within 1e-12 relative), and {@code zeroGrad()} leaves every gradient zero: gradients
     * accumulate, as the optimizers and gradient accumulation over batches expect.
     *
     * @param c the case
     */
    public static void gradientsAccumulateAndZero(ModuleCase c) {
        Module m = c.factory().get().to(DataType.DOUBLE);
        INDArray x = c.input(DataType.DOUBLE);
        INDArray d = TestArrays.uniform(c.inputSeed() + 3, DataType.DOUBLE, m.forward(x).shape());
        m.zeroGrad();
        m.backwardUpdateGradient(x, d);
        List<INDArray> once = grads(m);
        m.backwardUpdateGradient(x, d);
        List<INDArray> twice = grads(m);
        for (int i = 0; i < once.size(); i++) {
            INDArray expected = once.get(i).mul(2);
            int index = i;
            Expect.isTrue(expected.equalsWithEps(twice.get(i), 1e-12 * (1 + expected.amaxNumber().doubleValue())),
                    () -> "parameter " + index + " of " + c + " did not accumulate 2x");
        }
        m.zeroGrad();
        for (Parameter p : m.parameters()) {
            Expect.equal(0.0, p.grad().amaxNumber().doubleValue(), () -> "zeroGrad left a gradient in " + p + " of " + c);
        }
    }

    /**
     * After {@code to(FLOAT)} and {@code to(DOUBLE)}, the module runs on input of that dtype, and its output,
     * dL/dinput and parameter gradients are of that dtype: a module never changes the dtype it was given.
     *
     * @param c the case
     */
    public static void keepsDataType(ModuleCase c) {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Module m = c.factory().get().to(t);
            INDArray x = c.input(t);
            INDArray y = m.forward(x);
            Expect.equal(t, y.dataType(), () -> "forward dtype of " + c);
            INDArray d = TestArrays.uniform(c.inputSeed() + 4, t, y.shape());
            Expect.equal(t, m.backwardDelta(x, d).dataType(), () -> "backwardDelta dtype of " + c);
            m.backwardUpdateGradient(x, d);
            for (Parameter p : m.parameters()) {
                Expect.equal(t, p.grad().dataType(), () -> "gradient dtype of " + p + " in " + c);
            }
        }
    }

    /**
     * Two modules from the case's factory compute equal outputs for the same float32 input (so the factory's
     * seed fixes every random initialisation).
     *
     * @param c the case
     */
    public static void deterministic(ModuleCase c) {
        INDArray x = c.input(DataType.FLOAT);
        INDArray a = c.factory().get().forward(x);
        INDArray b = c.factory().get().forward(x);
        Expect.equal(a, b, () -> "two modules from the same seed differ: " + c);
    }

    /**
     * {@code backward(x, δ, false)}, what {@link org.nn4j.core.Sequential} asks of its first module,
     * accumulates the same parameter gradients as {@code backward(x, δ, true)} and returns no
     * dL/dinput; in float32 too, where a module may take another kernel for it (Conv2D does). Within 1e-10
     * relative in float64 and 1e-4 in float32.
     *
     * @param c the case
     */
    public static void backwardWithoutInputDelta(ModuleCase c) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Module full = c.factory().get().to(type);
            Module first = c.factory().get().to(type);
            INDArray x = c.input(type);
            INDArray d = TestArrays.uniform(c.inputSeed() + 3, type, full.forward(x).shape());
            first.forward(x);
            full.zeroGrad();
            first.zeroGrad();
            Expect.isTrue(full.backward(x, d, true) != null, () -> c + " returned no dL/dinput when asked");
            Expect.isTrue(first.backward(x, d, false) == null, () -> c + " returned a dL/dinput nobody asked for");
            List<INDArray> expected = grads(full);
            List<INDArray> actual = grads(first);
            double tolerance = type == DataType.DOUBLE ? 1e-10 : 1e-4;
            for (int i = 0; i < expected.size(); i++) {
                double scale = 1 + expected.get(i).amaxNumber().doubleValue();
                double diff = expected.get(i).sub(actual.get(i)).amaxNumber().doubleValue();
                int index = i;
                Expect.isTrue(diff <= tolerance * scale, () -> "parameter " + index + " of " + c + " in " + type
                        + " differs by " + diff + " without dL/dinput");
            }
        }
    }

    /**
     * float32, run as a user runs it (where oneDNN or another fast path has the kernel, it takes it), agrees with
     * float64, which always takes the ND4J reference: the same seeded module twice, the same input and delta (drawn in
     * float64, cast to float32, and the float32 values given to both). Output, dL/dinput and every parameter gradient,
     * from the two halves of the backward pass and from {@code backward(x, δ, true)}, agree within
     * {@value #FLOAT32_TOLERANCE}·max(1, max|float64|).
     *
     * @param c the case
     */
    public static void float32AgreesWithFloat64(ModuleCase c) {
        INDArray x = c.input(DataType.DOUBLE).castTo(DataType.FLOAT);
        Module single = c.factory().get();
        Module dbl = c.factory().get().to(DataType.DOUBLE);
        INDArray d = TestArrays.uniform(c.inputSeed() + 5, DataType.DOUBLE, single.forward(x).shape()).castTo(DataType.FLOAT);
        Pass expected = Pass.run(dbl, x.castTo(DataType.DOUBLE), d.castTo(DataType.DOUBLE));
        Pass actual = Pass.run(single, x, d);
        expected.assertClose(actual, FLOAT32_TOLERANCE, c + " in float32 against float64");
    }

    /**
     * The input and delta given in other memory layouts ({@link TestArrays#otherLayouts}: an 'f'-ordered copy, a dense
     * view at an offset, a strided view with two axes swapped in memory, sub-arrays of larger 'f'- and c-ordered arrays at
     * an odd offset; the memory around each view holds NaN) give the
     * same output, dL/dinput and parameter gradients, from the two halves of the backward pass and from
     * {@code backward(x, δ, true)}, as the c-ordered arrays: within 1e-12 relative in float64 and 1e-5 in float32, where
     * another layout may take another kernel.
     *
     * @param c the case
     */
    public static void layoutsGiveTheSameResults(ModuleCase c) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = c.input(type);
            Module first = c.factory().get().to(type);
            INDArray d = TestArrays.uniform(c.inputSeed() + 6, type, first.forward(x).shape());
            Pass expected = Pass.run(first, x, d);
            Map<String, INDArray> inputs = TestArrays.otherLayouts(x);
            Map<String, INDArray> deltas = TestArrays.otherLayouts(d);
            for (String layout : inputs.keySet()) {
                Pass actual = Pass.run(c.factory().get().to(type), inputs.get(layout), deltas.get(layout));
                expected.assertClose(actual, type == DataType.DOUBLE ? 1e-12 : 1e-5,
                        c + " in " + type + ", input and delta as " + layout);
            }
        }
    }

    /**
     * The module can be trained: {@value #STEPS} training steps, each inside {@link Workspaces#step()} as
     * {@link org.nn4j.core.Optim#step} runs them (forward, backward, {@code updateParameters(1e-3)},
     * zeroGrad), on inputs of the case (drawn from seeds {@code inputSeed + 1, + 2, …}), in the mode and dtype
     * the factory builds. Fails, with what to do instead, when a step reads an array that an earlier step
     * created (a module that keeps state in a plain field), and when one of {@link Module#namedBuffers()} is
     * left attached to a workspace after a step. A module built in training mode then runs one forward in
     * evaluation mode, inside {@link Workspaces#evaluation()}, which must not read an array of the training
     * steps either (running statistics, say). Workspaces are switched on for the check, even under
     * {@code -Dnn4j.workspaces=false}.
     *
     * <p>A module passes when whatever it keeps from one step to the next is in a {@link Buffer} (returned by
     * {@link Module#buffers()}) or was created with {@link Workspaces#outside}; an array it caches for the
     * backward pass of the same step is fine.
     *
     * @param c the case
     */
    public static void keepsStateAcrossSteps(ModuleCase c) {
        boolean wasEnabled = Workspaces.isEnabled();
        Workspaces.setEnabled(true);
        try {
            Module m = c.factory().get();
            DataType type = m.parameters().isEmpty() ? DataType.FLOAT : m.parameters().get(0).value().dataType();
            for (int step = 1; step <= STEPS; step++) {
                INDArray x = c.inputMaker().make(c.inputSeed() + step, type, c.inputShape());
                try (MemoryWorkspace ws = Workspaces.step()) {
                    INDArray y = m.forward(x);
                    INDArray d = TestArrays.uniform(c.inputSeed() + 100 + step, y.dataType(), y.shape());
                    m.backward(x, d, true);
                    m.updateParameters(1e-3);
                    m.zeroGrad();
                } catch (RuntimeException e) {
                    RuntimeException explained = Workspaces.explain(e, "training step " + step + " of " + c);
                    if (explained != e) {
                        throw new AssertionError(explained.getMessage(), e);
                    }
                    throw e;
                }
                for (Map.Entry<String, Buffer> b : m.namedBuffers().entrySet()) {
                    int n = step;
                    Expect.isTrue(!b.getValue().value().isAttached(), () -> "buffer " + b.getKey() + " of " + c
                            + " is attached to workspace " + b.getValue().value().data().getParentWorkspace().getId()
                            + " after training step " + n + ": give it a new value with Buffer.set, which copies into"
                            + " memory of its own");
                }
            }
            if (m.isTraining()) {
                INDArray x = c.inputMaker().make(c.inputSeed() + STEPS + 1, type, c.inputShape());
                m.eval();
                try (MemoryWorkspace ws = Workspaces.evaluation()) {
                    m.forward(x);
                } catch (RuntimeException e) {
                    RuntimeException explained = Workspaces.explain(e, "evaluation after " + STEPS + " training steps of " + c);
                    if (explained != e) {
                        throw new AssertionError(explained.getMessage(), e);
                    }
                    throw e;
                } finally {
                    m.train();
                    Workspaces.releaseEvaluation();
                }
            }
        } finally {
            Workspaces.setEnabled(wasEnabled);
        }
    }

    /**
     * Every property of the contract, in this order: {@link #shapesFollowFormula}, {@link #keepsDataType},
     * {@link #deterministic}, {@link #gradientsAccumulateAndZero}, {@link #backwardWithoutInputDelta},
     * {@link #float32AgreesWithFloat64}, {@link #layoutsGiveTheSameResults}, {@link #keepsStateAcrossSteps},
     * {@link #gradientsCheck}. Stops at the first that fails.
     *
     * @param c the case
     * @throws AssertionError naming the case and what failed
     */
    public static void assertAll(ModuleCase c) {
        shapesFollowFormula(c);
        keepsDataType(c);
        deterministic(c);
        gradientsAccumulateAndZero(c);
        backwardWithoutInputDelta(c);
        float32AgreesWithFloat64(c);
        layoutsGiveTheSameResults(c);
        keepsStateAcrossSteps(c);
        gradientsCheck(c);
    }

    /**
     * What a module computes for one input and delta, as values by name: forward, then backwardDelta, then (after
     * zeroGrad) backwardUpdateGradient, then (after zeroGrad) both halves in one {@code backward(x, δ, true)} call.
     */
    private record Pass(Map<String, long[]> shapes, Map<String, double[]> values) {

        static Pass run(Module m, INDArray x, INDArray d) {
            Pass pass = new Pass(new LinkedHashMap<>(), new LinkedHashMap<>());
            pass.put("output", m.forward(x));
            pass.put("dL/dinput", m.backwardDelta(x, d));
            m.zeroGrad();
            m.backwardUpdateGradient(x, d);
            m.namedParameters().forEach((name, p) -> pass.put("gradient of " + name, p.grad()));
            m.zeroGrad();
            pass.put("dL/dinput from backward(x, δ, true)", m.backward(x, d, true));
            m.namedParameters().forEach((name, p) -> pass.put("gradient of " + name + " from backward(x, δ, true)", p.grad()));
            return pass;
        }

        private void put(String name, INDArray a) {
            shapes.put(name, a.shape());
            values.put(name, TestArrays.values(a));
        }

        void assertClose(Pass actual, double relative, String what) {
            Expect.equal(values.keySet(), actual.values.keySet(), () -> what);
            for (String name : values.keySet()) {
                Expect.sameShape(shapes.get(name), actual.shapes.get(name), () -> what + ": shape of " + name);
                TestArrays.assertClose(what + ": " + name, values.get(name), actual.values.get(name), relative);
            }
        }
    }

    private static List<INDArray> grads(Module m) {
        List<INDArray> g = new ArrayList<>();
        m.parameters().forEach(p -> g.add(p.grad().dup()));
        return g;
    }
}
