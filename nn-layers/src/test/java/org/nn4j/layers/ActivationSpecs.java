package org.nn4j.layers;

import static org.nn4j.layers.ModuleSpecs.shape;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Module;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.TestArrays;
import org.quicktheories.core.Gen;
import org.nn4j.layers.init.Initialisers;

/**
 * Rows of {@link ModuleSpecs} for activations, Dropout and BatchNorm. Shapes stay small (the
 * gradient check runs two forwards per input element).
 *
 * <p>Dropout fits a generic row because its mask is a function of (seed, call counter): a row builds
 * {@code new Dropout(p, seed).freezeMask()}, so every forward of the gradient check uses one mask and
 * two modules from the same seed drop the same units.
 */
final class ActivationSpecs {

    private ActivationSpecs() {
    }

    private static final Gen<Integer> SMALL = integers().between(1, 6);
    private static final Gen<Integer> RANK = integers().between(2, 4);
    private static final Gen<Long> SEED = longs().between(0, Long.MAX_VALUE / 2);

    static List<ModuleSpecs.Spec> all() {
        return List.of(
                // ReLU's kink at 0: inputs keep |x| ≥ 0.1, far beyond the check's ±1e-6.
                new ModuleSpecs.Spec("ReLU", anyShape((seed, s) -> new ModuleCase("ReLU", ReLU::new, s, s, seed,
                        ActivationSpecs::awayFromZero))),
                new ModuleSpecs.Spec("Softmax", anyShape((seed, s) -> new ModuleCase("Softmax", Softmax::new, s, s, seed,
                        ActivationSpecs::logits))),
                new ModuleSpecs.Spec("LogSoftmax", anyShape((seed, s) -> new ModuleCase("LogSoftmax", LogSoftmax::new,
                        s, s, seed, ActivationSpecs::logits))),
                new ModuleSpecs.Spec("Dropout (frozen mask)", anyShape(integers().between(0, 9), (seed, s, tenths) ->
                        new ModuleCase("Dropout(" + tenths / 10.0 + ", seed " + seed + ").freezeMask()",
                                () -> new Dropout(tenths / 10.0, seed).freezeMask(), s, s, seed))),
                new ModuleSpecs.Spec("Dropout (eval)", anyShape((seed, s) -> new ModuleCase("Dropout(0.5).eval()",
                        () -> new Dropout(0.5, seed).eval(), s, s, seed))),
                new ModuleSpecs.Spec("BatchNorm1D [N, F] train", integers().between(2, 6).zip(SMALL, SEED, (n, f, seed) ->
                        batchNorm("BatchNorm1D(" + f + ")", () -> new BatchNorm1D(f), shape(n, f), seed, true))),
                new ModuleSpecs.Spec("BatchNorm1D [N, C, L] train", SMALL.zip(SMALL, integers().between(2, 5), SEED,
                        (n, c, l, seed) -> batchNorm("BatchNorm1D(" + c + ")", () -> new BatchNorm1D(c),
                                shape(n, c, l), seed, true))),
                new ModuleSpecs.Spec("BatchNorm1D eval", SMALL.zip(SMALL, SEED, (n, f, seed) ->
                        batchNorm("BatchNorm1D(" + f + ").eval()", () -> new BatchNorm1D(f), shape(n, f), seed, false))),
                new ModuleSpecs.Spec("BatchNorm2D train", SMALL.zip(integers().between(1, 3), integers().between(2, 4),
                        SEED, (n, c, hw, seed) -> batchNorm("BatchNorm2D(" + c + ")", () -> new BatchNorm2D(c),
                                shape(n, c, hw, hw + 1), seed, true))),
                new ModuleSpecs.Spec("BatchNorm2D eval", SMALL.zip(integers().between(1, 3), SMALL, SEED,
                        (n, c, hw, seed) -> batchNorm("BatchNorm2D(" + c + ").eval()", () -> new BatchNorm2D(c),
                                shape(n, c, hw, 2), seed, false))));
    }

    /** Shapes of rank 2 to 4 with every size in 1..6: [N, C], [N, C, L], [N, C, H, W]. */
    private static Gen<ModuleCase> anyShape(java.util.function.BiFunction<Long, long[], ModuleCase> make) {
        return SMALL.zip(SMALL, RANK, SEED, (n, c, rank, seed) -> make.apply(seed, shapeOfRank(rank, n, c, seed)));
    }

    private interface WithExtra {
        ModuleCase make(long seed, long[] shape, int extra);
    }

    private static Gen<ModuleCase> anyShape(Gen<Integer> extra, WithExtra make) {
        return SMALL.zip(SMALL, RANK, SEED, (n, c, rank, seed) -> new long[] {n, c, rank, seed})
                .zip(extra, (v, e) -> make.make(v[3], shapeOfRank((int) v[2], v[0], v[1], v[3]), e));
    }

    private static long[] shapeOfRank(int rank, long n, long c, long seed) {
        long last = 1 + Math.floorMod(seed, 4);
        return rank == 2 ? shape(n, c) : rank == 3 ? shape(n, c, last) : shape(n, c, 2, last);
    }

    /**
     * A BatchNorm with seeded weight, bias and running statistics (so none of them is a trivial 1 or 0),
     * in train or eval mode.
     */
    private static ModuleCase batchNorm(String name, Supplier<BatchNorm> factory, long[] shape, long seed, boolean train) {
        Supplier<Module> seeded = () -> {
            BatchNorm bn = factory.get();
            Initialisers.uniform(bn.weight().value(), 0.5, 1.5, seed);
            Initialisers.uniform(bn.bias().value(), -1, 1, seed + 1);
            Initialisers.uniform(bn.runningMean(), -1, 1, seed + 2);
            Initialisers.uniform(bn.runningVar(), 0.5, 2, seed + 3);
            return train ? bn.train() : bn.eval();
        };
        return new ModuleCase(name + (train ? "" : " eval"), seeded, shape, shape, seed);
    }

    /** Uniform in ±[0.1, 1). */
    private static INDArray awayFromZero(long seed, DataType dataType, long[] shape) {
        INDArray u = TestArrays.uniform(seed, dataType, shape);
        return u.addi(Transforms.sign(u, true).muli(0.1)).divi(1.1);
    }

    /** Logits in [-3, 3). */
    private static INDArray logits(long seed, DataType dataType, long[] shape) {
        return TestArrays.uniform(seed, dataType, -3, 3, shape);
    }
}
