package org.nn4j.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compares a module's analytic gradients with central finite differences.
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
 * and the input cast before checking.
 *
 * <p><b>Tolerance.</b> An element passes when {@code |analytic − numeric| ≤ ATOL + RTOL·max(|analytic|, |numeric|)}
 * with RTOL = {@value #RTOL} and ATOL = {@value #ATOL} (the absolute part only matters for
 * gradients near zero). A backward pass that is 1% off fails by a factor of a thousand.
 *
 * <p>The module must be deterministic between forward calls (a Dropout with a fixed mask,
 * inputs away from the kinks of ReLU/MaxPool).
 */
public final class GradientCheck {

    public static final double EPSILON = 1e-6;
    public static final double RTOL = 1e-5;
    public static final double ATOL = 1e-7;

    private GradientCheck() {
    }

    /** The comparison for one tensor: the input or one parameter. */
    public record TensorReport(String name, long[] shape, double maxRelativeError, double maxAbsoluteError,
                               long[] worstIndex, double analyticAtWorst, double numericAtWorst, boolean passed) {
        @Override
        public String toString() {
            return String.format("%-14s %-16s max rel %.3e  max abs %.3e  worst at %s (analytic %.9g, numeric %.9g)  %s",
                    name, java.util.Arrays.toString(shape), maxRelativeError, maxAbsoluteError,
                    java.util.Arrays.toString(worstIndex), analyticAtWorst, numericAtWorst, passed ? "ok" : "FAILED");
        }
    }

    /** Every tensor's comparison, input first, then the parameters in {@link Module#namedParameters()} order. */
    public record Report(String module, List<TensorReport> tensors, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty() && tensors.stream().allMatch(TensorReport::passed);
        }

        public TensorReport get(String name) {
            return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no tensor named " + name + " in " + this));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("Gradient check of " + module + ": " + (passed() ? "passed" : "FAILED")
                    + String.format(" (ε=%.0e, rtol=%.0e, atol=%.0e, float64)", EPSILON, RTOL, ATOL));
            tensors.forEach(t -> s.append("\n  ").append(t));
            problems.forEach(p -> s.append("\n  ").append(p));
            return s.toString();
        }
    }

    /** Checks with an upstream gradient drawn from seed 12345. */
    public static Report check(Module module, INDArray input) {
        return check(module, input, 12345);
    }

    /**
     * Converts {@code module} to float64 (it stays so), then compares dL/dinput and every
     * non-frozen parameter's gradient with finite differences.
     *
     * @param input not modified; cast to float64 for the check
     * @param seed  seed of the random upstream gradient
     */
    public static Report check(Module module, INDArray input, long seed) {
        module.to(DataType.DOUBLE);
        INDArray x = input.castTo(DataType.DOUBLE).dup('c');
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
        tensors.add(compare("input", analyticInput, numeric(x, f)));
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            if (!e.getValue().isFrozen()) {
                tensors.add(compare(e.getKey(), analyticParams.get(e.getKey()), numeric(e.getValue().value(), f)));
            }
        }
        module.zeroGrad();
        return new Report(module.toString(), tensors, problems);
    }

    /** {@link #check} that throws {@link AssertionError} with the report when it fails. */
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
     * @param target     not modified; cast to float64
     * @param prediction not modified; cast to float64
     */
    public static Report checkLoss(Loss loss, INDArray target, INDArray prediction) {
        INDArray t = target.castTo(DataType.DOUBLE);
        INDArray p = prediction.castTo(DataType.DOUBLE).dup('c');
        INDArray analytic = loss.backward(t, p).dup();
        TensorReport r = compare("prediction", analytic, numeric(p, () -> loss.forward(t, p)));
        return new Report(loss.toString(), List.of(r), List.of());
    }

    /** {@link #checkLoss} that throws {@link AssertionError} with the report when it fails. */
    public static Report assertLossGradients(Loss loss, INDArray target, INDArray prediction) {
        Report report = checkLoss(loss, target, prediction);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
        return report;
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
