package org.nn4j.core.optim;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;

/**
 * Per-parameter state of an optimizer: named buffers shaped like the parameter plus a step
 * count, keyed by the {@link Parameter} object (not its name, which is only unique inside a
 * module). Buffers are allocated once, on a parameter's first step, and then updated in place.
 */
final class OptimizerState {

    /** Buffers of one parameter, and how many steps it has taken. */
    static final class Slot {
        final Map<String, INDArray> buffers = new LinkedHashMap<>();
        long step;
        /** Scratch space shaped like the parameter, reused every step (not part of the state). */
        INDArray work;
        /** A second scratch array, for updates that need two; allocated by {@link OptimizerState#second}. */
        INDArray work2;

        INDArray get(String name) {
            return buffers.get(name);
        }
    }

    private final String owner;
    private final boolean countsSteps;
    private final String[] names;
    private final Map<Parameter, Slot> slots = new IdentityHashMap<>();

    /**
     * @param owner       names the optimizer in error messages
     * @param countsSteps whether {@code step} is part of the saved state (Adam's bias correction)
     * @param names       the buffers kept per parameter
     */
    OptimizerState(String owner, boolean countsSteps, String... names) {
        this.owner = owner;
        this.countsSteps = countsSteps;
        this.names = names.clone();
    }

    /** The slot of {@code p}, or null before its first step. */
    Slot find(Parameter p) {
        return slots.get(p);
    }

    /** The slot of {@code p}, with zeroed buffers and a scratch array on its first use (outside any step's workspace). */
    Slot slot(Parameter p) {
        return Workspaces.outside(() -> slotOf(p));
    }

    private Slot slotOf(Parameter p) {
        Slot s = slots.get(p);
        if (s != null && s.work.dataType() != p.value().dataType()) {
            // The module was cast with Module.to(DataType) after some steps: the state follows.
            s.buffers.replaceAll((name, b) -> b.castTo(p.value().dataType()));
            s.work = p.value().ulike();
            s.work2 = null;
        }
        if (s == null) {
            s = new Slot();
            for (String n : names) {
                s.buffers.put(n, p.value().ulike().assign(0));
            }
            s.work = p.value().ulike();
            slots.put(p, s);
        }
        return s;
    }

    /** The second scratch array of {@code s}, the slot of {@code p}, allocated outside any workspace on first use. */
    INDArray second(Slot s, Parameter p) {
        if (s.work2 == null) {
            s.work2 = Workspaces.outside(() -> p.value().ulike());
        }
        return s.work2;
    }

    /** Whether no parameter has state yet (no step taken, nothing loaded). */
    boolean isEmpty() {
        return slots.isEmpty();
    }

    Map<String, INDArray> state(Parameter p) {
        Slot s = slots.get(p);
        if (s == null) {
            return Map.of();
        }
        Map<String, INDArray> state = new LinkedHashMap<>(s.buffers);
        if (countsSteps) {
            state.put("step", Nd4j.scalar((double) s.step));
        }
        return state;
    }

    Map<String, long[]> shapes(Parameter p) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String n : names) {
            shapes.put(n, p.shape());
        }
        if (countsSteps) {
            shapes.put("step", new long[0]);
        }
        return shapes;
    }

    void load(Parameter p, Map<String, INDArray> state) {
        Map<String, long[]> expected = shapes(p);
        if (!new TreeSet<>(expected.keySet()).equals(new TreeSet<>(state.keySet()))) {
            throw new IllegalArgumentException(owner + ": state of parameter " + p.name() + " must hold "
                    + expected.keySet() + ", found " + state.keySet());
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] found = state.get(e.getKey()).shape();
            if (!Arrays.equals(e.getValue(), found)) {
                throw new IllegalArgumentException(owner + ": state " + e.getKey() + " of parameter " + p.name()
                        + ": expected shape " + Arrays.toString(e.getValue()) + ", found " + Arrays.toString(found));
            }
        }
        Slot s = slot(p);
        for (String n : names) {
            s.buffers.get(n).assign(state.get(n).castTo(p.value().dataType()));
        }
        // Without a saved count the buffers are still initialised: the next step uses them.
        s.step = countsSteps ? Math.round(state.get("step").getDouble(0)) : Math.max(s.step, 1);
    }
}
