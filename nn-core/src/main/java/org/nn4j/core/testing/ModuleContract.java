package org.nn4j.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
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
 *
 * <p>Three more properties hold every module of nn4j to its error handling; {@link #assertAll} leaves them out, since
 * they expect the behaviour and messages of {@link org.nn4j.core.Checks} (run them when a module checks with it):
 * <ul>
 *   <li>{@link #emptyBatch}: a batch of 0 gives empty outputs and dL/dinput and changes no gradient or running
 *       statistic, as in PyTorch;</li>
 *   <li>{@link #rejectsWrongDeltaShape}: a delta not shaped like the output is rejected, naming the module and both
 *       shapes, before anything reads it;</li>
 *   <li>{@link #rejectsMixedDtypes}: a delta of another dtype, an input of another dtype than the parameters and an
 *       integer input are rejected, naming the module and the dtypes.</li>
 * </ul>
 *
 * <p><b>Modules whose input is integer indices</b> (an embedding): make the case with {@link ModuleCase#indices}. Its input
 * is then the same integer array whatever dtype the module computes in, and has no gradient: {@link #gradientsCheck}
 * checks the parameters only and expects {@code backwardDelta} to return zeros shaped like the input (in the module's
 * dtype); {@link #float32AgreesWithFloat64} gives both modules the same indices; {@link #layoutsGiveTheSameResults} puts
 * the indices in the other layouts too (rank 1 included); {@link #rejectsMixedDtypes} checks the delta's dtype, and that
 * INT and LONG indices give the same output. Every other property runs as for a floating-point input.
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
     * float64, cast to float32, and the float32 values given to both; integer indices are given to both as they are). Output, dL/dinput and every parameter gradient,
     * from the two halves of the backward pass and from {@code backward(x, δ, true)}, agree within
     * {@value #FLOAT32_TOLERANCE}·max(1, max|float64|).
     *
     * @param c the case
     */
    public static void float32AgreesWithFloat64(ModuleCase c) {
        INDArray x = c.differentiableInput() ? c.input(DataType.DOUBLE).castTo(DataType.FLOAT) : c.input(DataType.FLOAT);
        Module single = c.factory().get();
        Module dbl = c.factory().get().to(DataType.DOUBLE);
        INDArray d = TestArrays.uniform(c.inputSeed() + 5, DataType.DOUBLE, single.forward(x).shape()).castTo(DataType.FLOAT);
        Pass expected = Pass.run(dbl, c.differentiableInput() ? x.castTo(DataType.DOUBLE) : x, d.castTo(DataType.DOUBLE));
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
            // paired in order: an input of rank 1 (indices [N]) has other names for its layouts than its delta
            List<Map.Entry<String, INDArray>> inputs = List.copyOf(TestArrays.otherLayouts(x).entrySet());
            List<Map.Entry<String, INDArray>> deltas = List.copyOf(TestArrays.otherLayouts(d).entrySet());
            for (int i = 0; i < inputs.size(); i++) {
                Map.Entry<String, INDArray> input = inputs.get(i);
                Map.Entry<String, INDArray> delta = deltas.get(i);
                Pass actual = Pass.run(c.factory().get().to(type), input.getValue(), delta.getValue());
                String layout = input.getKey().equals(delta.getKey()) ? "input and delta as " + input.getKey()
                        : "input as " + input.getKey() + ", delta as " + delta.getKey();
                expected.assertClose(actual, type == DataType.DOUBLE ? 1e-12 : 1e-5, c + " in " + type + ", " + layout);
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
                INDArray x = c.inputMaker().make(c.inputSeed() + step, c.inputType(type), c.inputShape());
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
                INDArray x = c.inputMaker().make(c.inputSeed() + STEPS + 1, c.inputType(type), c.inputShape());
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
    /**
     * A batch of 0 ({@code N = 0}), in float32 and float64: forward returns an empty array of the output's shape (with
     * {@code N = 0}) and the input's dtype, {@code backwardDelta} and {@code backward(x, δ, true)} an empty dL/dinput
     * shaped like the input, {@code backward(x, δ, false)} null; no parameter gradient (a real one accumulated before)
     * and no floating-point buffer (running statistics) changes. This is PyTorch's behaviour.
     *
     * @param c the case; its input shape's first axis is the batch
     * @throws AssertionError naming the case and the call that did otherwise
     */
    public static void emptyBatch(ModuleCase c) {
        long[] inShape = c.inputShape().clone();
        long[] outShape = c.outputShape().clone();
        inShape[0] = 0;
        outShape[0] = 0;
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Module m = c.factory().get().to(type);
            INDArray real = c.input(type);
            INDArray y = m.forward(real);
            m.zeroGrad();
            m.backwardUpdateGradient(real, TestArrays.uniform(c.inputSeed() + 7, type, y.shape()));
            List<INDArray> gradients = grads(m);
            Map<String, INDArray> buffers = floatingPointBuffers(m);
            INDArray x = Nd4j.create(c.inputType(type), inShape);
            INDArray d = Nd4j.create(type, outShape);
            String what = c + " on an empty batch " + Arrays.toString(inShape) + " in " + type;
            INDArray output = m.forward(x);
            Expect.sameShape(outShape, output.shape(), () -> "output shape of " + what);
            Expect.equal(type, output.dataType(), () -> "output dtype of " + what);
            for (INDArray gradInput : new INDArray[] {m.backwardDelta(x, d), m.backward(x, d, true)}) {
                Expect.sameShape(inShape, gradInput.shape(), () -> "dL/dinput shape of " + what);
                Expect.equal(type, gradInput.dataType(), () -> "dL/dinput dtype of " + what);
            }
            Expect.isTrue(m.backward(x, d, false) == null, () -> what + ": backward(x, δ, false) returned a dL/dinput");
            m.backwardUpdateGradient(x, d);
            List<INDArray> after = grads(m);
            for (int i = 0; i < gradients.size(); i++) {
                int index = i;
                Expect.equal(gradients.get(i), after.get(i), () -> "gradient of parameter " + index + " changed: " + what);
            }
            Map<String, INDArray> buffersAfter = floatingPointBuffers(m);
            for (String name : buffers.keySet()) {
                Expect.equal(buffers.get(name), buffersAfter.get(name), () -> "buffer " + name + " changed: " + what);
            }
        }
    }

    /**
     * A delta one element longer on the last axis than the output is rejected by {@code backwardDelta},
     * {@code backward(x, δ, true)} and, for a module with parameters, {@code backwardUpdateGradient} and
     * {@code backward(x, δ, false)}, with {@link IllegalArgumentException}
     * {@code "<Module>: delta must be shaped like the output [..] of input [..], found [..]"} (for a container, from the
     * last module, which sees delta first), and no gradient changes.
     *
     * @param c the case
     * @throws AssertionError naming the case and the call that did otherwise
     */
    public static void rejectsWrongDeltaShape(ModuleCase c) {
        Module m = c.factory().get();
        INDArray x = c.input(DataType.FLOAT);
        INDArray y = m.forward(x);
        long[] bad = y.shape().clone();
        bad[bad.length - 1]++;
        INDArray d = TestArrays.uniform(c.inputSeed() + 8, DataType.FLOAT, bad);
        Module last = innermost(m, false);
        String prefix = last.getClass().getSimpleName() + ": delta must be shaped like the output " + Arrays.toString(y.shape())
                + " of input ";
        String suffix = ", found " + Arrays.toString(bad);
        String exact = last == m ? prefix + Arrays.toString(x.shape()) + suffix : null;
        m.zeroGrad();
        expectRejected(c, "backwardDelta", () -> m.backwardDelta(x, d), exact, prefix, suffix);
        expectRejected(c, "backward(x, δ, true)", () -> m.backward(x, d, true), exact, prefix, suffix);
        if (!m.parameters().isEmpty()) {
            expectRejected(c, "backwardUpdateGradient", () -> m.backwardUpdateGradient(x, d), exact, prefix, suffix);
            expectRejected(c, "backward(x, δ, false)", () -> m.backward(x, d, false), exact, prefix, suffix);
        }
        for (Parameter p : m.parameters()) {
            Expect.equal(0.0, p.grad().amaxNumber().doubleValue(), () -> "a rejected delta changed the gradient of " + p
                    + " in " + c);
        }
    }

    /**
     * Mixed dtypes are rejected with {@link IllegalArgumentException}s naming the module and the dtypes, before any native
     * call: a float64 delta for a float32 input ({@code "<Module>: delta is DOUBLE but input is FLOAT; …"}, from every
     * backward call); a float64 input for float32 parameters ({@code "<Module>: expected FLOAT input (the dtype of its
     * parameters), found DOUBLE; …"}; a module without parameters computes in float64 instead); an integer input
     * ({@code "<Module>: expected a floating-point input, found INT"}, or the parameters' message for a module with
     * parameters). For a container the first module names itself for an input, the last for a delta. For a case of
     * integer indices ({@link ModuleCase#differentiableInput()} false) only the delta is checked, with the message
     * {@code "<Module>: delta is DOUBLE but the output is FLOAT; backward takes dL/doutput in the dtype of the output (cast
     * it with castTo(DataType.FLOAT))"} when the module that takes the indices is also the last, and the same indices as
     * INT and as LONG must give the same output.
     *
     * @param c the case
     * @throws AssertionError naming the case and the call that did otherwise
     */
    public static void rejectsMixedDtypes(ModuleCase c) {
        Module m = c.factory().get();
        INDArray x = c.input(DataType.FLOAT);
        INDArray y = m.forward(x);
        INDArray d = TestArrays.uniform(c.inputSeed() + 9, DataType.DOUBLE, y.shape());
        String last = innermost(m, false).getClass().getSimpleName();
        boolean indicesToLast = !c.differentiableInput() && innermost(m, false) == innermost(m, true);
        String deltaMessage = indicesToLast
                ? last + ": delta is DOUBLE but the output is FLOAT; backward takes dL/doutput in the dtype of the output"
                        + " (cast it with castTo(DataType.FLOAT))"
                : last + ": delta is DOUBLE but input is FLOAT; backward takes dL/doutput in the dtype of the input (cast it"
                        + " with castTo(DataType.FLOAT))";
        expectRejected(c, "backwardDelta", () -> m.backwardDelta(x, d), deltaMessage, null, null);
        expectRejected(c, "backward(x, δ, true)", () -> m.backward(x, d, true), deltaMessage, null, null);
        if (!m.parameters().isEmpty()) {
            expectRejected(c, "backwardUpdateGradient", () -> m.backwardUpdateGradient(x, d), deltaMessage, null, null);
        }
        if (!c.differentiableInput()) {
            DataType other = x.dataType() == DataType.LONG ? DataType.INT : DataType.LONG;
            Expect.equal(y, m.forward(x.castTo(other)), () -> c + ": the same indices as " + other + " give another output");
            return;
        }
        Module first = innermost(m, true);
        String name = first.getClass().getSimpleName();
        boolean typed = !first.parameters().isEmpty();
        INDArray x64 = c.input(DataType.DOUBLE);
        if (typed) {
            expectRejected(c, "forward of a DOUBLE input", () -> m.forward(x64), name + ": expected FLOAT input (the dtype of"
                    + " its parameters), found DOUBLE; convert the module with to(DataType) or cast the input", null, null);
        } else {
            Expect.equal(DataType.DOUBLE, m.forward(x64).dataType(), () -> "forward dtype of a DOUBLE input to " + c);
        }
        INDArray integers = x.castTo(DataType.INT);
        String integerMessage = typed ? name + ": expected FLOAT input (the dtype of its parameters), found "
                + integers.dataType() + "; convert the module with to(DataType) or cast the input"
                : name + ": expected a floating-point input, found " + integers.dataType();
        expectRejected(c, "forward of an integer input", () -> m.forward(integers), integerMessage, null, null);
    }

    /** Expects {@code call} to throw IllegalArgumentException with message {@code exact}, or else one from prefix to suffix. */
    private static void expectRejected(ModuleCase c, String call, Runnable run, String exact, String prefix, String suffix) {
        try {
            run.run();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            if (exact != null) {
                Expect.equal(exact, message, () -> call + " of " + c);
            } else {
                Expect.isTrue(message.startsWith(prefix) && message.endsWith(suffix), () -> call + " of " + c
                        + ": expected a message from <" + prefix + "> to <" + suffix + ">, found <" + message + ">");
            }
            return;
        }
        throw new AssertionError(call + " of " + c + " did not throw IllegalArgumentException");
    }

    /** The first (or last) module that is not a container: the one that checks a container's input (or delta). */
    private static Module innermost(Module m, boolean first) {
        while (m instanceof Sequential s && s.size() > 0) {
            m = s.get(first ? 0 : s.size() - 1);
        }
        return m;
    }

    private static Map<String, INDArray> floatingPointBuffers(Module m) {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        m.namedBuffers().forEach((name, b) -> {
            if (b.value().dataType().isFPType()) {
                copies.put(name, b.value().dup());
            }
        });
        return copies;
    }

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
