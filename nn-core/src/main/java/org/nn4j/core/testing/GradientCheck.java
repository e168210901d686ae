package org.nn4j.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.TableModule;

/**
 * Compares a module's analytic gradients with central finite differences: the check every
 * module author runs first.
 *
 * <pre>{@code
 * GradientCheck.assertGradients(new MyModule(4, 3), TestArrays.uniform(1, DataType.DOUBLE, 5, 4));
 * }</pre>
 *
 * <p>The scalar checked is {@code f(x, θ) = Σ forward(x) ⊙ G} for a fixed random upstream
 * gradient {@code G}, so {@code backwardDelta(x, G)} must equal ∂f/∂x and the gradients
 * accumulated by {@code backwardUpdateGradient(x, G)} must equal ∂f/∂θ. Each element is
 * perturbed by ±{@value #EPSILON}: {@code (f(x+ε) − f(x−ε)) / 2ε}.
 *
 * <p><b>Why float64.</b> The central difference's truncation error is O(ε²) and its rounding
 * error is about {@code ulp(f)/ε}. In float64 with ε = 1e-6 both are below 1e-9, so a
 * tolerance of 1e-5 separates right from wrong by four orders of magnitude. In float32 the
 * rounding error alone is about 1e-1 at that ε; no ε makes both errors small, and checks
 * pass or fail by luck. The module is therefore converted to float64 ({@link Module#to})
 * and the input cast for the check; afterwards the module is cast back to the dtype it had
 * (that of its first parameter, else of its first floating-point buffer, else of the input),
 * with its gradients zeroed, so it can be trained or checked again as it was.
 *
 * <p><b>Tolerance.</b> An element passes when {@code |analytic − numeric| ≤ ATOL + RTOL·max(|analytic|, |numeric|)}
 * with RTOL = {@value #RTOL} and ATOL = {@value #ATOL} (the absolute part only matters for
 * gradients near zero). A backward pass that is 1% off fails by a factor of a thousand.
 *
 * <p><b>Which child is wrong.</b> When a {@link Sequential} (or a Sequential nested in one) fails, each
 * child is checked on its own, on the input it receives inside the network, and the report names the
 * first child whose own gradients fail ({@link Report#fault()}), e.g.
 * {@code 2: MyModule (parameter 2.weight, max rel error 9.901e-03)}.
 *
 * <p><b>Integer inputs.</b> An input of an integer dtype (the indices an embedding takes) has no gradient: it is
 * given to the module as it is, only the parameters are checked, and {@code backwardDelta} must return zeros
 * shaped like the input (a report problem otherwise). Floating-point arrays holding indices are cast and perturbed
 * like any input: pass the indices as INT or LONG.
 *
 * <p>The module must be deterministic between forward calls (a Dropout with a fixed mask,
 * inputs away from the kinks of ReLU/MaxPool).
 */
public final class GradientCheck {

    /** The perturbation of each element: {@value}. */
    public static final double EPSILON = 1e-6;
    /** The relative tolerance: {@value}. */
    public static final double RTOL = 1e-5;
    /** The absolute tolerance, for gradients near zero: {@value}. */
    public static final double ATOL = 1e-7;

    private GradientCheck() {
    }

    /**
     * The comparison for one tensor: the input or one parameter.
     *
     * @param name             {@code "input"} or the parameter's path ({@code "weight"}, {@code "2.bias"})
     * @param shape            the tensor's shape
     * @param maxRelativeError the largest |analytic − numeric| / max(|analytic|, |numeric|) over elements above ATOL
     * @param maxAbsoluteError the largest |analytic − numeric|
     * @param worstIndex       the index of the element furthest outside the tolerance
     * @param analyticAtWorst  the analytic gradient there
     * @param numericAtWorst   the finite difference there
     * @param passed           whether every element is within the tolerance
     */
    public record TensorReport(String name, long[] shape, double maxRelativeError, double maxAbsoluteError,
                               long[] worstIndex, double analyticAtWorst, double numericAtWorst, boolean passed) {
        /** One line: name, shape, errors, the worst element, ok or FAILED. */
        @Override
        public String toString() {
            return String.format("%-14s %-16s max rel %.3e  max abs %.3e  worst at %s (analytic %.9g, numeric %.9g)  %s",
                    name, java.util.Arrays.toString(shape), maxRelativeError, maxAbsoluteError,
                    java.util.Arrays.toString(worstIndex), analyticAtWorst, numericAtWorst, passed ? "ok" : "FAILED");
        }
    }

    /**
     * Every tensor's comparison, input first, then the parameters in {@link Module#namedParameters()} order.
     *
     * @param module   the module's {@code toString()}
     * @param tensors  one comparison per checked tensor
     * @param problems other contract breaches found on the way (a modified input, a wrong shape)
     * @param fault    for a failing {@link Sequential}: the first child whose own gradients fail, as
     *                 {@code "2: MyModule (parameter 2.weight, max rel error 9.901e-03)"}; otherwise null
     */
    public record Report(String module, List<TensorReport> tensors, List<String> problems, String fault) {

        /**
         * A report without a child at fault.
         *
         * @param module   the module's {@code toString()}
         * @param tensors  one comparison per checked tensor
         * @param problems other contract breaches found on the way
         */
        public Report(String module, List<TensorReport> tensors, List<String> problems) {
            this(module, tensors, problems, null);
        }

        /**
         * Whether the check passed.
         *
         * @return true when every tensor is within the tolerance and no other problem was found
         */
        public boolean passed() {
            return problems.isEmpty() && tensors.stream().allMatch(TensorReport::passed);
        }

        /**
         * The comparison of one tensor.
         *
         * @param name {@code "input"} or a parameter's path
         * @return its comparison
         * @throws IllegalArgumentException when no tensor has that name
         */
        public TensorReport get(String name) {
            return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no tensor named " + name + " in " + this));
        }

        /** The verdict, the tolerances, one line per tensor, the problems and the child at fault. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("Gradient check of " + module + ": " + (passed() ? "passed" : "FAILED")
                    + String.format(" (ε=%.0e, rtol=%.0e, atol=%.0e, float64)", EPSILON, RTOL, ATOL));
            if (fault != null) {
                s.append("\n  child at fault: ").append(fault);
            }
            tensors.forEach(t -> s.append("\n  ").append(t));
            problems.forEach(p -> s.append("\n  ").append(p));
            return s.toString();
        }
    }

    /**
     * {@link #check(Module, INDArray, long)} with an upstream gradient drawn from seed 12345.
     *
     * @param module checked, then cast back to its dtype
     * @param input  not modified
     * @return the report
     */
    public static Report check(Module module, INDArray input) {
        return check(module, input, 12345);
    }

    /**
     * Compares dL/dinput and every non-frozen parameter's gradient with finite differences, in
     * float64; afterwards the module has its former dtype again and zero gradients. For an integer input, the
     * parameters only (see the class's description).
     *
     * @param module checked; converted to float64 for the check, then cast back
     * @param input  not modified; cast to float64 for the check (an integer input is given as it is)
     * @param seed   seed of the random upstream gradient
     * @return the report; {@link Report#passed()} says whether the check passed
     */
    public static Report check(Module module, INDArray input, long seed) {
        DataType before = dataTypeOf(module, input);
        try {
            module.to(DataType.DOUBLE);
            Report report = checkInFloat64(module, float64(input), seed);
            if (!report.passed() && module instanceof Sequential net) {
                String fault = fault(net, float64(input), seed, "", report);
                report = new Report(report.module(), report.tensors(), report.problems(), fault);
            }
            return report;
        } finally {
            module.to(before);
            module.zeroGrad();
        }
    }

    /**
     * {@link #check(Module, INDArray)} that throws {@link AssertionError} with the report when it fails.
     *
     * @param module checked, then cast back to its dtype
     * @param input  not modified
     * @return the report of a passing check
     * @throws AssertionError with the report as its message when the check fails
     */
    public static Report assertGradients(Module module, INDArray input) {
        Report report = check(module, input);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
        return report;
    }

    /**
     * Compares {@code loss.backward(target, prediction)} with finite differences of
     * {@code loss.forward} with respect to the prediction, in float64.
     *
     * @param loss       the loss checked
     * @param target     not modified; cast to float64
     * @param prediction not modified; cast to float64
     * @return the report, with one tensor named {@code "prediction"}
     */
    public static Report checkLoss(Loss loss, INDArray target, INDArray prediction) {
        INDArray t = target.castTo(DataType.DOUBLE);
        INDArray p = prediction.castTo(DataType.DOUBLE).dup('c');
        INDArray analytic = loss.backward(t, p).dup();
        TensorReport r = compare("prediction", analytic, numeric(p, () -> loss.forward(t, p)));
        return new Report(loss.toString(), List.of(r), List.of());
    }

    /**
     * {@link #checkLoss} that throws {@link AssertionError} with the report when it fails.
     *
     * @param loss       the loss checked
     * @param target     not modified
     * @param prediction not modified
     * @return the report of a passing check
     * @throws AssertionError with the report as its message when the check fails
     */
    public static Report assertLossGradients(Loss loss, INDArray target, INDArray prediction) {
        Report report = checkLoss(loss, target, prediction);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
        return report;
    }

    /** The module's dtype before the check: its first parameter's, else its first floating-point buffer's, else the input's. */
    private static DataType dataTypeOf(Module module, INDArray input) {
        List<Parameter> parameters = module.parameters();
        if (!parameters.isEmpty()) {
            return parameters.get(0).value().dataType();
        }
        for (org.nn4j.core.Buffer b : module.buffers()) {
            if (b.value().dataType().isFPType()) {
                return b.value().dataType();
            }
        }
        return input.dataType().isFPType() ? input.dataType() : DataType.FLOAT;
    }

    /** A c-ordered float64 copy of a floating-point input; a c-ordered copy of an integer one, which is not perturbed. */
    private static INDArray float64(INDArray input) {
        return input.dataType().isFPType() ? input.castTo(DataType.DOUBLE).dup('c') : input.dup('c');
    }

    private static Report checkInFloat64(Module module, INDArray x, long seed) {
        INDArray output = module.forward(x);
        INDArray upstream = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), output.shape())
                .castTo(DataType.DOUBLE).subi(0.5).muli(2);
        INDArray xBefore = x.dup();
        INDArray upstreamBefore = upstream.dup();

        module.zeroGrad();
        module.forward(x);
        module.backwardUpdateGradient(x, upstream);
        INDArray analyticInput = module.backwardDelta(x, upstream).dup();
        Map<String, INDArray> analyticParams = new LinkedHashMap<>();
        module.namedParameters().forEach((name, p) -> analyticParams.put(name, p.grad().dup()));

        List<String> problems = new ArrayList<>();
        if (!x.equals(xBefore)) {
            problems.add("the module modified its input during forward/backward");
        }
        if (!upstream.equals(upstreamBefore)) {
            problems.add("the module modified the delta given to backward");
        }
        if (!java.util.Arrays.equals(analyticInput.shape(), x.shape())) {
            problems.add("backwardDelta returned shape " + Checks.shape(analyticInput) + " for input " + Checks.shape(x));
            return new Report(module.toString(), List.of(), problems);
        }

        DoubleSupplier f = () -> module.forward(x).castTo(DataType.DOUBLE).mul(upstream).sumNumber().doubleValue();
        List<TensorReport> tensors = new ArrayList<>();
        if (x.dataType().isFPType()) {
            tensors.add(compare("input", analyticInput, numeric(x, f)));
        } else if (analyticInput.length() > 0 && analyticInput.castTo(DataType.DOUBLE).amaxNumber().doubleValue() != 0) {
            problems.add("backwardDelta of an integer input must be zeros (indices have no gradient), found max |dL/dinput| "
                    + analyticInput.castTo(DataType.DOUBLE).amaxNumber());
        }
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            if (!e.getValue().isFrozen()) {
                tensors.add(compare(e.getKey(), analyticParams.get(e.getKey()), numeric(e.getValue().value(), f)));
            }
        }
        module.zeroGrad();
        return new Report(module.toString(), tensors, problems);
    }

    /**
     * The first child of {@code net} whose own check fails on the input it receives in the network
     * (descending into nested Sequentials); when every child passes alone, the child holding the
     * first failing parameter of {@code whole}; null when neither is found.
     */
    private static String fault(Sequential net, INDArray input, long seed, String prefix, Report whole) {
        INDArray x = input;
        for (int i = 0; i < net.size(); i++) {
            Module child = net.get(i);
            if (child instanceof TableModule) {
                break; // its output (or input) is a table of arrays, which a check of one module on one array cannot take
            }
            String path = prefix + i;
            Report own = checkInFloat64(child, x, seed + i + 1);
            if (!own.passed()) {
                if (child instanceof Sequential inner) {
                    String deeper = fault(inner, x, seed, path + ".", own);
                    if (deeper != null) {
                        return deeper;
                    }
                }
                return path + ": " + describe(child) + " (" + worst(own, path + ".") + ")";
            }
            x = child.forward(x).castTo(DataType.DOUBLE).dup('c');
        }
        for (TensorReport t : whole.tensors()) {
            if (!t.passed() && !t.name().equals("input")) {
                String local = t.name();
                Module owner = net;
                StringBuilder path = new StringBuilder(prefix);
                while (owner instanceof Sequential s && local.indexOf('.') > 0) {
                    int i = Integer.parseInt(local.substring(0, local.indexOf('.')));
                    path.append(i).append('.');
                    owner = s.get(i);
                    local = local.substring(local.indexOf('.') + 1);
                }
                return path.substring(0, path.length() - 1) + ": " + describe(owner) + " (parameter " + prefix + t.name()
                        + String.format(", max rel error %.3e, fails only inside the network)", t.maxRelativeError());
            }
        }
        return null;
    }

    /** The child's class, as its author named it. */
    private static String describe(Module m) {
        return m.getClass().getSimpleName();
    }

    /** The worst failing tensor of a report, or its first problem: {@code parameter 2.weight, max rel error 9.9e-03}. */
    private static String worst(Report r, String prefix) {
        TensorReport worst = null;
        for (TensorReport t : r.tensors()) {
            if (!t.passed() && (worst == null || !(t.maxRelativeError() <= worst.maxRelativeError()))) {
                worst = t;
            }
        }
        if (worst == null) {
            return r.problems().isEmpty() ? "failed" : r.problems().get(0);
        }
        String what = worst.name().equals("input") ? "dL/dinput" : "parameter " + prefix + worst.name();
        return String.format("%s, max rel error %.3e", what, worst.maxRelativeError());
    }

    /** ∂f/∂a by central differences, perturbing {@code a} in place and restoring it. */
    private static INDArray numeric(INDArray a, DoubleSupplier f) {
        if (a.dataType() != DataType.DOUBLE || a.isView() || a.ordering() != 'c') {
            throw new IllegalStateException("GradientCheck: can only perturb contiguous float64 c-ordered arrays, found "
                    + a.dataType() + " ordering " + a.ordering() + (a.isView() ? " (view)" : ""));
        }
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, a.shape());
        for (long i = 0; i < a.length(); i++) {
            double original = a.getDouble(i);
            a.putScalar(i, original + EPSILON);
            double plus = f.getAsDouble();
            a.putScalar(i, original - EPSILON);
            double minus = f.getAsDouble();
            a.putScalar(i, original);
            grad.putScalar(i, (plus - minus) / (2 * EPSILON));
        }
        return grad;
    }

    private static TensorReport compare(String name, INDArray analytic, INDArray numeric) {
        INDArray a = analytic.castTo(DataType.DOUBLE).dup('c');
        double maxRel = 0;
        double maxAbs = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        long worst = 0;
        boolean passed = true;
        for (long i = 0; i < a.length(); i++) {
            double av = a.getDouble(i);
            double nv = numeric.getDouble(i);
            double abs = Math.abs(av - nv);
            double scale = Math.max(Math.abs(av), Math.abs(nv));
            double rel = scale == 0 ? 0 : abs / scale;
            double excess = abs - (ATOL + RTOL * scale);
            if (!(excess <= 0)) {
                passed = false;
            }
            maxAbs = Math.max(maxAbs, abs);
            if (scale > ATOL) {
                maxRel = Math.max(maxRel, rel);
            }
            if (excess > worstExcess || Double.isNaN(excess)) {
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        long[] index = unravel(worst, a.shape());
        double aw = a.length() == 0 ? 0 : a.getDouble(worst);
        double nw = a.length() == 0 ? 0 : numeric.getDouble(worst);
        return new TensorReport(name, a.shape(), maxRel, maxAbs, index, aw, nw, passed);
    }

    private static long[] unravel(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
