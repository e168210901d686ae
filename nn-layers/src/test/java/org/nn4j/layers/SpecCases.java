package org.nn4j.layers;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.CAddTable;
import org.nn4j.core.Concat;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.JoinTable;
import org.nn4j.core.Module;
import org.nn4j.core.ParallelTable;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.init.Initialisers;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * The generators behind the rows of {@link ModuleSpecs}: random valid cases (module, input shape, the output shape
 * its formula predicts) and the inputs they need.
 *
 * <p>Shapes stay small (the float64 gradient check runs two forwards per input element): N ≤ 3, C ≤ 3,
 * H, W ≤ 9, kernels ≤ 3 (4 for "same"). Each expected output shape is written out here from PyTorch's
 * documented formula, independently of the modules' own code.
 */
final class SpecCases {

    private SpecCases() {
    }

    /** Builds a case from an input shape, its seed, and further draws from {@code in}. */
    @FunctionalInterface
    interface CaseOfShape {
        ModuleCase make(RandomnessSource in, long[] shape, long seed);
    }

    /**
     * One generator per rank from 2 to 5 ([N, C], [N, C, L], [N, C, H, W], [N, C, D, H, W]; N ≤ 3, C ≤ 5, the rest ≤ 3),
     * so every property reaches every rank.
     */
    static List<Gen<ModuleCase>> anyRank(CaseOfShape make) {
        List<Gen<ModuleCase>> byRank = new ArrayList<>();
        for (int rank = 2; rank <= 5; rank++) {
            int r = rank;
            byRank.add(in -> {
                long[] s = new long[r];
                s[0] = draw(in, 1, 3);
                s[1] = draw(in, 1, 5);
                for (int d = 2; d < r; d++) {
                    s[d] = draw(in, 1, 3);
                }
                return make.make(in, s, seed(in));
            });
        }
        return byRank;
    }

    /** An element-wise module without settings, any rank, inputs from {@code inputs}. */
    static List<Gen<ModuleCase>> elementwise(String name, Supplier<Module> factory, ModuleCase.InputMaker inputs) {
        return anyRank((in, s, seed) -> new ModuleCase(name, factory, s, s, seed, inputs));
    }

    /** LeakyReLU with the default slope (0.01) or a drawn one in [0, 1) (away from zero, so away from its kink). */
    static List<Gen<ModuleCase>> leakyRelu() {
        return anyRank((in, s, seed) -> {
            int hundredths = draw(in, -1, 99);
            if (hundredths < 0) {
                return new ModuleCase("LeakyReLU()", LeakyReLU::new, s, s, seed, SpecCases::awayFromZero);
            }
            double slope = hundredths / 100.0;
            return new ModuleCase("LeakyReLU(" + slope + ")", () -> new LeakyReLU(slope), s, s, seed, SpecCases::awayFromZero);
        });
    }

    /** ELU with the default α (1) or a drawn one in (0, 2]; inputs away from the kink at 0. */
    static List<Gen<ModuleCase>> elu() {
        return anyRank((in, s, seed) -> {
            int hundredths = draw(in, 0, 200);
            if (hundredths == 0) {
                return new ModuleCase("ELU()", ELU::new, s, s, seed, SpecCases::awayFromZero);
            }
            double alpha = hundredths / 100.0;
            return new ModuleCase("ELU(" + alpha + ")", () -> new ELU(alpha), s, s, seed, SpecCases::awayFromZero);
        });
    }

    /** GELU, exact or with the tanh approximation, on logits in [-3, 3). */
    static List<Gen<ModuleCase>> gelu() {
        return anyRank((in, s, seed) -> {
            String approximate = draw(in, 0, 1) == 0 ? "none" : "tanh";
            return new ModuleCase("GELU(" + approximate + ")", () -> new GELU(approximate), s, s, seed, SpecCases::logits);
        });
    }

    /**
     * Softplus with β in {0.5, 1, 2} and the threshold 20 or 1.5, on inputs in [-4, 4) kept 0.05 from the threshold's
     * input {@code threshold / β} (where the output jumps to the input itself).
     */
    static List<Gen<ModuleCase>> softplus() {
        return anyRank((in, s, seed) -> {
            double beta = new double[] {0.5, 1, 2}[draw(in, 0, 2)];
            double threshold = draw(in, 0, 1) == 0 ? 20 : 1.5;
            return new ModuleCase("Softplus(" + beta + ", " + threshold + ")", () -> new Softplus(beta, threshold), s, s, seed,
                    away(-4, 4, threshold / beta));
        });
    }

    /** Hardtanh with the default bounds (−1, 1) or drawn ones, on inputs in [-2, 2) kept 0.05 from both bounds. */
    static List<Gen<ModuleCase>> hardtanh() {
        return anyRank((in, s, seed) -> {
            if (draw(in, 0, 1) == 0) {
                return new ModuleCase("Hardtanh()", Hardtanh::new, s, s, seed, away(-2, 2, -1, 1));
            }
            double low = -draw(in, 0, 15) / 10.0;
            double high = low + draw(in, 1, 20) / 10.0;
            return new ModuleCase("Hardtanh(" + low + ", " + high + ")", () -> new Hardtanh(low, high), s, s, seed,
                    away(-2, 2, low, high));
        });
    }

    /** PReLU with one slope or one per channel (axis 1), the default slope 0.25 or a drawn one; inputs away from 0. */
    static List<Gen<ModuleCase>> prelu() {
        return anyRank((in, s, seed) -> {
            int n = draw(in, 0, 1) == 0 ? 1 : (int) s[1];
            double init = draw(in, 0, 1) == 0 ? 0.25 : draw(in, -50, 150) / 100.0;
            return new ModuleCase("PReLU(" + n + ", " + init + ")", () -> new PReLU(n, init), s, s, seed, SpecCases::awayFromZero);
        });
    }

    /**
     * Dropout with a frozen mask: the mask is a function of (seed, call counter), so every forward of the gradient
     * check uses one mask and two modules from the same seed drop the same units.
     */
    static List<Gen<ModuleCase>> dropoutFrozen() {
        return anyRank((in, s, seed) -> {
            double p = draw(in, 0, 9) / 10.0;
            return new ModuleCase("Dropout(" + p + ", seed " + seed + ").freezeMask()",
                    () -> new Dropout(p, seed).freezeMask(), s, s, seed);
        });
    }

    static List<Gen<ModuleCase>> dropoutEval() {
        return anyRank((in, s, seed) -> new ModuleCase("Dropout(0.5).eval()", () -> new Dropout(0.5, seed).eval(), s, s, seed));
    }

    /** [N, in] → [N, out] (N, in, out ≤ 16), and [N, *, in] → [N, *, out] of rank 3 and 4 (N ≤ 3, * ≤ 3, in, out ≤ 6). */
    static List<Gen<ModuleCase>> linear(boolean bias) {
        List<Gen<ModuleCase>> byRank = new ArrayList<>();
        for (int rank = 2; rank <= 4; rank++) {
            int r = rank;
            byRank.add(in -> {
                int f = draw(in, 1, r == 2 ? 16 : 6), o = draw(in, 1, r == 2 ? 16 : 6);
                long[] s = new long[r];
                s[0] = draw(in, 1, r == 2 ? 16 : 3);
                for (int d = 1; d < r - 1; d++) {
                    s[d] = draw(in, 1, 3);
                }
                s[r - 1] = f;
                long[] out = s.clone();
                out[r - 1] = o;
                long seed = seed(in);
                return new ModuleCase("Linear(" + f + ", " + o + (bias ? "" : ", bias=false") + ")",
                        () -> new Linear(f, o, bias, seed), s, out, seed);
            });
        }
        return byRank;
    }

    /** Linear, TanH, Linear, Sigmoid: [N, in] → [N, 1]. */
    static Gen<ModuleCase> sequential() {
        return in -> {
            int n = draw(in, 1, 16), f = draw(in, 1, 16), hidden = draw(in, 1, 16);
            long seed = seed(in);
            return new ModuleCase("Sequential(Linear(" + f + ", " + hidden + "), TanH, Linear(" + hidden + ", 1), Sigmoid)",
                    () -> new Sequential(new Linear(f, hidden, true, seed), new TanH(), new Linear(hidden, 1, true, seed + 7),
                            new Sigmoid()),
                    shape(n, f), shape(n, 1), seed);
        };
    }

    /** The identity, any rank. */
    static List<Gen<ModuleCase>> identity() {
        return anyRank((in, s, seed) -> new ModuleCase("Identity", Identity::new, s, s, seed));
    }

    /** Residual(Linear(F, H), ReLU, Linear(H, F)) with the identity shortcut: [N, F] → [N, F]. */
    static Gen<ModuleCase> residualMlp() {
        return in -> {
            int n = draw(in, 1, 4), f = draw(in, 1, 6), hidden = draw(in, 1, 6);
            long seed = seed(in);
            return new ModuleCase("Residual(Sequential(Linear(" + f + ", " + hidden + "), ReLU, Linear(" + hidden + ", " + f + ")))",
                    () -> new Residual(new Sequential(new Linear(f, hidden, true, seed), new ReLU(),
                            new Linear(hidden, f, true, seed + 7))),
                    shape(n, f), shape(n, f), seed);
        };
    }

    /**
     * A downsampling ResNet block in training mode: block Conv2D(C, O, 3, stride 2, padding 1), BatchNorm2D(O);
     * shortcut Conv2D(C, O, 1, stride 2), BatchNorm2D(O). The convolutions have no bias, as in ResNets: BatchNorm
     * subtracts it again, so its gradient is exactly 0, which float32 gets only to rounding error, not within 1e-4. [N, C, H, W] → [N, O, ⌊(H − 1) / 2⌋ + 1, ⌊(W − 1) / 2⌋ + 1]
     * (H, W ≥ 3, so that BatchNorm sees more than one value per channel).
     */
    static Gen<ModuleCase> residualConv() {
        return in -> {
            int n = draw(in, 1, 2), c = draw(in, 1, 3), o = draw(in, 1, 3), h = draw(in, 3, 5), w = draw(in, 3, 5);
            long seed = seed(in);
            return new ModuleCase("Residual(Sequential(Conv2D(" + c + ", " + o + ", 3, stride 2, padding 1, no bias), BatchNorm2D(" + o
                    + ")), shortcut Sequential(Conv2D(" + c + ", " + o + ", 1, stride 2, no bias), BatchNorm2D(" + o + ")))",
                    () -> new Residual(new Sequential(new Conv2D(c, o, 3, 2, 1).bias(false).reset(seed), new BatchNorm2D(o)),
                            new Sequential(new Conv2D(c, o, 1, 2, 0).bias(false).reset(seed + 1), new BatchNorm2D(o))),
                    shape(n, c, h, w), shape(n, o, (h - 1) / 2 + 1, (w - 1) / 2 + 1), seed);
        };
    }

    /**
     * Concat of two Conv2D branches along dim 1 (O0 and O1 channels, same H × W), 2 (kernels k0 × 1 and k1 × 1: heights
     * H − k0 + 1 and H − k1 + 1) or −1 (kernels 1 × k0 and 1 × k1, along the width).
     */
    static Gen<ModuleCase> concat() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), dim = new int[] {1, 2, -1}[draw(in, 0, 2)];
            int o0 = draw(in, 1, 3), o1 = dim == 1 ? draw(in, 1, 3) : o0, k0 = draw(in, 1, 3), k1 = draw(in, 1, 3);
            int h = draw(in, Math.max(k0, k1), 5), w = draw(in, Math.max(k0, k1), 5);
            long seed = seed(in);
            Supplier<Module> factory;
            long[] out;
            if (dim == 1) {
                factory = () -> new Concat(1, new Conv2D(c, o0, 3, 1, 1).reset(seed), new Conv2D(c, o1, 1).reset(seed + 1));
                out = shape(n, o0 + o1, h, w);
            } else if (dim == 2) {
                factory = () -> new Concat(2, new Conv2D(c, o0, 1).kernel(k0, 1).reset(seed),
                        new Conv2D(c, o0, 1).kernel(k1, 1).reset(seed + 1));
                out = shape(n, o0, (h - k0 + 1) + (h - k1 + 1), w);
            } else {
                factory = () -> new Concat(-1, new Conv2D(c, o0, 1).kernel(1, k0).reset(seed),
                        new Conv2D(c, o0, 1).kernel(1, k1).reset(seed + 1));
                out = shape(n, o0, h, (w - k0 + 1) + (w - k1 + 1));
            }
            String name = dim == 1 ? "Concat(1, Conv2D(" + c + ", " + o0 + ", 3, padding 1), Conv2D(" + c + ", " + o1 + ", 1))"
                    : "Concat(" + dim + ", Conv2D(" + c + ", " + o0 + ", " + (dim == 2 ? k0 + "×1" : "1×" + k0) + "), Conv2D(" + c
                    + ", " + o0 + ", " + (dim == 2 ? k1 + "×1" : "1×" + k1) + "))";
            return new ModuleCase(name, factory, shape(n, c, h, w), out, seed);
        };
    }

    /** Sequential(ConcatTable(Linear(F, O), Linear(F, O)), CAddTable()): the sum of two branches, [N, F] → [N, O]. */
    static Gen<ModuleCase> concatTableSum() {
        return in -> {
            int n = draw(in, 1, 4), f = draw(in, 1, 6), o = draw(in, 1, 6);
            long seed = seed(in);
            return new ModuleCase("Sequential(ConcatTable(Linear(" + f + ", " + o + "), Linear(" + f + ", " + o + ")), CAddTable)",
                    () -> new Sequential(new ConcatTable(new Linear(f, o, true, seed), new Linear(f, o, true, seed + 1)),
                            new CAddTable()),
                    shape(n, f), shape(n, o), seed);
        };
    }

    /**
     * Sequential(ConcatTable(Conv2D(C, O0, 3, padding 1), Conv2D(C, O1, 1)), JoinTable(1)): [N, C, H, W] → [N, O0 + O1, H, W];
     * or two 1 × k convolutions joined on the last axis, JoinTable(−1): [N, C, H, W] → [N, O, H, (W − k0 + 1) + (W − k1 + 1)].
     */
    static Gen<ModuleCase> concatTableJoinConv() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o0 = draw(in, 1, 3), o1 = draw(in, 1, 3);
            int k0 = draw(in, 1, 3), k1 = draw(in, 1, 3), h = draw(in, 1, 5), w = draw(in, 3, 5);
            boolean channels = draw(in, 0, 1) == 0;
            long seed = seed(in);
            if (channels) {
                return new ModuleCase("Sequential(ConcatTable(Conv2D(" + c + ", " + o0 + ", 3, padding 1), Conv2D(" + c + ", " + o1
                        + ", 1)), JoinTable(1))",
                        () -> new Sequential(new ConcatTable(new Conv2D(c, o0, 3, 1, 1).reset(seed), new Conv2D(c, o1, 1).reset(seed + 1)),
                                new JoinTable(1)),
                        shape(n, c, h, w), shape(n, o0 + o1, h, w), seed);
            }
            return new ModuleCase("Sequential(ConcatTable(Conv2D(" + c + ", " + o0 + ", 1×" + k0 + "), Conv2D(" + c + ", " + o0 + ", 1×"
                    + k1 + ")), JoinTable(-1))",
                    () -> new Sequential(new ConcatTable(new Conv2D(c, o0, 1).kernel(1, k0).reset(seed),
                            new Conv2D(c, o0, 1).kernel(1, k1).reset(seed + 1)), new JoinTable(-1)),
                    shape(n, c, h, w), shape(n, o0, h, (w - k0 + 1) + (w - k1 + 1)), seed);
        };
    }

    /**
     * Sequential(ConcatTable(Linear(F, H), Identity), ParallelTable(Linear(H, O0), Linear(F, O1)), JoinTable(1)): a hidden
     * layer and the input itself, each through a Linear of its own, joined: [N, F] → [N, O0 + O1].
     */
    static Gen<ModuleCase> parallelTable() {
        return in -> {
            int n = draw(in, 1, 4), f = draw(in, 1, 5), hidden = draw(in, 1, 5), o0 = draw(in, 1, 4), o1 = draw(in, 1, 4);
            long seed = seed(in);
            return new ModuleCase("Sequential(ConcatTable(Linear(" + f + ", " + hidden + "), Identity), ParallelTable(Linear(" + hidden
                    + ", " + o0 + "), Linear(" + f + ", " + o1 + ")), JoinTable(1))",
                    () -> new Sequential(new ConcatTable(new Linear(f, hidden, true, seed), new Identity()),
                            new ParallelTable(new Linear(hidden, o0, true, seed + 1), new Linear(f, o1, true, seed + 2)),
                            new JoinTable(1)),
                    shape(n, f), shape(n, o0 + o1), seed);
        };
    }

    /**
     * A residual block written with tables, in training mode: Sequential(ConcatTable(Sequential(Conv2D(C, C, 3, padding 1,
     * no bias), BatchNorm2D(C)), Identity), CAddTable()): [N, C, H, W] → [N, C, H, W] (H, W ≥ 2, so that BatchNorm sees
     * more than one value per channel; no bias before BatchNorm, whose gradient would be exactly 0).
     */
    static Gen<ModuleCase> concatTableResidual() {
        return in -> {
            int n = draw(in, 1, 2), c = draw(in, 1, 3), h = draw(in, 2, 4), w = draw(in, 2, 4);
            long seed = seed(in);
            return new ModuleCase("Sequential(ConcatTable(Sequential(Conv2D(" + c + ", " + c + ", 3, padding 1, no bias), BatchNorm2D("
                    + c + ")), Identity), CAddTable)",
                    () -> new Sequential(new ConcatTable(new Sequential(new Conv2D(c, c, 3, 1, 1).bias(false).reset(seed),
                            new BatchNorm2D(c)), new Identity()), new CAddTable()),
                    shape(n, c, h, w), shape(n, c, h, w), seed);
        };
    }

    /** Every floating-point buffer of a module by its path (block.1.running_mean, ...), for fixtures of containers. */
    static Map<String, INDArray> floatingPointBuffers(Module m) {
        Map<String, INDArray> named = new LinkedHashMap<>();
        m.namedBuffers().forEach((name, b) -> {
            if (b.value().dataType().isFPType()) {
                named.put(name, b.value());
            }
        });
        return named;
    }

    /** oH = ⌊(H + 2p − k) / s⌋ + 1 per axis; any kernel, stride, padding, bias or not. */
    static Gen<ModuleCase> conv2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 2), sW = draw(in, 1, 2);
            int pH = draw(in, 0, 1), pW = draw(in, 0, 1);
            int h = draw(in, Math.max(1, kH - 2 * pH), 9), w = draw(in, Math.max(1, kW - 2 * pW), 9);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase(
                    "Conv2D(" + c + ", " + o + ", " + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding " + pH + "×" + pW
                            + (bias ? "" : ", no bias") + ")",
                    () -> new Conv2D(c, o, kH).kernel(kH, kW).bias(bias).reset(seed).stride(sH, sW).padding(pH, pW),
                    shape(n, c, h, w), shape(n, o, (h + 2 * pH - kH) / sH + 1, (w + 2 * pW - kW) / sW + 1), seed);
        };
    }

    /** groups (depthwise when channels per group are 1) and dilation: oH = ⌊(H + 2p − d·(kH − 1) − 1) / s⌋ + 1. */
    static Gen<ModuleCase> conv2dGrouped() {
        return in -> {
            int n = draw(in, 1, 2), groups = draw(in, 1, 3), c = groups * draw(in, 1, 2), o = groups * draw(in, 1, 2);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), dH = draw(in, 1, 3), dW = draw(in, 1, 3), sH = draw(in, 1, 2), sW = draw(in, 1, 2);
            int pH = draw(in, 0, 2), pW = draw(in, 0, 2);
            int spanH = dH * (kH - 1) + 1, spanW = dW * (kW - 1) + 1;
            int h = draw(in, Math.max(1, spanH - 2 * pH), 10), w = draw(in, Math.max(1, spanW - 2 * pW), 10);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase(
                    "Conv2D(" + c + ", " + o + ", " + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding " + pH + "×" + pW
                            + ", dilation " + dH + "×" + dW + ", groups " + groups + (bias ? "" : ", no bias") + ")",
                    () -> new Conv2D(c, o, kH).kernel(kH, kW).groups(groups).bias(bias).reset(seed).stride(sH, sW).padding(pH, pW)
                            .dilation(dH, dW),
                    shape(n, c, h, w), shape(n, o, (h + 2 * pH - spanH) / sH + 1, (w + 2 * pW - spanW) / sW + 1), seed);
        };
    }

    /** groups and dilation: oL = ⌊(L + 2p − d·(k − 1) − 1) / s⌋ + 1. */
    static Gen<ModuleCase> conv1dGrouped() {
        return in -> {
            int n = draw(in, 1, 3), groups = draw(in, 1, 3), c = groups * draw(in, 1, 2), o = groups * draw(in, 1, 2);
            int k = draw(in, 1, 3), d = draw(in, 1, 3), s = draw(in, 1, 2), p = draw(in, 0, 2);
            int span = d * (k - 1) + 1, l = draw(in, Math.max(1, span - 2 * p), 12);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("Conv1D(" + c + ", " + o + ", " + k + ", stride " + s + ", padding " + p + ", dilation " + d
                    + ", groups " + groups + (bias ? "" : ", no bias") + ")",
                    () -> new Conv1D(c, o, k, s, p, bias, seed).groups(groups).dilation(d),
                    shape(n, c, l), shape(n, o, (l + 2 * p - span) / s + 1), seed);
        };
    }

    /** Four paddings (left, right, top, bottom), half the cases the one-argument constructor; reflection's each below the input's size. */
    static Gen<ModuleCase> pad2d(IntFunction<Module> square, PadFactory sides, boolean reflection) {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3);
            boolean one = draw(in, 0, 1) == 1;
            int l = draw(in, 0, 3), r = one ? l : draw(in, 0, 3), t = one ? l : draw(in, 0, 3), b = one ? l : draw(in, 0, 3);
            int h = draw(in, reflection ? Math.max(t, b) + 1 : 1, 6), w = draw(in, reflection ? Math.max(l, r) + 1 : 1, 6);
            long seed = seed(in);
            return new ModuleCase("pad " + (one ? String.valueOf(l) : l + ", " + r + ", " + t + ", " + b),
                    () -> one ? square.apply(l) : sides.make(l, r, t, b), shape(n, c, h, w), shape(n, c, h + t + b, w + l + r), seed);
        };
    }

    /** A padding module from (left, right, top, bottom). */
    interface PadFactory {
        /**
         * @param left   columns on the left
         * @param right  columns on the right
         * @param top    rows on top
         * @param bottom rows at the bottom
         * @return the module
         */
        Module make(int left, int right, int top, int bottom);
    }

    /** "same": the output keeps H × W, even kernels included. */
    static Gen<ModuleCase> conv2dSame() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int kH = draw(in, 1, 4), kW = draw(in, 1, 4), h = draw(in, 1, 8), w = draw(in, 1, 8);
            long seed = seed(in);
            return new ModuleCase("Conv2D(" + c + ", " + o + ", " + kH + "×" + kW + ", padding same)",
                    () -> new Conv2D(c, o, kH).kernel(kH, kW).reset(seed).padding("same"), shape(n, c, h, w), shape(n, o, h, w), seed);
        };
    }

    /** oL = ⌊(L + 2p − k) / s⌋ + 1. */
    static Gen<ModuleCase> conv1d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int k = draw(in, 1, 3), s = draw(in, 1, 2), p = draw(in, 0, 1), l = draw(in, Math.max(1, k - 2 * p), 12);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("Conv1D(" + c + ", " + o + ", " + k + ", stride " + s + ", padding " + p
                    + (bias ? "" : ", no bias") + ")", () -> new Conv1D(c, o, k, s, p, bias, seed),
                    shape(n, c, l), shape(n, o, (l + 2 * p - k) / s + 1), seed);
        };
    }

    /** Per axis: oH = (H − 1)·sH − 2pH + kH + outputPaddingH, outputPaddingH < sH (likewise W). */
    static Gen<ModuleCase> convTranspose2dNonSquare() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int kH = draw(in, 1, 4), kW = draw(in, 1, 4), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int pH = draw(in, 0, (kH - 1) / 2), pW = draw(in, 0, (kW - 1) / 2), opH = draw(in, 0, sH - 1), opW = draw(in, 0, sW - 1);
            int h = draw(in, 1, 5), w = draw(in, 1, 5);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("ConvTranspose2D(" + c + ", " + o + ", " + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding "
                    + pH + "×" + pW + ", outputPadding " + opH + "×" + opW + (bias ? "" : ", no bias") + ")",
                    () -> new ConvTranspose2D(c, o, 1, 1, 0, 0, bias, seed).kernel(kH, kW).stride(sH, sW).padding(pH, pW)
                            .outputPadding(opH, opW),
                    shape(n, c, h, w), shape(n, o, (h - 1) * sH - 2 * pH + kH + opH, (w - 1) * sW - 2 * pW + kW + opW), seed);
        };
    }

    /** oH = (H − 1)·s − 2p + k + outputPadding, outputPadding < s. */
    static Gen<ModuleCase> convTranspose2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), o = draw(in, 1, 3);
            int k = draw(in, 1, 3), s = draw(in, 1, 2), p = draw(in, 0, (k - 1) / 2), op = draw(in, 0, s - 1);
            int h = draw(in, 1, 5), w = draw(in, 1, 5);
            boolean bias = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("ConvTranspose2D(" + c + ", " + o + ", " + k + ", stride " + s + ", padding " + p
                    + ", outputPadding " + op + (bias ? "" : ", no bias") + ")",
                    () -> new ConvTranspose2D(c, o, k, s, p, op, bias, seed), shape(n, c, h, w),
                    shape(n, o, (h - 1) * s - 2 * p + k + op, (w - 1) * s - 2 * p + k + op), seed);
        };
    }

    /** oH = ⌊(H − kH) / sH⌋ + 1; inputs without ties, so the maximum is not at a kink. */
    static Gen<ModuleCase> maxPool2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int h = draw(in, kH, 9), w = draw(in, kW, 9);
            return new ModuleCase("MaxPool2D(" + kH + "×" + kW + ", stride " + sH + "×" + sW + ")",
                    () -> new MaxPool2D(kH, kW, sH, sW), shape(n, c, h, w),
                    shape(n, c, (h - kH) / sH + 1, (w - kW) / sW + 1), seed(in), SpecCases::withoutTies);
        };
    }

    /** oL = ⌊(L − k) / s⌋ + 1; inputs without ties. */
    static Gen<ModuleCase> maxPool1d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), k = draw(in, 1, 3), s = draw(in, 1, 3), l = draw(in, k, 12);
            return new ModuleCase("MaxPool1D(" + k + ", stride " + s + ")", () -> new MaxPool1D(k, s),
                    shape(n, c, l), shape(n, c, (l - k) / s + 1), seed(in), SpecCases::withoutTies);
        };
    }

    /** [N, C, outH, outW] for any H, W ≥ 1 (outputs larger than the input too); the global 1×1 case half the time. */
    static Gen<ModuleCase> adaptiveAvgPool2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), h = draw(in, 1, 8), w = draw(in, 1, 8);
            boolean global = draw(in, 0, 1) == 0;
            int oH = global ? 1 : draw(in, 1, 5), oW = global ? 1 : draw(in, 1, 5);
            return new ModuleCase("AdaptiveAvgPool2D(" + oH + "×" + oW + ")", () -> new AdaptiveAvgPool2D(oH, oW),
                    shape(n, c, h, w), shape(n, c, oH, oW), seed(in));
        };
    }

    /**
     * PyTorch's pooled size: {@code ⌊(in + 2p − d·(k − 1) − 1) / s⌋ + 1}, in ceil mode {@code ⌈…⌉ + 1}, less one when the
     * last window would start in the right padding.
     */
    static long pooled(long in, int k, int s, int p, int d, boolean ceil) {
        long numerator = in + 2L * p - (long) d * (k - 1) - 1;
        long out = (ceil ? Math.floorDiv(numerator + s - 1, (long) s) : Math.floorDiv(numerator, (long) s)) + 1;
        return ceil && (out - 1) * s >= in + p ? out - 1 : out;
    }

    /**
     * MaxPool2D with padding ≤ k/2, dilation 1 or 2 and ceil mode or not, on inputs without ties that hold every
     * window's span and at least the dilation (so that every window reads the input: the first window's first tap
     * inside it lies less than a dilation from the start).
     */
    static Gen<ModuleCase> maxPool2dWindows() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int pH = draw(in, 0, kH / 2), pW = draw(in, 0, kW / 2), dH = draw(in, 1, 2), dW = draw(in, 1, 2);
            boolean ceil = draw(in, 0, 1) == 1;
            int h = draw(in, Math.max(dH, dH * (kH - 1) + 1 - 2 * pH), 9), w = draw(in, Math.max(dW, dW * (kW - 1) + 1 - 2 * pW), 9);
            return new ModuleCase("MaxPool2D(" + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding " + pH + "×" + pW
                    + ", dilation " + dH + "×" + dW + (ceil ? ", ceil mode" : "") + ")",
                    () -> new MaxPool2D(kH, kW, sH, sW).padding(pH, pW).dilation(dH, dW).ceilMode(ceil), shape(n, c, h, w),
                    shape(n, c, pooled(h, kH, sH, pH, dH, ceil), pooled(w, kW, sW, pW, dW, ceil)), seed(in), SpecCases::withoutTies);
        };
    }

    /** MaxPool1D with padding ≤ k/2, dilation 1 to 3 and ceil mode or not; inputs without ties, holding the span and the dilation. */
    static Gen<ModuleCase> maxPool1dWindows() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), k = draw(in, 1, 4), s = draw(in, 1, 3), p = draw(in, 0, k / 2);
            int d = draw(in, 1, 3);
            boolean ceil = draw(in, 0, 1) == 1;
            int l = draw(in, Math.max(d, d * (k - 1) + 1 - 2 * p), 12);
            return new ModuleCase("MaxPool1D(" + k + ", stride " + s + ", padding " + p + ", dilation " + d + (ceil ? ", ceil mode" : "")
                    + ")", () -> new MaxPool1D(k, s, p).dilation(d).ceilMode(ceil), shape(n, c, l),
                    shape(n, c, pooled(l, k, s, p, d, ceil)), seed(in), SpecCases::withoutTies);
        };
    }

    /** AvgPool2D with padding ≤ k/2, ceil mode or not, the padding counted or not. */
    static Gen<ModuleCase> avgPool2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3);
            int kH = draw(in, 1, 3), kW = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int pH = draw(in, 0, kH / 2), pW = draw(in, 0, kW / 2);
            boolean ceil = draw(in, 0, 1) == 1, counted = draw(in, 0, 1) == 1;
            int h = draw(in, Math.max(1, kH - 2 * pH), 9), w = draw(in, Math.max(1, kW - 2 * pW), 9);
            return new ModuleCase("AvgPool2D(" + kH + "×" + kW + ", stride " + sH + "×" + sW + ", padding " + pH + "×" + pW
                    + (ceil ? ", ceil mode" : "") + (counted ? "" : ", padding not counted") + ")",
                    () -> new AvgPool2D(kH, kW, sH, sW).padding(pH, pW).ceilMode(ceil).countIncludePad(counted), shape(n, c, h, w),
                    shape(n, c, pooled(h, kH, sH, pH, 1, ceil), pooled(w, kW, sW, pW, 1, ceil)), seed(in));
        };
    }

    /** AvgPool1D with padding ≤ k/2, ceil mode or not, the padding counted or not. */
    static Gen<ModuleCase> avgPool1d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), k = draw(in, 1, 4), s = draw(in, 1, 3), p = draw(in, 0, k / 2);
            boolean ceil = draw(in, 0, 1) == 1, counted = draw(in, 0, 1) == 1;
            int l = draw(in, Math.max(1, k - 2 * p), 12);
            return new ModuleCase("AvgPool1D(" + k + ", stride " + s + ", padding " + p + (ceil ? ", ceil mode" : "")
                    + (counted ? "" : ", padding not counted") + ")", () -> new AvgPool1D(k, s, p).ceilMode(ceil).countIncludePad(counted),
                    shape(n, c, l), shape(n, c, pooled(l, k, s, p, 1, ceil)), seed(in));
        };
    }

    /** [N, C, outH, outW] for any H, W ≥ 1 (outputs larger than the input too), inputs without ties. */
    static Gen<ModuleCase> adaptiveMaxPool2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), h = draw(in, 1, 8), w = draw(in, 1, 8);
            int oH = draw(in, 1, 5), oW = draw(in, 1, 5);
            return new ModuleCase("AdaptiveMaxPool2D(" + oH + "×" + oW + ")", () -> new AdaptiveMaxPool2D(oH, oW),
                    shape(n, c, h, w), shape(n, c, oH, oW), seed(in), SpecCases::withoutTies);
        };
    }

    /** [N, C, sH·H, sW·W]. */
    static Gen<ModuleCase> upsample2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), sH = draw(in, 1, 3), sW = draw(in, 1, 3);
            int h = draw(in, 1, 5), w = draw(in, 1, 5);
            return new ModuleCase("Upsample2D(" + sH + "×" + sW + ")", () -> new Upsample2D(sH, sW),
                    shape(n, c, h, w), shape(n, c, (long) sH * h, (long) sW * w), seed(in));
        };
    }

    /** [N, d1·d2·...] from rank 2 to 5. */
    static List<Gen<ModuleCase>> flatten() {
        return anyRank((in, s, seed) -> new ModuleCase("Flatten", Flatten::new, s,
                shape(s[0], Arrays.stream(s).skip(1).reduce(1, (a, b) -> a * b)), seed));
    }

    /**
     * [N, sampleShape…]: each sample's elements (ranks 2 to 5) regrouped into one to three sizes, drawn divisors of the
     * count; one size is written -1 (inferred) half of the time.
     */
    static List<Gen<ModuleCase>> reshape() {
        return anyRank((in, s, seed) -> {
            long rest = Arrays.stream(s).skip(1).reduce(1, (a, b) -> a * b);
            long[] sample = new long[draw(in, 1, 3)];
            for (int i = 0; i < sample.length - 1; i++) {
                long r = rest;
                long[] divisors = java.util.stream.LongStream.rangeClosed(1, r).filter(d -> r % d == 0).toArray();
                sample[i] = divisors[draw(in, 0, divisors.length - 1)];
                rest /= sample[i];
            }
            sample[sample.length - 1] = rest;
            long[] given = sample.clone();
            if (draw(in, 0, 1) == 0) {
                given[draw(in, 0, given.length - 1)] = -1;
            }
            long[] out = new long[sample.length + 1];
            out[0] = s[0];
            System.arraycopy(sample, 0, out, 1, sample.length);
            return new ModuleCase("Reshape" + Arrays.toString(given), () -> new Reshape(given), s, out, seed);
        });
    }

    /** A drawn permutation of the axes 1 to r − 1 after 0, each dim written negative (from the end) a third of the time. */
    static List<Gen<ModuleCase>> permute() {
        return anyRank((in, s, seed) -> {
            int r = s.length;
            int[] dims = new int[r];
            Arrays.setAll(dims, i -> i);
            for (int i = r - 1; i > 1; i--) {
                int j = draw(in, 1, i);
                int t = dims[i];
                dims[i] = dims[j];
                dims[j] = t;
            }
            long[] out = new long[r];
            int[] given = dims.clone();
            for (int i = 0; i < r; i++) {
                out[i] = s[dims[i]];
                if (i > 0 && draw(in, 0, 2) == 0) {
                    given[i] -= r;
                }
            }
            return new ModuleCase("Permute" + Arrays.toString(given), () -> new Permute(given), s, out, seed);
        });
    }

    /** Two drawn axes from 1 (the same one on [N, C]: the identity), each written negative a third of the time. */
    static List<Gen<ModuleCase>> transpose() {
        return anyRank((in, s, seed) -> {
            int r = s.length;
            int a = draw(in, 1, r - 1), b = draw(in, 1, r - 1);
            long[] out = s.clone();
            out[a] = s[b];
            out[b] = s[a];
            int dim0 = draw(in, 0, 2) == 0 ? a - r : a, dim1 = draw(in, 0, 2) == 0 ? b - r : b;
            return new ModuleCase("Transpose(" + dim0 + ", " + dim1 + ")", () -> new Transpose(dim0, dim1), s, out, seed);
        });
    }

    /**
     * Ranks 3 to 5 with a drawn axis from 1 set to size 1, removed (written negative a third of the time). Not rank 2:
     * its output [N] has no second axis for the layouts property to swap; ReshapingTest squeezes [N, 1].
     */
    static List<Gen<ModuleCase>> squeeze() {
        return anyRank((in, s, seed) -> {
            int r = s.length;
            int axis = draw(in, 1, r - 1);
            s[axis] = 1;
            long[] out = new long[r - 1];
            for (int d = 0, o = 0; d < r; d++) {
                if (d != axis) {
                    out[o++] = s[d];
                }
            }
            int dim = draw(in, 0, 2) == 0 ? axis - r : axis;
            return new ModuleCase("Squeeze(" + dim + ")", () -> new Squeeze(dim), s, out, seed);
        }).subList(1, 4);
    }

    /** A new axis of size 1 at a drawn position from 1 to r (written negative, from the end of the output, a third of the time). */
    static List<Gen<ModuleCase>> unsqueeze() {
        return anyRank((in, s, seed) -> {
            int r = s.length;
            int axis = draw(in, 1, r);
            long[] out = new long[r + 1];
            for (int d = 0, i = 0; d <= r; d++) {
                out[d] = d == axis ? 1 : s[i++];
            }
            int dim = draw(in, 0, 2) == 0 ? axis - r - 1 : axis;
            return new ModuleCase("Unsqueeze(" + dim + ")", () -> new Unsqueeze(dim), s, out, seed);
        });
    }

    /**
     * A drawn axis from 1 of size 1 to 5 narrowed to a drawn start and length ≥ 1; the dim and the start are each written
     * negative (from the end) a third of the time.
     */
    static List<Gen<ModuleCase>> narrow() {
        return anyRank((in, s, seed) -> {
            int r = s.length;
            int axis = draw(in, 1, r - 1);
            s[axis] = draw(in, 1, 5);
            int start = draw(in, 0, (int) s[axis] - 1);
            int length = draw(in, 1, (int) s[axis] - start);
            long[] out = s.clone();
            out[axis] = length;
            int dim = draw(in, 0, 2) == 0 ? axis - r : axis;
            long from = draw(in, 0, 2) == 0 ? start - s[axis] : start;
            return new ModuleCase("Narrow(" + dim + ", " + from + ", " + length + ")", () -> new Narrow(dim, from, length),
                    s, out, seed);
        });
    }

    /** Dropout2D with a frozen mask, as {@link #dropoutFrozen}, on [N, C, L] and [N, C, H, W]. */
    static List<Gen<ModuleCase>> dropout2dFrozen() {
        return anyRank((in, s, seed) -> {
            double p = draw(in, 0, 9) / 10.0;
            return new ModuleCase("Dropout2D(" + p + ", seed " + seed + ").freezeMask()",
                    () -> new Dropout2D(p, seed).freezeMask(), s, s, seed);
        }).subList(1, 3);
    }

    /** Dropout2D in eval mode on [N, C, L] and [N, C, H, W]. */
    static List<Gen<ModuleCase>> dropout2dEval() {
        return anyRank((in, s, seed) -> new ModuleCase("Dropout2D(0.5).eval()", () -> new Dropout2D(0.5, seed).eval(), s, s, seed))
                .subList(1, 3);
    }

    /** BatchNorm1D on [N, F] (N ≥ 2 in train mode, as PyTorch requires more than one value per feature). */
    static Gen<ModuleCase> batchNorm1d(boolean train) {
        return in -> {
            int n = draw(in, train ? 2 : 1, 6), f = draw(in, 1, 6);
            long seed = seed(in);
            return batchNorm("BatchNorm1D(" + f + ")", () -> new BatchNorm1D(f), shape(n, f), seed, train);
        };
    }

    /** BatchNorm1D on [N, C, L], train mode. */
    static Gen<ModuleCase> batchNorm1dOnSequences() {
        return in -> {
            int n = draw(in, 1, 6), c = draw(in, 1, 6), l = draw(in, 2, 5);
            long seed = seed(in);
            return batchNorm("BatchNorm1D(" + c + ")", () -> new BatchNorm1D(c), shape(n, c, l), seed, true);
        };
    }

    /** BatchNorm2D on [N, C, H, W]. */
    static Gen<ModuleCase> batchNorm2d(boolean train) {
        return in -> {
            int n = draw(in, 1, 6), c = draw(in, 1, 3), h = draw(in, train ? 2 : 1, train ? 4 : 6);
            long seed = seed(in);
            return batchNorm("BatchNorm2D(" + c + ")", () -> new BatchNorm2D(c), shape(n, c, h, train ? h + 1 : 2), seed, train);
        };
    }

    /**
     * BatchNorm2D with momentum null (the running statistics the cumulative average), in training mode, after 2 earlier
     * batches (so each forward weighs its batch by 1/3).
     */
    static Gen<ModuleCase> batchNormCumulative() {
        return in -> {
            int n = draw(in, 1, 4), c = draw(in, 1, 3), h = draw(in, 2, 3);
            long seed = seed(in);
            return batchNorm("BatchNorm2D(" + c + ", 1e-5, null)", () -> cumulativeAfter(new BatchNorm2D(c, 1e-5, null), 2), shape(n, c, h, h + 1),
                    seed, true);
        };
    }

    /** A BatchNorm with momentum null that has seen {@code batches} training batches: num_batches_tracked preset. */
    static BatchNorm cumulativeAfter(BatchNorm bn, long batches) {
        bn.buffers().get(2).value().assign(batches);
        return bn;
    }

    /**
     * LayerNorm over the last k dims of ranks 2 to 4 (k from 1 to rank − 1), with or without the affine parameters
     * (seeded, so neither is a trivial 1 or 0) and the default eps or 1e-3.
     */
    static List<Gen<ModuleCase>> layerNorm() {
        List<Gen<ModuleCase>> byRank = new ArrayList<>();
        for (int rank = 2; rank <= 4; rank++) {
            int r = rank;
            byRank.add(in -> {
                long[] s = new long[r];
                s[0] = draw(in, 1, 3);
                for (int d = 1; d < r; d++) {
                    s[d] = draw(in, 1, r == 2 ? 6 : 3);
                }
                int k = draw(in, 1, r - 1);
                long[] normalized = Arrays.copyOfRange(s, r - k, r);
                boolean affine = draw(in, 0, 2) > 0;
                double eps = draw(in, 0, 1) == 0 ? 1e-5 : 1e-3;
                long seed = seed(in);
                return new ModuleCase("LayerNorm(" + Arrays.toString(normalized) + ", eps=" + eps + ", elementwiseAffine=" + affine + ")",
                        () -> seededAffine(new LayerNorm(normalized, eps, affine), seed), s, s, seed,
                        spreadGroups(Arrays.stream(normalized).reduce(1, (a, b) -> a * b)));
            });
        }
        return byRank;
    }

    /** GroupNorm(G, C) on [N, C], [N, C, L] or [N, C, H, W], C = G·(channels per group), affine or not. */
    static List<Gen<ModuleCase>> groupNorm() {
        List<Gen<ModuleCase>> byRank = new ArrayList<>();
        for (int rank = 2; rank <= 4; rank++) {
            int r = rank;
            byRank.add(in -> {
                int g = draw(in, 1, 3), perGroup = draw(in, 1, 3);
                long[] s = new long[r];
                s[0] = draw(in, 1, 3);
                s[1] = (long) g * perGroup;
                for (int d = 2; d < r; d++) {
                    s[d] = draw(in, 1, 3);
                }
                boolean affine = draw(in, 0, 2) > 0;
                long seed = seed(in);
                int c = (int) s[1];
                long groupSize = Arrays.stream(s).skip(2).reduce(perGroup, (a, b) -> a * b);
                return new ModuleCase("GroupNorm(" + g + ", " + c + ", affine=" + affine + ")",
                        () -> seededAffine(new GroupNorm(g, c, 1e-5, affine), seed), s, s, seed, spreadGroups(groupSize));
            });
        }
        return byRank;
    }

    /** InstanceNorm2D(C) on [N, C, H, W] with H·W ≥ 2, affine or not. */
    static Gen<ModuleCase> instanceNorm2d() {
        return in -> {
            int n = draw(in, 1, 3), c = draw(in, 1, 3), h = draw(in, 1, 3), w = draw(in, h == 1 ? 2 : 1, 4);
            boolean affine = draw(in, 0, 1) == 1;
            long seed = seed(in);
            return new ModuleCase("InstanceNorm2D(" + c + ", affine=" + affine + ")",
                    () -> seededAffine(new InstanceNorm2D(c, 1e-5, affine), seed), shape(n, c, h, w), shape(n, c, h, w), seed,
                    spreadGroups((long) h * w));
        };
    }

    /**
     * Inputs for per-group normalisation, whose groups are consecutive runs of {@code groupSize} values in c order: each
     * run holds {@code groupSize} values evenly spread over [offset − scale, offset + scale] (offset in [-0.5, 0.5),
     * scale in [0.5, 1)), each moved by less than a third of the spacing, in random order. No group comes near
     * variance 0, where 1/σ would magnify float32's rounding beyond the float32 property's 1e-4 (a constant group is in
     * the fixture ln_4_constant_row_3x4).
     */
    static ModuleCase.InputMaker spreadGroups(long groupSize) {
        int k = Math.toIntExact(groupSize);
        return (seed, dataType, shape) -> {
            int size = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
            SplittableRandom random = new SplittableRandom(seed);
            double[] v = new double[size];
            for (int start = 0; start < size; start += k) {
                double offset = random.nextDouble(-0.5, 0.5), scale = random.nextDouble(0.5, 1);
                int[] order = new int[k];
                for (int i = 0; i < k; i++) {
                    order[i] = i;
                }
                for (int i = k - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int i = 0; i < k; i++) {
                    v[start + order[i]] = offset + scale * (2 * (i + 0.5 + random.nextDouble(-0.3, 0.3)) / k - 1);
                }
            }
            return Nd4j.createFromArray(v).reshape('c', shape).castTo(dataType);
        };
    }

    /** The module with its weight uniform in [0.5, 1.5) and its bias in [-1, 1), when it has them. */
    private static Module seededAffine(Module m, long seed) {
        List<org.nn4j.core.Parameter> p = m.parameters();
        if (!p.isEmpty()) {
            Initialisers.uniform(p.get(0).value(), 0.5, 1.5, seed);
            Initialisers.uniform(p.get(1).value(), -1, 1, seed + 1);
        }
        return m;
    }

    /** BatchNorm's state buffers by PyTorch's names, for its fixtures. */
    static Map<String, INDArray> runningStatistics(Module batchNorm) {
        BatchNorm bn = (BatchNorm) batchNorm;
        return Map.of("running_mean", bn.runningMean(), "running_var", bn.runningVar());
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
        return new ModuleCase(name + (train ? "" : ".eval()"), seeded, shape, shape, seed);
    }

    /**
     * A random permutation of values 2/size apart in [-1, 1): no two within a window are
     * closer than the gradient check's ±1e-6, so finite differences never switch the maximum.
     */
    static INDArray withoutTies(long seed, DataType dataType, long[] shape) {
        int size = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = -1 + 2.0 * i / size;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape);
    }

    /** Uniform in ±[0.1, 1): far from ReLU's kink at 0 (the kink itself is in the PyTorch fixtures). */
    static INDArray awayFromZero(long seed, DataType dataType, long[] shape) {
        INDArray u = TestArrays.uniform(seed, dataType, shape);
        return u.addi(Transforms.sign(u, true).muli(0.1)).divi(1.1);
    }

    /**
     * Uniform in [low, high), with every value closer than 0.05 to one of {@code kinks} moved 0.05 away from it (to the
     * side it was on), so that finite differences do not straddle a kink.
     */
    static ModuleCase.InputMaker away(double low, double high, double... kinks) {
        return (seed, dataType, shape) -> {
            double[] v = TestArrays.uniform(seed, DataType.DOUBLE, low, high, shape).dup('c').reshape(-1).toDoubleVector();
            for (int i = 0; i < v.length; i++) {
                for (double k : kinks) {
                    if (Math.abs(v[i] - k) < 0.05) {
                        v[i] = v[i] < k ? k - 0.05 : k + 0.05;
                    }
                }
            }
            return Nd4j.createFromArray(v).reshape('c', shape).castTo(dataType);
        };
    }

    /** Logits in [-3, 3). */
    static INDArray logits(long seed, DataType dataType, long[] shape) {
        return TestArrays.uniform(seed, dataType, -3, 3, shape);
    }

    static int draw(RandomnessSource in, int low, int high) {
        return integers().between(low, high).generate(in);
    }

    static long seed(RandomnessSource in) {
        return longs().between(0, Long.MAX_VALUE / 2).generate(in);
    }

    static long[] shape(long... dims) {
        return dims;
    }
}
