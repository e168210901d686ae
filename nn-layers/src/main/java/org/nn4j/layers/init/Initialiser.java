package org.nn4j.layers.init;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Seeds;

/**
 * One of {@link Init}'s functions with its arguments, to apply to arrays, parameters, or a network's parameters
 * chosen by name:
 * <pre>{@code
 * Init.kaimingNormal(Mode.FAN_OUT, Nonlinearity.RELU).seed(7).apply(net, "*.weight");
 * Init.zeros().apply(net, "*.bias");
 * }</pre>
 * Immutable: {@link #seed(long)} returns a new initialiser. Without a seed, each {@link #apply} or {@link #fill}
 * call of a random initialiser takes the next seed of {@link Seeds}, as modules built without a seed do.
 */
public final class Initialiser {

    /** Fills {@code target} in place from {@code seed}; {@code who} starts every error message. */
    interface Fill {
        void fill(String who, INDArray target, long seed);
    }

    private final String name;
    private final String arguments;
    private final boolean random;
    private final Fill fill;
    private final Long seed;

    Initialiser(String name, String arguments, boolean random, Fill fill) {
        this(name, arguments, random, fill, null);
    }

    private Initialiser(String name, String arguments, boolean random, Fill fill, Long seed) {
        this.name = name;
        this.arguments = arguments;
        this.random = random;
        this.fill = fill;
        this.seed = seed;
    }

    /**
     * This initialiser drawing from {@code seed}: the same seed gives the same values.
     *
     * @param seed the seed of {@link #fill}; {@link #apply} derives each parameter's seed from it and the
     *             parameter's path ({@link Init#seedFor})
     * @return a new initialiser; this one is unchanged
     */
    public Initialiser seed(long seed) {
        return new Initialiser(name, arguments, random, fill, seed);
    }

    /**
     * Fills {@code target} in place from this initialiser's seed.
     *
     * @param target modified; any layout, views included
     * @return {@code target}
     * @throws IllegalArgumentException when this function does not take the array (its rank, its dtype),
     *                                  before anything is written
     */
    public INDArray fill(INDArray target) {
        fill.fill(name, target, seedOrNext());
        return target;
    }

    /**
     * Fills the parameter's live value in place from this initialiser's seed.
     *
     * @param parameter modified: its value (frozen or not, as PyTorch's {@code torch.nn.init})
     * @return {@code parameter}
     * @throws IllegalArgumentException when this function does not take the value, naming the parameter
     */
    public Parameter fill(Parameter parameter) {
        fill.fill(name + " on parameter " + parameter.name(), parameter.value(), seedOrNext());
        return parameter;
    }

    /**
     * Fills every parameter of {@code module} whose path matches {@code glob}, each from
     * {@link Init#seedFor}{@code (seed, path)}. Paths are those of {@link Module#namedParameters()}, PyTorch's
     * {@code state_dict} names ({@code "0.weight"}, {@code "3.block.1.bias"}; a lone module's are {@code "weight"}
     * and {@code "bias"}). In the glob {@code *} matches any characters, dots included, {@code ?} one character,
     * and everything else itself; the whole path must match: {@code "*.weight"} matches {@code "0.weight"} and
     * {@code "2.block.0.weight"} but not {@code "weight"}, {@code "*weight"} matches all three.
     *
     * @param module modified: the matching parameters' values, frozen or not (as PyTorch's {@code torch.nn.init})
     * @param glob   the pattern of the paths to fill
     * @return the paths filled, in {@link Module#namedParameters()} order
     * @throws IllegalArgumentException when no path matches (the message lists the module's paths), or when
     *                                  this function does not take one of the matching parameters (it names it);
     *                                  then no parameter is changed
     */
    public List<String> apply(Module module, String glob) {
        Pattern pattern = globPattern(glob);
        return apply(module, path -> pattern.matcher(path).matches(), "matches \"" + glob + "\"");
    }

    /**
     * Fills every parameter of {@code module} whose path {@code names} accepts, as {@link #apply(Module, String)}:
     * e.g. {@code apply(net, path -> path.endsWith("weight") && !path.startsWith("0."))}.
     *
     * @param module modified: the accepted parameters' values
     * @param names  accepts the paths to fill, as {@link Module#namedParameters()} names them
     * @return the paths filled, in {@link Module#namedParameters()} order
     * @throws IllegalArgumentException when no path is accepted (the message lists the module's paths), or when
     *                                  this function does not take one of the accepted parameters (it names it);
     *                                  then no parameter is changed
     */
    public List<String> apply(Module module, Predicate<String> names) {
        Objects.requireNonNull(names, "names");
        return apply(module, names, "is accepted by the predicate");
    }

    private List<String> apply(Module module, Predicate<String> names, String how) {
        Map<String, Parameter> all = module.namedParameters();
        Map<String, INDArray> filled = new LinkedHashMap<>();
        long base = random ? seedOrNext() : 0;
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            if (names.test(e.getKey())) {
                INDArray values = e.getValue().value().ulike();
                fill.fill(name + " on parameter " + e.getKey(), values, Init.seedFor(base, e.getKey()));
                filled.put(e.getKey(), values);
            }
        }
        if (filled.isEmpty()) {
            throw new IllegalArgumentException(this + ": no parameter of " + module.getClass().getSimpleName() + " "
                    + how + "; its parameters are " + all.keySet());
        }
        filled.forEach((path, values) -> all.get(path).value().assign(values));
        return List.copyOf(filled.keySet());
    }

    private long seedOrNext() {
        return seed != null ? seed : random ? Seeds.next() : 0;
    }

    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * {@return the function, its arguments and the seed when given, e.g.
     * {@code "kaimingNormal(a=0.0, mode=fan_out, nonlinearity=relu).seed(7)"}}
     */
    @Override
    public String toString() {
        return name + "(" + arguments + ")" + (seed != null ? ".seed(" + seed + ")" : "");
    }
}
