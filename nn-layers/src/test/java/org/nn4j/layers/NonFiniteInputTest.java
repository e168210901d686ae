package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.kernels.LossOps;
import org.quicktheories.core.Gen;

/**
 * The "NaN/Inf in" property of every row of {@link ModuleSpecs} and every loss of {@link LossPropertiesTest}: one NaN
 * (and, separately, one +Inf) in the input shows up in the output where PyTorch 1.13's does, in float32 (the fast
 * paths, oneDNN where it runs) and float64 (the ND4J reference). Where PyTorch's output is NaN/Inf is written per row
 * below ({@link #EXPECTED}); a row without an entry fails, so a new row must say it.
 */
class NonFiniteInputTest {

    private static final int EXAMPLES = 4;

    /** Which outputs PyTorch makes non-finite for a non-finite input element at {@code p}; everything else stays finite. */
    @FunctionalInterface
    interface Where {
        /** @return the output positions (c order, flat) that must be non-finite */
        boolean[] nonFinite(long[] inputShape, long[] p, long[] outputShape, boolean nan);
    }

    /** The element itself (ReLU(NaN) = NaN, ReLU(+Inf) = +Inf; Dropout keeps NaN, and Inf·0 = NaN, even where it drops). */
    private static final Where SAME = (in, p, out, nan) -> only(out, flat(in, p));
    /** Sigmoid(+Inf) = 1 and tanh(+Inf) = 1 (and Hardtanh, ReLU6, LogSigmoid of +Inf are finite): NaN only. */
    private static final Where SAME_IF_NAN = (in, p, out, nan) -> nan ? SAME.nonFinite(in, p, out, true) : new boolean[(int) count(out)];
    /** Softmax and LogSoftmax over axis 1: the whole row holding it is NaN (+Inf − +Inf = NaN). */
    private static final Where ROW = (in, p, out, nan) -> matching(out, q -> sameExcept(q, p, 1));
    /** Every output of the sample. */
    private static final Where SAMPLE = (in, p, out, nan) -> matching(out, q -> q[0] == p[0]);
    /** Linear on [N, *, in]: every output of the position [n, *] (of the sample, for [N, in]). */
    private static final Where POSITION = (in, p, out, nan) -> matching(out, q -> Arrays.equals(q, 0, q.length - 1, p, 0, p.length - 1));
    /** BatchNorm in training: the batch statistics of the channel, hence every output of the channel. */
    private static final Where CHANNEL = (in, p, out, nan) -> matching(out, q -> q[1] == p[1]);
    /** Linear → TanH → Linear → Sigmoid: NaN reaches every output of the sample; ±Inf is squashed to ±1 by TanH. */
    private static final Where SAMPLE_IF_NAN = (in, p, out, nan) -> nan ? SAMPLE.nonFinite(in, p, out, true) : new boolean[(int) count(out)];

    /** Cross-attention on [N, L + S, E] cut into queries and memory: the query's output row, or the whole sample. */
    private static final Where QUERY_ROW_OR_SAMPLE = (in, p, out, nan) -> p[1] < out[1]
            ? matching(out, q -> q[0] == p[0] && q[1] == p[1]) : SAMPLE.nonFinite(in, p, out, nan);

    private static final Map<String, Where> EXPECTED = Map.ofEntries(
            Map.entry("ReLU", SAME), Map.entry("LeakyReLU", SAME),
            Map.entry("Sigmoid", SAME_IF_NAN), Map.entry("TanH", SAME_IF_NAN),
            // ELU, SELU, GELU, SiLU, Softplus, Hardswish and PReLU of +Inf are +Inf; Hardtanh and ReLU6 clamp it to the
            // upper bound and LogSigmoid(+Inf) = 0, but NaN stays NaN in all of them (PyTorch's clamp keeps NaN).
            Map.entry("ELU", SAME), Map.entry("SELU", SAME), Map.entry("GELU", SAME), Map.entry("SiLU", SAME),
            Map.entry("Softplus", SAME), Map.entry("Hardswish", SAME), Map.entry("PReLU", SAME),
            Map.entry("Hardtanh", SAME_IF_NAN), Map.entry("ReLU6", SAME_IF_NAN), Map.entry("LogSigmoid", SAME_IF_NAN),
            Map.entry("Softmax", ROW), Map.entry("LogSoftmax", ROW),
            Map.entry("Dropout (frozen mask)", SAME), Map.entry("Dropout (eval)", SAME), Map.entry("Flatten", SAME),
            Map.entry("Dropout2D (frozen mask)", SAME), Map.entry("Dropout2D (eval)", SAME),
            // c order is kept, so the element keeps its flat position
            Map.entry("Reshape", SAME), Map.entry("Squeeze", SAME), Map.entry("Unsqueeze", SAME),
            Map.entry("Linear", POSITION), Map.entry("Linear without bias", POSITION),
            Map.entry("BatchNorm1D [N, F] train", CHANNEL), Map.entry("BatchNorm1D [N, C, L] train", CHANNEL),
            Map.entry("BatchNorm2D train", CHANNEL),
            Map.entry("BatchNorm1D eval", SAME), Map.entry("BatchNorm2D eval", SAME),
            Map.entry("BatchNorm cumulative average train", CHANNEL),
            Map.entry("InstanceNorm2D", (in, p, out, nan) -> matching(out, q -> q[0] == p[0] && q[1] == p[1])),
            Map.entry("Sequential", SAMPLE_IF_NAN), Map.entry("Identity", SAME),
            // every output of the sample: each Linear reads the whole sample (or, after the Identity branch, the element)
            Map.entry("ConcatTable, CAddTable (two Linear)", SAMPLE),
            Map.entry("ConcatTable, ParallelTable, JoinTable (Linear, Identity; two Linear)", SAMPLE),
            // Attention: a non-finite key or value reaches every query of the sample (a masked score stays NaN, as
            // PyTorch's NaN + −∞; a weight of 0 times an infinite value is NaN); the norms and the feed-forward network
            // spread it over the position's features. PositionalEmbedding adds a finite weight to the element.
            Map.entry("MultiheadAttention", SAMPLE), Map.entry("MultiheadAttention dropout (eval)", SAMPLE),
            Map.entry("TransformerEncoderLayer", SAMPLE), Map.entry("PositionalEmbedding", SAME),
            // a query position reaches its own output row only, a memory (key, value) position every row of the sample
            Map.entry("MultiheadAttention cross (query, memory)", QUERY_ROW_OR_SAMPLE),
            Map.entry("MultiheadAttention cross (query, key, value)", QUERY_ROW_OR_SAMPLE));

    /** Shape modules: the output element whose input element ({@code source} of its position) is the non-finite one. */
    private static Where moved(java.util.function.UnaryOperator<long[]> source) {
        return (in, p, out, nan) -> matching(out, q -> Arrays.equals(source.apply(q), p));
    }

    /**
     * Rows whose non-finite outputs depend on the module's settings. Permute, Transpose and Narrow: the output element
     * that holds the input's (none when Narrow leaves it out). The others, each a whole normalised group (NaN for +Inf too:
     * +Inf − mean(…, +Inf) is NaN, and so is the variance). LayerNorm: every output sharing the element's leading
     * (unnormalised) indices. GroupNorm: every output of the sample in the element's group of channels.
     */
    private static final Map<String, Function<Module, Where>> BY_SETTINGS = Map.of(
            "Permute", m -> moved(q -> {
                int[] dims = ((Permute) m).dims();
                long[] p = new long[q.length];
                for (int i = 0; i < q.length; i++) {
                    p[dims[i]] = q[i];
                }
                return p;
            }),
            "Transpose", m -> moved(q -> {
                Transpose t = (Transpose) m;
                int a = t.dim0() < 0 ? t.dim0() + q.length : t.dim0(), b = t.dim1() < 0 ? t.dim1() + q.length : t.dim1();
                long[] p = q.clone();
                p[a] = q[b];
                p[b] = q[a];
                return p;
            }),
            "Narrow", m -> (in, p, out, nan) -> {
                Narrow n = (Narrow) m;
                int axis = n.dim() < 0 ? n.dim() + in.length : n.dim();
                long first = n.start() < 0 ? n.start() + in[axis] : n.start();
                return moved(q -> {
                    long[] source = q.clone();
                    source[axis] += first;
                    return source;
                }).nonFinite(in, p, out, nan);
            },
            "LayerNorm", m -> (in, p, out, nan) -> {
                int leading = in.length - ((LayerNorm) m).normalizedShape().length;
                return matching(out, q -> Arrays.equals(q, 0, leading, p, 0, leading));
            },
            "LSTM", RecurrentNonFinite::squashing, "GRU", RecurrentNonFinite::squashing,
            "RNN tanh", RecurrentNonFinite::squashing,
            "GroupNorm", m -> (in, p, out, nan) -> {
                GroupNorm g = (GroupNorm) m;
                int perGroup = g.numChannels() / g.numGroups();
                return matching(out, q -> q[0] == p[0] && q[1] / perGroup == p[1] / perGroup);
            });

    /**
     * Rows whose non-finite outputs depend on the weights. Residual(Linear, ReLU, Linear) + x: NaN reaches every output of
     * the sample. +Inf at feature f gives the hidden units ±Inf by the sign of their weight from f (NaN for a weight of 0);
     * ReLU makes −Inf 0, so when no weight from f is ≥ 0 the block's outputs stay finite and only the shortcut's element is
     * +Inf; otherwise every output of the sample is non-finite.
     */
    private static final Map<String, Function<Module, Where>> BY_WEIGHTS = Map.of(
            "RNN relu", RecurrentNonFinite::relu,
            "Residual (Linear, ReLU, Linear)", m -> (in, p, out, nan) -> {
                Linear first = (Linear) ((Sequential) ((Residual) m).block()).get(0);
                INDArray fromF = first.weight().value().getColumn(p[1]);
                return nan || fromF.maxNumber().doubleValue() >= 0 ? SAMPLE.nonFinite(in, p, out, nan) : SAME.nonFinite(in, p, out, nan);
            });

    /**
     * Convolutions, pooling, upsampling, padding (null here): a whole channel of one sample is made NaN or +Inf, and the outputs
     * that must be non-finite are exactly those that change when that channel is given another finite value instead —
     * the outputs whose windows read it. Strides and padding may leave an input channel unread by every window (a
     * width-1 input under a 1-wide kernel, stride 2 and padding 1): then every output stays finite, as in PyTorch.
     * PoolingTest holds the exact windows.
     */
    private static final String[] LOOSE = {"Conv1D", "Conv2D", "Conv2D same", "Conv2D groups, dilation", "Conv1D groups, dilation",
        "ConvTranspose2D", "ConvTranspose2D non-square", "MaxPool1D", "MaxPool2D", "MaxPool1D padding, dilation, ceil mode",
        "MaxPool2D padding, dilation, ceil mode", "AvgPool1D", "AvgPool2D", "AdaptiveAvgPool2D", "AdaptiveMaxPool2D", "Upsample2D",
        "ZeroPad2D", "ReflectionPad2D", "ReplicationPad2D",
        "Residual (Conv2D, BatchNorm2D; projection shortcut, stride 2)", "Concat (two Conv2D)", "ConcatTable, JoinTable (two Conv2D)",
        "ConcatTable, CAddTable (Conv2D, BatchNorm2D; Identity)"};

    /**
     * Rows whose input is indices: a NaN or +Inf in a floating-point array of indices is no index, and is rejected
     * (PyTorch's indices are integer tensors, which hold neither).
     */
    private static final String[] INDICES = {"Embedding"};

    static Stream<ModuleSpecs.Spec> specs() {
        return ModuleSpecs.all().stream();
    }

    @Test
    void aNanOrInfIndexIsRejectedNamingWhereItIs() {
        for (ModuleSpecs.Spec spec : specs().filter(s -> Arrays.asList(INDICES).contains(s.name())).toList()) {
            rejectsNonFiniteIndices(spec);
        }
    }

    private static void rejectsNonFiniteIndices(ModuleSpecs.Spec spec) {
        long seed = TestArrays.testSeed(spec.name() + " NaN/Inf index");
        for (Gen<ModuleCase> cases : spec.cases()) {
            qt().withFixedSeed(seed).withExamples(1).withShrinkCycles(0).forAll(cases).checkAssert(c -> {
                for (double poison : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                        INDArray x = c.input(type).castTo(type);
                        long[] p = position(c.inputSeed(), x.shape());
                        x.putScalar(p, poison);
                        Module module = c.factory().get().to(type);
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> module.forward(x), c::toString);
                        assertEquals(module.getClass().getSimpleName() + ": expected whole-number indices, found " + poison
                                + " at input" + Arrays.toString(p), e.getMessage(), c::toString);
                    }
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aNanOrInfInTheInputShowsUpInTheOutputWherePyTorchPutsIt(ModuleSpecs.Spec spec) {
        boolean loose = Arrays.asList(LOOSE).contains(spec.name());
        if (Arrays.asList(INDICES).contains(spec.name())) {
            return; // aNanOrInfIndexIsRejectedNamingWhereItIs
        }
        assertTrue(loose || EXPECTED.containsKey(spec.name()) || BY_WEIGHTS.containsKey(spec.name())
                        || BY_SETTINGS.containsKey(spec.name()),
                () -> "row " + spec.name() + " says nothing about NaN/Inf inputs: add it here");
        Function<Module, Where> where = loose ? null
                : BY_WEIGHTS.getOrDefault(spec.name(), BY_SETTINGS.getOrDefault(spec.name(), m -> EXPECTED.get(spec.name())));
        long seed = TestArrays.testSeed(spec.name() + " NaN/Inf in");
        for (Gen<ModuleCase> cases : spec.cases()) {
            qt().withFixedSeed(seed).withExamples(Math.max(1, EXAMPLES / spec.cases().size())).withShrinkCycles(0).forAll(cases)
                    .checkAssert(c -> {
                        for (boolean nan : new boolean[] {true, false}) {
                            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                                check(c, nan, type, where);
                            }
                        }
                    });
        }
    }

    /** @param whereOf where the row's outputs must be non-finite, for the case's module; null for the channel rows */
    private static void check(ModuleCase c, boolean nan, DataType type, Function<Module, Where> whereOf) {
        INDArray x = c.input(DataType.DOUBLE).castTo(type);
        long[] p = position(c.inputSeed(), x.shape());
        double poison = nan ? Double.NaN : Double.POSITIVE_INFINITY;
        Module module = type == DataType.FLOAT ? c.factory().get() : c.factory().get().to(DataType.DOUBLE);
        Where where = whereOf == null ? null : whereOf.apply(module);
        boolean[] readers = where == null ? readersOfChannel(module, x, p) : null;
        if (where == null) {
            channel(x, p).assign(poison);
        } else {
            x.putScalar(p, poison);
        }
        INDArray out = module.forward(x);
        String what = c + " in " + type + " with " + (nan ? "NaN" : "+Inf") + " at " + (where == null ? "channel " : "")
                + Arrays.toString(p) + ": output\n" + out;
        double[] v = out.dup('c').reshape(-1).toDoubleVector();
        boolean[] expected = where == null ? readers : where.nonFinite(x.shape(), p, out.shape(), nan);
        for (int i = 0; i < v.length; i++) {
            int at = i;
            assertEquals(expected[i], !Double.isFinite(v[i]), () -> what + "\nexpected " + (expected[at] ? "non-finite" : "finite")
                    + " at flat " + at);
            if (nan && expected[i] && where != ROW && where != CHANNEL) {
                assertTrue(Double.isNaN(v[i]), () -> what + "\nexpected NaN at flat " + at);
            }
        }
    }

    /** Channel {@code p[1]} of sample {@code p[0]}: a view. */
    private static INDArray channel(INDArray x, long[] p) {
        return x.get(NDArrayIndex.point(p[0]), NDArrayIndex.point(p[1]));
    }

    /**
     * The outputs (c order, flat) that read channel {@code p[1]} of sample {@code p[0]}: those that change when the
     * channel is set to a finite value unlike any in the input. {@code x} is left as it was.
     */
    private static boolean[] readersOfChannel(Module module, INDArray x, long[] p) {
        double[] clean = module.forward(x).dup('c').reshape(-1).toDoubleVector();
        INDArray changed = x.dup();
        channel(changed, p).assign(1000);
        double[] other = module.forward(changed).dup('c').reshape(-1).toDoubleVector();
        boolean[] readers = new boolean[clean.length];
        for (int i = 0; i < clean.length; i++) {
            readers[i] = clean[i] != other[i];
        }
        return readers;
    }

    /**
     * A width-1 input under a 1-wide kernel with stride 2 and padding 1: both output columns read padding only, so a
     * NaN input reaches no output (PyTorch's conv2d gives the same finite output, the bias).
     */
    @Test
    void anInputNoWindowReadsLeavesTheOutputFinite() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Conv2D conv = new Conv2D(2, 3, 3).kernel(3, 1).stride(2, 2).padding(0, 1);
            Module module = type == DataType.FLOAT ? conv : conv.to(DataType.DOUBLE);
            INDArray x = TestArrays.uniform(5, type, 3, 2, 8, 1);
            x.putScalar(new long[] {1, 0, 4, 0}, Double.NaN);
            INDArray out = module.forward(x);
            assertArrayEquals(new long[] {3, 3, 3, 2}, out.shape());
            assertTrue(Arrays.stream(out.dup().reshape(-1).toDoubleVector()).allMatch(Double::isFinite), () -> type + "\n" + out);
        }
    }

    /**
     * The loss PyTorch 1.13 gives for one +Inf prediction, where it is an infinity: |+Inf − t| and its square are +Inf;
     * KLDivLoss's t·(log t − Inf) at a positive target (and exp(t)·(t − Inf) with log targets) is −Inf.
     */
    private static final Map<Class<? extends Loss>, Double> INFINITE_LOSS = Map.of(
            MSELoss.class, Double.POSITIVE_INFINITY, L1Loss.class, Double.POSITIVE_INFINITY,
            SmoothL1Loss.class, Double.POSITIVE_INFINITY, HuberLoss.class, Double.POSITIVE_INFINITY,
            KLDivLoss.class, Double.NEGATIVE_INFINITY);

    static Stream<LossPropertiesTest.Case> losses() {
        return LossPropertiesTest.cases();
    }

    /**
     * A NaN or +Inf prediction, at the element the loss reads (the target class for class indices), gives a NaN or
     * infinite loss as PyTorch's — on small batches (a Java loop) and on 2^16 elements or more (ND4J ops) alike. BCELoss
     * rejects +Inf, as PyTorch; for NaN it returns NaN (PyTorch 1.13 raises), so that Optim rejects the step.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void aNanOrInfPredictionGivesANonFiniteLoss(LossPropertiesTest.Case lossCase) {
        long seed = TestArrays.testSeed("NaN/Inf in " + lossCase.name());
        for (int[] nc : new int[][] {{5, 3}, {16400, 4}}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (boolean nan : new boolean[] {true, false}) {
                    INDArray[] tp = lossCase.maker().make(seed, nc[0], nc[1], type);
                    INDArray target = tp[0];
                    INDArray prediction = tp[1];
                    int row = (int) (seed % nc[0]);
                    int col;
                    if (prediction.rank() > 2) {
                        // per position [N, C, d1, …]: at [row, class, 0, …], the target class at that position (class 0, of a
                        // positive target, for probabilities)
                        long[] at = new long[prediction.rank()];
                        at[0] = row;
                        col = Arrays.equals(target.shape(), prediction.shape()) ? 0 : target.getInt(position0(row, target.rank()));
                        at[1] = col;
                        prediction.putScalar(at, nan ? Double.NaN : Double.POSITIVE_INFINITY);
                    } else {
                        col = target.rank() == 1 || target.size(1) == 1 ? target.getInt(row) : argmax(target, row);
                        prediction.putScalar(row, col, nan ? Double.NaN : Double.POSITIVE_INFINITY);
                    }
                    String what = lossCase.name() + " N=" + nc[0] + " C=" + nc[1] + " " + type + " " + (nan ? "NaN" : "+Inf")
                            + " at [" + row + ", " + col + "] (" + (LossOps.preferred() ? "ops preferred" : "default") + ")";
                    Loss loss = lossCase.loss();
                    if (loss instanceof BCELoss && !nan) {
                        // +Inf is no probability: rejected, as PyTorch ("all elements of input should be between 0 and 1")
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.forward(target, prediction), what);
                        assertEquals("BCELoss: expected every prediction (a probability) in [0, 1], found Infinity at index [" + row + ", "
                                + col + "]", e.getMessage(), what);
                        continue;
                    }
                    double value = loss.forward(target, prediction);
                    assertTrue(nan ? Double.isNaN(value) : !Double.isFinite(value), what + ": loss " + value);
                    if (!nan && INFINITE_LOSS.containsKey(loss.getClass())) {
                        assertEquals(INFINITE_LOSS.get(loss.getClass()), value, what);
                    }
                    assertNotNull(loss.backward(target, prediction), what);
                }
            }
        }
    }

    /** {@code [row, 0, …]} of the given rank. */
    private static int[] position0(int row, int rank) {
        int[] p = new int[rank];
        p[0] = row;
        return p;
    }

    private static int argmax(INDArray target, int row) {
        return target.getRow(row).argMax().getInt(0);
    }

    /** A seeded position in {@code shape}. */
    private static long[] position(long seed, long[] shape) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        long[] p = new long[shape.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextLong(shape[i]);
        }
        return p;
    }

    private static long count(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    private static boolean[] only(long[] shape, long flat) {
        boolean[] m = new boolean[(int) count(shape)];
        m[(int) flat] = true;
        return m;
    }

    private static boolean[] matching(long[] shape, java.util.function.Predicate<long[]> at) {
        boolean[] m = new boolean[(int) count(shape)];
        long[] strides = strides(shape);
        for (int i = 0; i < m.length; i++) {
            long[] q = new long[shape.length];
            long r = i;
            for (int d = 0; d < shape.length; d++) {
                q[d] = r / strides[d];
                r %= strides[d];
            }
            m[i] = at.test(q);
        }
        return m;
    }

    /** C-order strides of {@code shape}. */
    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    private static long flat(long[] shape, long[] p) {
        long[] s = strides(shape);
        long f = 0;
        for (int d = 0; d < p.length; d++) {
            f += p[d] * s[d];
        }
        return f;
    }

    private static boolean sameExcept(long[] q, long[] p, int axis) {
        for (int d = 0; d < q.length; d++) {
            if (d != axis && q[d] != p[d]) {
                return false;
            }
        }
        return true;
    }
}
