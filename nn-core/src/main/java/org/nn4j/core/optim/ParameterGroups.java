package org.nn4j.core.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;

/**
 * Several groups of parameters, each updated by its own optimizer (its own learning rate,
 * momentum, weight decay...), as one {@link Optimizer}: PyTorch's parameter groups. Train a
 * pretrained backbone slowly and a new head fast with one {@code Trainer}:
 *
 * <pre>{@code
 * Optimizer groups = ParameterGroups.of(new GradientDescent(0.01), backbone.parameters())
 *         .and(new Adam(1e-3), head.parameters());
 * new Trainer(net, loss, groups).fit(train, validation, 10);
 * }</pre>
 *
 * <p>Each parameter belongs to exactly one group: a parameter given to two groups is rejected
 * when the groups are built, and {@link #step} rejects a parameter that is in no group (freeze a
 * parameter with {@link Parameter#setFrozen} to leave it untrained). Checkpoints save and load the
 * state of each parameter's own optimizer ({@link #state}, {@link #loadState}).
 *
 * <p>Learning-rate schedules ({@link LRScheduler}) see one rate, the first group's: a schedule
 * built on a {@code ParameterGroups} scales every group's rate by the same factor, so the groups
 * keep their ratios (with {@link StepLR} each group decays as it would on its own, to rounding).
 *
 * <p>No weight decay on biases and normalisation parameters, the usual recipe for AdamW and for
 * SGD on ResNets, is {@link #decayedAndNot}:
 *
 * <pre>{@code
 * Optimizer optimizer = ParameterGroups.decayedAndNot(net,
 *         new AdamW(1e-3).weightDecay(0.05), new AdamW(1e-3).weightDecay(0));
 * }</pre>
 */
public final class ParameterGroups implements Optimizer {

    /** One group: its optimizer, its parameters and the optimizer's rate when the group was made. */
    private record Group(Optimizer optimizer, List<Parameter> parameters, double baseRate) {
    }

    private final List<Group> groups;
    private final Map<Parameter, Integer> groupOf;

    private ParameterGroups(List<Group> groups, Map<Parameter, Integer> groupOf) {
        this.groups = groups;
        this.groupOf = groupOf;
    }

    /**
     * A first group: {@code parameters} updated by {@code optimizer}.
     *
     * @param optimizer  updates this group's parameters; its learning rate now is the group's base rate
     * @param parameters the group's parameters (e.g. {@code backbone.parameters()}); the list is copied
     * @return groups holding this one group; add more with {@link #and}
     * @throws IllegalArgumentException when a parameter appears twice in {@code parameters}
     */
    public static ParameterGroups of(Optimizer optimizer, List<Parameter> parameters) {
        return new ParameterGroups(List.of(), Map.of()).and(optimizer, parameters);
    }

    /**
     * Two groups of {@code net}'s parameters: those {@link #exemptFromWeightDecay exempt from
     * weight decay} (biases, normalisation scales and shifts, every parameter of rank &le; 1)
     * updated by {@code notDecayed}, all others (weights of Linear, convolutions, embeddings)
     * by {@code decayed}. The decayed group is the first, the one schedules drive. Either group
     * may be empty.
     *
     * @param net its parameters, by {@link Module#namedParameters()}, are split
     * @param decayed updates the decayed parameters (give it the weight decay)
     * @param notDecayed updates the others (give it weight decay 0, the same learning rate)
     * @return the two groups
     * @throws IllegalArgumentException when {@code decayed} and {@code notDecayed} are the same object
     */
    public static ParameterGroups decayedAndNot(Module net, Optimizer decayed, Optimizer notDecayed) {
        List<Parameter> decay = new ArrayList<>();
        List<Parameter> noDecay = new ArrayList<>();
        net.namedParameters().forEach((path, p) -> (exemptFromWeightDecay(path, p) ? noDecay : decay).add(p));
        return of(decayed, decay).and(notDecayed, noDecay);
    }

    /**
     * The rule of {@link #decayedAndNot}: a parameter is exempt from weight decay when its value
     * has rank &le; 1 (biases, BatchNorm's and LayerNorm's weight and bias over one axis, PReLU's
     * slopes, scalars) or its path ends with {@code bias} ({@code "bias"}, {@code "3.bias"}).
     * A LayerNorm over several axes has a weight of rank &gt; 1, which this rule decays: build
     * such groups yourself with {@link #of} and {@link #and}.
     *
     * @param path the parameter's path in its network, as {@link Module#namedParameters()} gives it
     * @param parameter the parameter; not modified
     * @return whether the parameter goes to the group without weight decay
     */
    public static boolean exemptFromWeightDecay(String path, Parameter parameter) {
        return parameter.value().rank() <= 1 || path.endsWith("bias");
    }

    /**
     * These groups plus one more: {@code parameters} updated by {@code optimizer}.
     *
     * @param optimizer  updates this group's parameters; not already used by another group
     * @param parameters the group's parameters; the list is copied
     * @return new groups (this object is not changed)
     * @throws IllegalArgumentException when a parameter is already in a group, or the optimizer
     *                                  already updates another group
     */
    public ParameterGroups and(Optimizer optimizer, List<Parameter> parameters) {
        Objects.requireNonNull(optimizer, "optimizer");
        int index = groups.size();
        for (int i = 0; i < index; i++) {
            if (groups.get(i).optimizer() == optimizer) {
                throw new IllegalArgumentException("ParameterGroups: " + optimizer + " already updates group " + i
                        + "; give each group its own optimizer");
            }
        }
        Map<Parameter, Integer> map = new IdentityHashMap<>(groupOf);
        for (Parameter p : parameters) {
            Integer before = map.putIfAbsent(p, index);
            if (before != null) {
                throw new IllegalArgumentException("ParameterGroups: parameter " + p + " is in group " + before
                        + (before == index ? " twice" : " and again in group " + index)
                        + "; each parameter belongs to one group");
            }
        }
        List<Group> list = new ArrayList<>(groups);
        list.add(new Group(optimizer, List.copyOf(parameters), optimizer.learningRate()));
        return new ParameterGroups(List.copyOf(list), map);
    }

    /**
     * The groups' optimizers, in the order the groups were added (read or change a group's own
     * learning rate through them).
     *
     * @return an unmodifiable list
     */
    public List<Optimizer> optimizers() {
        List<Optimizer> list = new ArrayList<>(groups.size());
        groups.forEach(g -> list.add(g.optimizer()));
        return List.copyOf(list);
    }

    /**
     * One update of every non-frozen parameter in {@code parameters}, each by its group's
     * optimizer. Checks every parameter before updating any.
     *
     * @throws IllegalArgumentException naming the first non-frozen parameter that is in no group
     */
    @Override
    public void step(List<Parameter> parameters) {
        List<List<Parameter>> perGroup = new ArrayList<>(groups.size());
        groups.forEach(g -> perGroup.add(new ArrayList<>()));
        for (Parameter p : parameters) {
            if (!p.isFrozen()) {
                perGroup.get(indexOf(p)).add(p);
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!perGroup.get(i).isEmpty()) {
                groups.get(i).optimizer().step(perGroup.get(i));
            }
        }
    }

    /**
     * One update of {@code parameter} by its group's optimizer.
     *
     * @throws IllegalArgumentException when {@code parameter} is in no group
     */
    @Override
    public void update(Parameter parameter) {
        groups.get(indexOf(parameter)).optimizer().update(parameter);
    }

    /** The first group's current learning rate (the one schedules drive). */
    @Override
    public double learningRate() {
        return groups.get(0).optimizer().learningRate();
    }

    /**
     * Sets the first group's rate to {@code learningRate} and scales every other group's rate by
     * the same factor: group i gets {@code baseRate_i · learningRate / baseRate_0}, where a base
     * rate is the group's rate when it was added.
     *
     * @throws IllegalStateException when the first group's base rate is 0 (no factor can be taken)
     */
    @Override
    public void setLearningRate(double learningRate) {
        double base = groups.get(0).baseRate();
        if (base == 0) {
            throw new IllegalStateException("ParameterGroups: the first group's learning rate was 0 when it was"
                    + " added, so the other groups' rates cannot be scaled with it");
        }
        double factor = learningRate / base;
        groups.get(0).optimizer().setLearningRate(learningRate);
        for (int i = 1; i < groups.size(); i++) {
            Group g = groups.get(i);
            g.optimizer().setLearningRate(g.baseRate() * factor);
        }
    }

    /** The state kept by {@code parameter}'s group optimizer; empty for a parameter in no group. */
    @Override
    public Map<String, INDArray> state(Parameter parameter) {
        Integer i = groupOf.get(parameter);
        return i == null ? Map.of() : groups.get(i).optimizer().state(parameter);
    }

    /** The state shapes of {@code parameter}'s group optimizer; empty for a parameter in no group. */
    @Override
    public Map<String, long[]> stateShapes(Parameter parameter) {
        Integer i = groupOf.get(parameter);
        return i == null ? Map.of() : groups.get(i).optimizer().stateShapes(parameter);
    }

    /**
     * Loads {@code state} into {@code parameter}'s group optimizer.
     *
     * @param state not modified
     * @throws IllegalArgumentException when names or shapes differ from {@link #stateShapes}, or
     *                                  {@code state} is not empty for a parameter in no group
     */
    @Override
    public void loadState(Parameter parameter, Map<String, INDArray> state) {
        Integer i = groupOf.get(parameter);
        if (i != null) {
            groups.get(i).optimizer().loadState(parameter, state);
        } else if (!state.isEmpty()) {
            throw new IllegalArgumentException("ParameterGroups: parameter " + parameter + " is in no group, found"
                    + " optimizer state " + state.keySet() + " for it");
        }
    }

    private int indexOf(Parameter p) {
        Integer i = groupOf.get(p);
        if (i == null) {
            throw new IllegalArgumentException("ParameterGroups: parameter " + p + " is in no group; add it with"
                    + " and(optimizer, parameters), or freeze it (setFrozen(true)) to leave it untrained");
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ParameterGroups[");
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            s.append(i == 0 ? "" : ", ").append(g.optimizer()).append(": ").append(g.parameters().size())
                    .append(g.parameters().size() == 1 ? " parameter" : " parameters");
        }
        return s.append(']').toString();
    }
}
