package org.nn4j.layers;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.ModuleCase;
import org.quicktheories.core.Gen;

/**
 * The table of module specs (PyTorch's ModuleInfo idea): one row per module, each a
 * generator of random valid cases. {@link ModuleContractTest} runs every generic property on
 * every row, so a new module gets all of them by adding one row here.
 */
final class ModuleSpecs {

    /** A module's name and its generator of cases over random shapes. */
    record Spec(String name, Gen<ModuleCase> cases) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ModuleSpecs() {
    }

    private static final Gen<Integer> SIZE = integers().between(1, 16);
    private static final Gen<Long> SEED = longs().between(0, Long.MAX_VALUE / 2);

    static List<Spec> all() {
        List<Spec> all = new java.util.ArrayList<>(foundation());
        all.addAll(ConvSpecs.all());
        all.addAll(ActivationSpecs.all());
        return all;
    }

    /** The foundation's modules. */
    static List<Spec> foundation() {
        return List.of(
                new Spec("Linear", SIZE.zip(SIZE, SIZE, SEED, (n, in, out, seed) -> new ModuleCase(
                        "Linear(" + in + ", " + out + ")", () -> new Linear(in, out, true, seed),
                        shape(n, in), shape(n, out), seed))),
                new Spec("Linear without bias", SIZE.zip(SIZE, SIZE, SEED, (n, in, out, seed) -> new ModuleCase(
                        "Linear(" + in + ", " + out + ", bias=false)", () -> new Linear(in, out, false, seed),
                        shape(n, in), shape(n, out), seed))),
                elementwise("TanH", TanH::new),
                elementwise("Sigmoid", Sigmoid::new),
                new Spec("Sequential", SIZE.zip(SIZE, SIZE, SEED, (n, in, hidden, seed) -> new ModuleCase(
                        "Sequential(Linear(" + in + ", " + hidden + "), TanH, Linear(" + hidden + ", 1), Sigmoid)",
                        () -> new Sequential(new Linear(in, hidden, true, seed), new TanH(),
                                new Linear(hidden, 1, true, seed + 7), new Sigmoid()),
                        shape(n, in), shape(n, 1), seed))));
    }

    /** An element-wise module: any shape in, the same shape out (rank 2 to 4 here). */
    static Spec elementwise(String name, java.util.function.Supplier<org.nn4j.core.Module> factory) {
        return new Spec(name, SIZE.zip(SIZE, integers().between(2, 4), SEED, (n, f, rank, seed) -> {
            long[] s = rank == 2 ? shape(n, f) : rank == 3 ? shape(n, 2, f) : shape(n, 2, 3, f);
            return new ModuleCase(name, factory, s, s, seed);
        }));
    }

    static long[] shape(long... dims) {
        return dims;
    }
}
