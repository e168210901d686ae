package org.nn4j.layers.init;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/**
 * PyTorch's {@code torch.nn.init}: the same functions, fans, gains and bounds, with seeded draws.
 *
 * <p>Each function comes in three forms. On an array, in place, returning it, like PyTorch's
 * {@code kaiming_uniform_(w, a, mode, nonlinearity)}:
 * {@code Init.kaimingUniform(w, 0, Mode.FAN_IN, Nonlinearity.RELU, 42)}. On a {@link Parameter} (its live value,
 * in place; errors name the parameter). And without a target, as an {@link Initialiser} to apply to a network's
 * parameters by name: {@code Init.kaimingNormal(Mode.FAN_OUT, Nonlinearity.RELU).seed(7).apply(net, "*.weight")}.
 *
 * <p>The random functions draw from the given seed only (never from a global generator): the same seed gives the
 * same values. The draws are nn4j's own (PyTorch's generator gives other numbers); the distributions, fans, gains
 * and bounds are PyTorch's. Values are drawn in float64 and rounded to the array's floating-point dtype. Arrays of
 * any rank PyTorch takes are accepted (rank ≥ 2 where fans are needed), in any layout, views included; an array
 * with no elements is left as it is, as in PyTorch. Arguments are checked before anything is written: a rejected
 * call changes nothing.
 */
public final class Init {

    private Init() {
    }

    // ------------------------------------------------------------------ fans and gains

    /**
     * PyTorch's {@code _calculate_fan_in_and_fan_out}: for {@code [out, in, k1, k2, …]}, fan in
     * {@code in·k1·k2·…} and fan out {@code out·k1·k2·…}.
     *
     * @param tensor not modified; only its shape is read
     * @return the fans
     * @throws IllegalArgumentException when the rank is below 2, as PyTorch
     */
    public static Fans calculateFanInAndFanOut(INDArray tensor) {
        return fans("calculateFanInAndFanOut", tensor.shape());
    }

    /**
     * {@link #calculateFanInAndFanOut(INDArray)} of an array shaped {@code shape}.
     *
     * @param shape the sizes, e.g. {@code 64, 3, 7, 7}; not modified
     * @return the fans
     * @throws IllegalArgumentException when there are fewer than 2 sizes or a size is negative
     */
    public static Fans calculateFanInAndFanOut(long... shape) {
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("calculateFanInAndFanOut: expected sizes >= 0, found shape "
                        + Arrays.toString(shape));
            }
        }
        return fans("calculateFanInAndFanOut", shape.clone());
    }

    /**
     * PyTorch's {@code calculate_gain(nonlinearity)}: 1 for the linear functions and sigmoid, 5/3 for tanh, √2 for
     * ReLU, √(2 / (1 + 0.01²)) for LeakyReLU (its default slope), 3/4 for SELU.
     *
     * @param nonlinearity the function that follows the layer
     * @return the recommended gain
     */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, 0.01);
    }

    /**
     * PyTorch's {@code calculate_gain(nonlinearity, param)}: {@code param} is LeakyReLU's negative slope, giving
     * √(2 / (1 + param²)); the other functions ignore it.
     *
     * @param nonlinearity the function that follows the layer
     * @param param        LeakyReLU's negative slope
     * @return the recommended gain
     * @throws IllegalArgumentException for LeakyReLU with a slope that is not finite
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return gain("calculateGain", nonlinearity, param);
    }

    // ------------------------------------------------------------------ on an array

    /**
     * PyTorch's {@code kaiming_uniform_}: U(−bound, bound) with {@code bound = gain·√(3 / fan)}, the gain
     * {@code calculateGain(nonlinearity, a)} and the fan that {@code mode} names. PyTorch's defaults are
     * {@code a = 0, FAN_IN, LEAKY_RELU}; its default for Linear and convolutions is {@code a = √5}.
     *
     * @param tensor       modified: filled in place, rank ≥ 2, floating point
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan: {@code FAN_IN} keeps the forward variance, {@code FAN_OUT} the backward
     * @param nonlinearity the function that follows the layer
     * @param seed         the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite {@code a}, a rank below 2, an integer dtype
     */
    public static INDArray kaimingUniform(INDArray tensor, double a, Mode mode, Nonlinearity nonlinearity, long seed) {
        return kaimingUniform(a, mode, nonlinearity).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code kaiming_normal_}: N(0, std²) with {@code std = gain / √fan}, the gain
     * {@code calculateGain(nonlinearity, a)} and the fan that {@code mode} names.
     *
     * @param tensor       modified: filled in place, rank ≥ 2, floating point
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan: {@code FAN_IN} keeps the forward variance, {@code FAN_OUT} the backward
     * @param nonlinearity the function that follows the layer
     * @param seed         the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite {@code a}, a rank below 2, an integer dtype
     */
    public static INDArray kaimingNormal(INDArray tensor, double a, Mode mode, Nonlinearity nonlinearity, long seed) {
        return kaimingNormal(a, mode, nonlinearity).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code xavier_uniform_} (Glorot): U(−bound, bound) with
     * {@code bound = gain·√(6 / (fanIn + fanOut))}.
     *
     * @param tensor modified: filled in place, rank ≥ 2, floating point
     * @param gain   the scale, e.g. {@code calculateGain(Nonlinearity.TANH)}; PyTorch's default is 1
     * @param seed   the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite gain, a rank below 2, fans summing to 0, an integer dtype
     */
    public static INDArray xavierUniform(INDArray tensor, double gain, long seed) {
        return xavierUniform(gain).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code xavier_normal_} (Glorot): N(0, std²) with {@code std = gain·√(2 / (fanIn + fanOut))}.
     *
     * @param tensor modified: filled in place, rank ≥ 2, floating point
     * @param gain   the scale; PyTorch's default is 1
     * @param seed   the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite gain, a rank below 2, fans summing to 0, an integer dtype
     */
    public static INDArray xavierNormal(INDArray tensor, double gain, long seed) {
        return xavierNormal(gain).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code orthogonal_}: the tensor viewed as a matrix of {@code size(0)} rows (the other dimensions
     * flattened into the columns) becomes {@code gain·Q}, Q from the QR decomposition of a standard normal matrix
     * (of its transpose when there are fewer rows than columns), each column of Q multiplied by the sign of R's
     * diagonal element so that Q is uniformly distributed. So {@code W·Wᵀ = gain²·I} when rows ≤ columns, else
     * {@code Wᵀ·W = gain²·I}. Computed in float64.
     *
     * @param tensor modified: filled in place, rank ≥ 2, floating point
     * @param gain   the scale; PyTorch's default is 1
     * @param seed   the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite gain, a rank below 2, an integer dtype
     */
    public static INDArray orthogonal(INDArray tensor, double gain, long seed) {
        return orthogonal(gain).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code uniform_}: U(low, high), each value {@code low + (high − low)·u} for a uniform u in [0, 1).
     *
     * @param tensor modified: filled in place, any rank, floating point
     * @param low    the lower bound
     * @param high   the upper bound, at least {@code low}
     * @param seed   the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for bounds that are not finite or with {@code low > high}, an integer dtype
     */
    public static INDArray uniform(INDArray tensor, double low, double high, long seed) {
        return uniform(low, high).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code normal_}: N(mean, std²).
     *
     * @param tensor modified: filled in place, any rank, floating point
     * @param mean   the mean
     * @param std    the standard deviation, at least 0
     * @param seed   the same seed gives the same values
     * @return {@code tensor}
     * @throws IllegalArgumentException for a non-finite mean or std, a negative std, an integer dtype
     */
    public static INDArray normal(INDArray tensor, double mean, double std, long seed) {
        return normal(mean, std).seed(seed).fill(tensor);
    }

    /**
     * PyTorch's {@code constant_}: every element becomes {@code value}.
     *
     * @param tensor modified: filled in place, any rank and dtype
     * @param value  the value (rounded to the dtype)
     * @return {@code tensor}
     */
    public static INDArray constant(INDArray tensor, double value) {
        return constant(value).fill(tensor);
    }

    /**
     * PyTorch's {@code zeros_}.
     *
     * @param tensor modified: every element becomes 0; any rank and dtype
     * @return {@code tensor}
     */
    public static INDArray zeros(INDArray tensor) {
        return zeros().fill(tensor);
    }

    /**
     * PyTorch's {@code ones_}.
     *
     * @param tensor modified: every element becomes 1; any rank and dtype
     * @return {@code tensor}
     */
    public static INDArray ones(INDArray tensor) {
        return ones().fill(tensor);
    }

    // ------------------------------------------------------------------ on a parameter

    /**
     * {@link #kaimingUniform(INDArray, double, Mode, Nonlinearity, long)} on the parameter's live value.
     *
     * @param parameter    modified: its value is filled in place
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @param seed         the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter kaimingUniform(Parameter parameter, double a, Mode mode, Nonlinearity nonlinearity,
                                           long seed) {
        return kaimingUniform(a, mode, nonlinearity).seed(seed).fill(parameter);
    }

    /**
     * {@link #kaimingNormal(INDArray, double, Mode, Nonlinearity, long)} on the parameter's live value.
     *
     * @param parameter    modified: its value is filled in place
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @param seed         the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter kaimingNormal(Parameter parameter, double a, Mode mode, Nonlinearity nonlinearity,
                                          long seed) {
        return kaimingNormal(a, mode, nonlinearity).seed(seed).fill(parameter);
    }

    /**
     * {@link #xavierUniform(INDArray, double, long)} on the parameter's live value.
     *
     * @param parameter modified: its value is filled in place
     * @param gain      the scale
     * @param seed      the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter xavierUniform(Parameter parameter, double gain, long seed) {
        return xavierUniform(gain).seed(seed).fill(parameter);
    }

    /**
     * {@link #xavierNormal(INDArray, double, long)} on the parameter's live value.
     *
     * @param parameter modified: its value is filled in place
     * @param gain      the scale
     * @param seed      the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter xavierNormal(Parameter parameter, double gain, long seed) {
        return xavierNormal(gain).seed(seed).fill(parameter);
    }

    /**
     * {@link #orthogonal(INDArray, double, long)} on the parameter's live value.
     *
     * @param parameter modified: its value is filled in place
     * @param gain      the scale
     * @param seed      the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter orthogonal(Parameter parameter, double gain, long seed) {
        return orthogonal(gain).seed(seed).fill(parameter);
    }

    /**
     * {@link #uniform(INDArray, double, double, long)} on the parameter's live value.
     *
     * @param parameter modified: its value is filled in place
     * @param low       the lower bound
     * @param high      the upper bound
     * @param seed      the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter uniform(Parameter parameter, double low, double high, long seed) {
        return uniform(low, high).seed(seed).fill(parameter);
    }

    /**
     * {@link #normal(INDArray, double, double, long)} on the parameter's live value.
     *
     * @param parameter modified: its value is filled in place
     * @param mean      the mean
     * @param std       the standard deviation
     * @param seed      the same seed gives the same values
     * @return {@code parameter}
     * @throws IllegalArgumentException as the array form, naming the parameter
     */
    public static Parameter normal(Parameter parameter, double mean, double std, long seed) {
        return normal(mean, std).seed(seed).fill(parameter);
    }

    /**
     * {@link #constant(INDArray, double)} on the parameter's live value.
     *
     * @param parameter modified: every element of its value becomes {@code value}
     * @param value     the value
     * @return {@code parameter}
     */
    public static Parameter constant(Parameter parameter, double value) {
        return constant(value).fill(parameter);
    }

    /**
     * {@link #zeros(INDArray)} on the parameter's live value.
     *
     * @param parameter modified: every element of its value becomes 0
     * @return {@code parameter}
     */
    public static Parameter zeros(Parameter parameter) {
        return zeros().fill(parameter);
    }

    /**
     * {@link #ones(INDArray)} on the parameter's live value.
     *
     * @param parameter modified: every element of its value becomes 1
     * @return {@code parameter}
     */
    public static Parameter ones(Parameter parameter) {
        return ones().fill(parameter);
    }

    // ------------------------------------------------------------------ initialisers, to apply by name

    /**
     * Kaiming uniform with {@code a = 0}, as an {@link Initialiser}.
     *
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     */
    public static Initialiser kaimingUniform(Mode mode, Nonlinearity nonlinearity) {
        return kaimingUniform(0, mode, nonlinearity);
    }

    /**
     * {@link #kaimingUniform(INDArray, double, Mode, Nonlinearity, long)} as an {@link Initialiser}.
     *
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite {@code a}
     */
    public static Initialiser kaimingUniform(double a, Mode mode, Nonlinearity nonlinearity) {
        double gainOf = kaimingGain("kaimingUniform", a, mode, nonlinearity);
        return new Initialiser("kaimingUniform", "a=" + a + ", mode=" + mode + ", nonlinearity=" + nonlinearity, true,
                (who, t, seed) -> {
                    if (t.length() == 0) {
                        return;
                    }
                    double std = gainOf / Math.sqrt(fans(who, t.shape()).get(mode));
                    double bound = Math.sqrt(3.0) * std;
                    write(who, t, uniformValues(who, t, -bound, bound, seed));
                });
    }

    /**
     * Kaiming normal with {@code a = 0}, as an {@link Initialiser}.
     *
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     */
    public static Initialiser kaimingNormal(Mode mode, Nonlinearity nonlinearity) {
        return kaimingNormal(0, mode, nonlinearity);
    }

    /**
     * {@link #kaimingNormal(INDArray, double, Mode, Nonlinearity, long)} as an {@link Initialiser}.
     *
     * @param a            the negative slope of the rectifier after this layer (read for {@code LEAKY_RELU} only)
     * @param mode         which fan
     * @param nonlinearity the function that follows the layer
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite {@code a}
     */
    public static Initialiser kaimingNormal(double a, Mode mode, Nonlinearity nonlinearity) {
        double gainOf = kaimingGain("kaimingNormal", a, mode, nonlinearity);
        return new Initialiser("kaimingNormal", "a=" + a + ", mode=" + mode + ", nonlinearity=" + nonlinearity, true,
                (who, t, seed) -> {
                    if (t.length() == 0) {
                        return;
                    }
                    double std = gainOf / Math.sqrt(fans(who, t.shape()).get(mode));
                    write(who, t, normalValues(who, t, 0, std, seed));
                });
    }

    /**
     * Xavier uniform with gain 1, as an {@link Initialiser}.
     *
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     */
    public static Initialiser xavierUniform() {
        return xavierUniform(1);
    }

    /**
     * {@link #xavierUniform(INDArray, double, long)} as an {@link Initialiser}.
     *
     * @param gain the scale
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite gain
     */
    public static Initialiser xavierUniform(double gain) {
        requireFinite("xavierUniform", "gain", gain);
        return new Initialiser("xavierUniform", "gain=" + gain, true, (who, t, seed) -> {
            double bound = Math.sqrt(3.0) * xavierStd(who, t, gain);
            write(who, t, uniformValues(who, t, -bound, bound, seed));
        });
    }

    /**
     * Xavier normal with gain 1, as an {@link Initialiser}.
     *
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     */
    public static Initialiser xavierNormal() {
        return xavierNormal(1);
    }

    /**
     * {@link #xavierNormal(INDArray, double, long)} as an {@link Initialiser}.
     *
     * @param gain the scale
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite gain
     */
    public static Initialiser xavierNormal(double gain) {
        requireFinite("xavierNormal", "gain", gain);
        return new Initialiser("xavierNormal", "gain=" + gain, true, (who, t, seed) -> {
            double std = xavierStd(who, t, gain);
            write(who, t, normalValues(who, t, 0, std, seed));
        });
    }

    /**
     * Orthogonal with gain 1, as an {@link Initialiser}.
     *
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     */
    public static Initialiser orthogonal() {
        return orthogonal(1);
    }

    /**
     * {@link #orthogonal(INDArray, double, long)} as an {@link Initialiser}.
     *
     * @param gain the scale
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite gain
     */
    public static Initialiser orthogonal(double gain) {
        requireFinite("orthogonal", "gain", gain);
        return new Initialiser("orthogonal", "gain=" + gain, true, (who, t, seed) -> {
            if (t.rank() < 2) {
                throw new IllegalArgumentException(who + ": Only tensors with 2 or more dimensions are supported,"
                        + " found shape " + Arrays.toString(t.shape()));
            }
            if (t.length() == 0) {
                return;
            }
            double[] normal = normalValues(who, t, 0, 1, seed);
            int rows = (int) t.size(0);
            int cols = normal.length / rows;
            double[] w = orthogonalRows(normal, rows, cols);
            for (int i = 0; i < w.length; i++) {
                w[i] *= gain;
            }
            write(who, t, w);
        });
    }

    /**
     * {@link #uniform(INDArray, double, double, long)} as an {@link Initialiser}.
     *
     * @param low  the lower bound
     * @param high the upper bound, at least {@code low}
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for bounds that are not finite or with {@code low > high}
     */
    public static Initialiser uniform(double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("uniform: expected finite bounds, found low=" + low + ", high=" + high);
        }
        if (low > high) {
            throw new IllegalArgumentException("uniform: expected low <= high, found low=" + low + " > high=" + high);
        }
        return new Initialiser("uniform", "low=" + low + ", high=" + high, true,
                (who, t, seed) -> write(who, t, uniformValues(who, t, low, high, seed)));
    }

    /**
     * {@link #normal(INDArray, double, double, long)} as an {@link Initialiser}.
     *
     * @param mean the mean
     * @param std  the standard deviation, at least 0
     * @return the initialiser, without a seed until {@link Initialiser#seed} gives one
     * @throws IllegalArgumentException for a non-finite mean or std, a negative std
     */
    public static Initialiser normal(double mean, double std) {
        if (!Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normal: expected a finite mean and std, found mean=" + mean
                    + ", std=" + std);
        }
        if (std < 0) {
            throw new IllegalArgumentException("normal: expected std >= 0, found std=" + std);
        }
        return new Initialiser("normal", "mean=" + mean + ", std=" + std, true,
                (who, t, seed) -> write(who, t, normalValues(who, t, mean, std, seed)));
    }

    /**
     * {@link #constant(INDArray, double)} as an {@link Initialiser} (it needs no seed).
     *
     * @param value the value
     * @return the initialiser
     */
    public static Initialiser constant(double value) {
        return new Initialiser("constant", "value=" + value, false, (who, t, seed) -> t.assign(value));
    }

    /**
     * {@link #zeros(INDArray)} as an {@link Initialiser} (it needs no seed), e.g. for every bias:
     * {@code Init.zeros().apply(net, "*.bias")}.
     *
     * @return the initialiser
     */
    public static Initialiser zeros() {
        return new Initialiser("zeros", "", false, (who, t, seed) -> t.assign(0));
    }

    /**
     * {@link #ones(INDArray)} as an {@link Initialiser} (it needs no seed).
     *
     * @return the initialiser
     */
    public static Initialiser ones() {
        return new Initialiser("ones", "", false, (who, t, seed) -> t.assign(1));
    }

    // ------------------------------------------------------------------ seeds by name

    /**
     * The seed {@link Initialiser#apply} gives the parameter at {@code path}: a hash of {@code seed} and the
     * path's UTF-8 bytes only, so a parameter's values do not depend on which other parameters are initialised
     * or in what order. {@code Init.kaimingNormal(w, 0, mode, nl, Init.seedFor(7, "0.weight"))} gives what
     * {@code Init.kaimingNormal(mode, nl).seed(7).apply(net, "*.weight")} gives {@code 0.weight}.
     *
     * @param seed the initialiser's seed
     * @param path the parameter's path, as {@link org.nn4j.core.Module#namedParameters()} names it
     * @return the parameter's seed
     */
    public static long seedFor(long seed, String path) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the bytes, then a 64-bit finaliser
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(mix(h) + seed * 0x9e3779b97f4a7c15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ the maths

    private static Fans fans(String who, long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(who + ": Fan in and fan out can not be computed for tensor with"
                    + " fewer than 2 dimensions, found shape " + Arrays.toString(shape));
        }
        long receptiveField = 1;
        for (int i = 2; i < shape.length; i++) {
            receptiveField *= shape[i];
        }
        return new Fans(shape[1] * receptiveField, shape[0] * receptiveField);
    }

    private static double gain(String who, Nonlinearity nonlinearity, double param) {
        Objects.requireNonNull(nonlinearity, "nonlinearity");
        switch (nonlinearity) {
            case TANH:
                return 5.0 / 3;
            case RELU:
                return Math.sqrt(2.0);
            case LEAKY_RELU:
                if (!Double.isFinite(param)) {
                    throw new IllegalArgumentException(who + ": negative_slope " + param + " not a valid number");
                }
                return Math.sqrt(2.0 / (1 + param * param));
            case SELU:
                return 3.0 / 4;
            default:
                return 1;
        }
    }

    /** The gain of a Kaiming initialiser: PyTorch passes {@code a} as the slope (0 by default, not 0.01). */
    private static double kaimingGain(String who, double a, Mode mode, Nonlinearity nonlinearity) {
        Objects.requireNonNull(mode, "mode");
        requireFinite(who, "a", a);
        return gain(who, nonlinearity, a);
    }

    private static double xavierStd(String who, INDArray t, double gain) {
        Fans f = fans(who, t.shape());
        if (f.fanIn() + f.fanOut() == 0) {
            throw new IllegalArgumentException(who + ": fan_in + fan_out is 0 for shape " + Arrays.toString(t.shape()));
        }
        return gain * Math.sqrt(2.0 / (double) (f.fanIn() + f.fanOut()));
    }

    private static void requireFinite(String who, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(who + ": expected a finite " + name + ", found " + value);
        }
    }

    /** The number of values to draw for {@code t}, checked to be a floating-point array that fits a Java array. */
    private static int drawCount(String who, INDArray t) {
        if (!t.dataType().isFPType()) {
            throw new IllegalArgumentException(who + ": expected a floating-point tensor, found " + t.dataType()
                    + " with shape " + Arrays.toString(t.shape()));
        }
        if (t.length() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(who + ": expected at most " + (Integer.MAX_VALUE - 8)
                    + " elements, found " + t.length() + " (shape " + Arrays.toString(t.shape()) + ")");
        }
        return (int) t.length();
    }

    /** The same draws as {@link Initialisers#uniform}: {@code low + (high − low)·u}, u uniform in [0, 1). */
    private static double[] uniformValues(String who, INDArray t, double low, double high, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[drawCount(who, t)];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return values;
    }

    /** Box–Muller on pairs of uniform draws: the same values on every JVM. */
    private static double[] normalValues(String who, INDArray t, double mean, double std, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[drawCount(who, t)];
        for (int i = 0; i < values.length; i += 2) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble())); // 1 − u lies in (0, 1]
            double angle = 2 * Math.PI * random.nextDouble();
            values[i] = mean + std * radius * Math.cos(angle);
            if (i + 1 < values.length) {
                values[i + 1] = mean + std * radius * Math.sin(angle);
            }
        }
        return values;
    }

    /** Writes c-ordered {@code values} into {@code t}, whatever its layout, rounded to its dtype. */
    private static void write(String who, INDArray t, double[] values) {
        if (values.length == 0) {
            return;
        }
        if (t.rank() == 0) {
            t.assign(values[0]);
            return;
        }
        t.assign(Nd4j.createFromArray(values).reshape(t.shape()).castTo(t.dataType()));
    }

    /**
     * The orthogonal matrix PyTorch's {@code orthogonal_} makes of the standard normal {@code rows × cols} matrix
     * {@code normal} (row-major, not modified), before the gain: row-major too.
     */
    static double[] orthogonalRows(double[] normal, int rows, int cols) {
        if (rows < cols) {
            // PyTorch factorises the transpose, a cols × rows matrix, whose column-major storage is the
            // row-major storage of the normal matrix; the result Qᵀ, row-major, is then Q's column-major storage.
            return orthonormalColumns(normal.clone(), cols, rows);
        }
        double[] a = new double[normal.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[j * rows + i] = normal[i * cols + j];
            }
        }
        double[] q = orthonormalColumns(a, rows, cols);
        double[] w = new double[q.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] = q[j * rows + i];
            }
        }
        return w;
    }

    /**
     * Q of the reduced QR decomposition A = QR (Householder reflections), each column k multiplied by the sign of
     * R's element (k, k), as PyTorch does with LAPACK's Q: the Q whose R has a diagonal ≥ 0.
     *
     * @param a column-major m × n, m ≥ n; overwritten
     * @return Q, column-major m × n
     */
    private static double[] orthonormalColumns(double[] a, int m, int n) {
        double[] v = new double[a.length]; // column k holds the unit reflection vector of step k in rows k..m−1
        double[] sign = new double[n];
        for (int k = 0; k < n; k++) {
            int ck = k * m;
            double tail = 0;
            for (int i = k + 1; i < m; i++) {
                tail += a[ck + i] * a[ck + i];
            }
            double x0 = a[ck + k];
            double norm = Math.sqrt(x0 * x0 + tail);
            double alpha = x0 > 0 ? -norm : norm; // R's element (k, k); the sign that avoids cancellation in v
            double vNorm = Math.sqrt(tail + (x0 - alpha) * (x0 - alpha));
            sign[k] = Math.signum(alpha);
            if (vNorm == 0) {
                continue; // a zero column: no reflection, and PyTorch's sign(0) = 0 zeroes Q's column
            }
            v[ck + k] = (x0 - alpha) / vNorm;
            for (int i = k + 1; i < m; i++) {
                v[ck + i] = a[ck + i] / vNorm;
            }
            reflectColumns(v, ck, a, k + 1, n, k, m);
        }
        double[] q = new double[a.length];
        for (int k = 0; k < n; k++) {
            q[k * m + k] = 1;
        }
        // Q = H0·H1·…·H(n−1) applied to the first n columns of I; H(k) leaves the columns before k as they are.
        for (int k = n - 1; k >= 0; k--) {
            reflectColumns(v, k * m, q, k, n, k, m);
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                q[k * m + i] *= sign[k];
            }
        }
        return q;
    }

    /**
     * {@link #reflect} on columns {@code first..n−1} of the column-major {@code x} (m rows), four at a time: one
     * pass over v serves four columns, and four independent sums keep the multipliers busy.
     */
    private static void reflectColumns(double[] v, int vAt, double[] x, int first, int n, int from, int m) {
        int j = first;
        for (; j + 4 <= n; j += 4) {
            int x0 = j * m;
            int x1 = x0 + m;
            int x2 = x1 + m;
            int x3 = x2 + m;
            double d0 = 0;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            for (int i = from; i < m; i++) {
                double vi = v[vAt + i];
                d0 += vi * x[x0 + i];
                d1 += vi * x[x1 + i];
                d2 += vi * x[x2 + i];
                d3 += vi * x[x3 + i];
            }
            d0 *= 2;
            d1 *= 2;
            d2 *= 2;
            d3 *= 2;
            for (int i = from; i < m; i++) {
                double vi = v[vAt + i];
                x[x0 + i] -= d0 * vi;
                x[x1 + i] -= d1 * vi;
                x[x2 + i] -= d2 * vi;
                x[x3 + i] -= d3 * vi;
            }
        }
        for (; j < n; j++) {
            reflect(v, vAt, x, j * m, from, m);
        }
    }

    /** x ← (I − 2·v·vᵀ)·x on rows {@code from..m−1}: v at {@code v[vAt + i]}, x at {@code x[xAt + i]}. */
    private static void reflect(double[] v, int vAt, double[] x, int xAt, int from, int m) {
        double dot = 0;
        for (int i = from; i < m; i++) {
            dot += v[vAt + i] * x[xAt + i];
        }
        if (dot == 0) {
            return;
        }
        double s = 2 * dot;
        for (int i = from; i < m; i++) {
            x[xAt + i] -= s * v[vAt + i];
        }
    }
}
