package org.nn4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
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
import org.quicktheories.core.Gen;

/**
 * The table of module specs (PyTorch's ModuleInfo idea): every row of every module, in one list. Each row
 * generates random valid cases and may name PyTorch fixtures; {@link ModuleContractTest} runs every generic
 * property on every row and compares every fixture, so a new module gets all of its tests by adding a row here.
 * {@link ModuleSpecsTest} fails when a module of {@code org.nn4j.layers} has no row.
 */
final class ModuleSpecs {

    private ModuleSpecs() {
    }

    static List<Spec> all() {
        return List.of(
                // Element-wise, any rank from 2 to 5. Inputs stay ≥ 0.1 from the kink at 0, which the
                // gradient check cannot see; the fixtures *_zeros_* and act_leakyrelu_* hold exact zeros.
                new Spec("ReLU", SpecCases.elementwise("ReLU", ReLU::new, SpecCases::awayFromZero))
                        .fixtures(ReLU::new, "act_relu_4x5", "act_relu_1x3x2x2", "act_relu_zeros_3x5", "act_relu_zeros_2x3x4x5"),
                new Spec("LeakyReLU", SpecCases.leakyRelu())
                        .fixtures(LeakyReLU::new, "act_leakyrelu_slope0.01_3x5")
                        .fixtures(() -> new LeakyReLU(0.01), "act_leakyrelu_slope0.01_2x3x4x5")
                        .fixtures(() -> new LeakyReLU(0.2), "act_leakyrelu_slope0.2_3x5", "act_leakyrelu_slope0.2_2x3x4x5"),
                new Spec("Sigmoid", SpecCases.elementwise("Sigmoid", Sigmoid::new, TestArrays::uniform))
                        .fixtures(Sigmoid::new, "sigmoid_2x3x4"),
                new Spec("TanH", SpecCases.elementwise("TanH", TanH::new, TestArrays::uniform))
                        .fixtures(TanH::new, "tanh_3x5"),
                // More element-wise activations, any rank from 2 to 5. Random inputs stay 0.05 or more from the kinks
                // (0, the bounds of Hardtanh and ReLU6, ±3 of Hardswish, the threshold of Softplus); the *_kinks_*
                // fixtures and those of Softplus, GELU, SiLU and LogSigmoid hold inputs exactly at them.
                new Spec("ELU", SpecCases.elu())
                        .fixtures(ELU::new, "act_elu_kinks_3x5")
                        .fixtures(() -> new ELU(0.5), "act_elu_alpha0.5_kinks_2x3x2x3"),
                new Spec("SELU", SpecCases.elementwise("SELU", SELU::new, SpecCases::awayFromZero))
                        .fixtures(SELU::new, "act_selu_kinks_3x5", "act_selu_2x3x4"),
                new Spec("GELU", SpecCases.gelu())
                        .fixtures(GELU::new, "act_gelu_3x5", "act_gelu_2x3x2x3")
                        .fixtures(() -> new GELU("tanh"), "act_gelu_tanh_3x5", "act_gelu_tanh_2x3x2x3"),
                new Spec("SiLU", SpecCases.elementwise("SiLU", SiLU::new, SpecCases::logits))
                        .fixtures(SiLU::new, "act_silu_3x5", "act_silu_2x3x4"),
                new Spec("Softplus", SpecCases.softplus())
                        .fixtures(Softplus::new, "act_softplus_threshold_3x7", "act_softplus_2x3x2x3")
                        .fixtures(() -> new Softplus(2, 5), "act_softplus_beta2_threshold5_3x5"),
                new Spec("Hardtanh", SpecCases.hardtanh())
                        .fixtures(Hardtanh::new, "act_hardtanh_kinks_3x7")
                        .fixtures(() -> new Hardtanh(-2, 0.5), "act_hardtanh_min-2_max0.5_kinks_2x3x4"),
                new Spec("ReLU6", SpecCases.elementwise("ReLU6", ReLU6::new, SpecCases.away(-2, 8, 0, 6)))
                        .fixtures(ReLU6::new, "act_relu6_kinks_3x7", "act_relu6_kinks_2x3x2x3"),
                new Spec("Hardswish", SpecCases.elementwise("Hardswish", Hardswish::new, SpecCases.away(-5, 5, -3, 3)))
                        .fixtures(Hardswish::new, "act_hardswish_kinks_3x7", "act_hardswish_kinks_2x3x2x3"),
                new Spec("LogSigmoid", SpecCases.elementwise("LogSigmoid", LogSigmoid::new, SpecCases::logits))
                        .fixtures(LogSigmoid::new, "act_logsigmoid_3x5", "act_logsigmoid_2x3x4"),
                new Spec("PReLU", SpecCases.prelu())
                        .fixtures(PReLU::new, "act_prelu_kinks_3x5")
                        .fixtures(() -> new PReLU(3, 0.25), "act_prelu_channels3_kinks_2x3x2x3")
                        .fixtures(() -> new PReLU(4, 0.25), "act_prelu_channels4_kinks_3x4"),
                // Over axis 1, any rank from 2 to 5.
                new Spec("Softmax", SpecCases.elementwise("Softmax", Softmax::new, SpecCases::logits))
                        .fixtures(Softmax::new, "act_softmax_3x7", "act_softmax_1x4", "act_softmax_large_3x4",
                                "act_softmax_2x3x5", "act_softmax_2x3x4x5", "act_softmax_2x3x2x2x3"),
                new Spec("LogSoftmax", SpecCases.elementwise("LogSoftmax", LogSoftmax::new, SpecCases::logits))
                        .fixtures(LogSoftmax::new, "act_logsoftmax_3x7", "act_logsoftmax_1x5", "act_logsoftmax_large_3x4",
                                "act_logsoftmax_2x4x3", "act_logsoftmax_2x3x2x3", "act_logsoftmax_2x3x4x5",
                                "act_logsoftmax_2x3x2x2x3"),
                // Any rank from 2 to 5. PyTorch's mask cannot be reproduced (another generator): eval mode only.
                new Spec("Dropout (frozen mask)", SpecCases.dropoutFrozen()),
                new Spec("Dropout (eval)", SpecCases.dropoutEval())
                        .fixtures(() -> new Dropout(0.4, 1).eval(), "dropout_eval_5x3", "dropout_eval_2x3x4"),
                new Spec("Flatten", SpecCases.flatten())
                        .fixtures(Flatten::new, "flatten_2x3x4x5", "flatten_1x7"),
                // Shape modules, any rank from 2 to 5 (Squeeze from 3): axis 0, the batch, stays in place.
                new Spec("Reshape", SpecCases.reshape())
                        .fixtures(() -> new Reshape(4, -1), "shape_reshape_4x-1_2x3x4")
                        .fixtures(() -> new Reshape(2, 1, 3), "shape_reshape_2x1x3_3x6")
                        .fixtures(() -> new Reshape(-1), "shape_reshape_-1_2x3x2x2"),
                new Spec("Permute", SpecCases.permute())
                        .fixtures(() -> new Permute(0, 2, 3, 1), "shape_permute_0_2_3_1_2x3x4x5")
                        .fixtures(() -> new Permute(0, -1, 1), "shape_permute_0_-1_1_3x2x4"),
                new Spec("Transpose", SpecCases.transpose())
                        .fixtures(() -> new Transpose(1, 2), "shape_transpose_1_2_2x3x4")
                        .fixtures(() -> new Transpose(-1, 1), "shape_transpose_-1_1_2x3x2x4"),
                new Spec("Squeeze", SpecCases.squeeze())
                        .fixtures(() -> new Squeeze(2), "shape_squeeze_2_2x3x1x4")
                        .fixtures(() -> new Squeeze(-1), "shape_squeeze_-1_3x5x1"),
                new Spec("Unsqueeze", SpecCases.unsqueeze())
                        .fixtures(() -> new Unsqueeze(1), "shape_unsqueeze_1_2x3")
                        .fixtures(() -> new Unsqueeze(-1), "shape_unsqueeze_-1_2x3x4"),
                new Spec("Narrow", SpecCases.narrow())
                        .fixtures(() -> new Narrow(2, 1, 2), "shape_narrow_2_1_2_2x3x5x4")
                        .fixtures(() -> new Narrow(-1, -3, 2), "shape_narrow_-1_-3_2_3x4x5"),
                // [N, C, L] and [N, C, H, W]; as for Dropout, PyTorch's mask cannot be reproduced: eval mode, and p = 1.
                new Spec("Dropout2D (frozen mask)", SpecCases.dropout2dFrozen())
                        .fixtures(() -> new Dropout2D(1, 1), "dropout2d_p1_train_2x3x3x2"),
                new Spec("Dropout2D (eval)", SpecCases.dropout2dEval())
                        .fixtures(() -> new Dropout2D(0.4, 1).eval(), "dropout2d_eval_2x3x4x5", "dropout2d_eval_3x4x5"),

                // [N, in] and [N, *, in] of rank 3 and 4
                new Spec("Linear", SpecCases.linear(true))
                        .fixtures(() -> new Linear(3, 2), "linear_3x2_batch4")
                        .fixtures(() -> new Linear(7, 5), "linear_7x5_batch1")
                        .fixtures(() -> new Linear(4, 3), "linear_4x3_2x3x4")
                        .fixtures(() -> new Linear(3, 2), "linear_3x2_1x5x2x3"),
                new Spec("Linear without bias", SpecCases.linear(false))
                        .fixtures(() -> new Linear(4, 6, false), "linear_nobias_4x6_batch3")
                        .fixtures(() -> new Linear(3, 5, false), "linear_nobias_3x5_2x1x3"),

                new Spec("Conv1D", SpecCases.conv1d())
                        .fixtures(() -> new Conv1D(3, 4, 3), "conv_1d_3to4_k3_batch2")
                        .fixtures(() -> new Conv1D(2, 3, 4, 2, 1), "conv_1d_2to3_k4_s2_p1_batch1")
                        .fixtures(() -> new Conv1D(1, 2, 2, 1, 0, false, 1), "conv_1d_1to2_k2_nobias"),
                new Spec("Conv2D", SpecCases.conv2d())
                        .fixtures(() -> new Conv2D(3, 4, 3), "conv_2d_3to4_k3_batch2")
                        .fixtures(() -> new Conv2D(2, 3, 3).kernel(3, 2).reset(1).stride(2, 1).padding(1, 0),
                                "conv_2d_2to3_k3x2_s2x1_p1x0_batch1")
                        .fixtures(() -> new Conv2D(2, 5, 3, 2, 1), "conv_2d_2to5_k3_s2_p1_batch3")
                        .fixtures(() -> new Conv2D(3, 2, 2).bias(false).reset(1), "conv_2d_3to2_k2_nobias")
                        .fixtures(() -> new Conv2D(1, 2, 3, 3, 0), "conv_2d_1to2_k3_s3_odd"),
                new Spec("Conv2D same", SpecCases.conv2dSame())
                        .fixtures(() -> new Conv2D(2, 3, 4).kernel(4, 2).reset(1).padding("same"), "conv_2d_2to3_k4x2_same")
                        .fixtures(() -> new Conv2D(1, 2, 3, 1, "same"), "conv_2d_1to2_k3_same_batch1"),
                new Spec("Conv2D groups, dilation", SpecCases.conv2dGrouped())
                        .fixtures(() -> new Conv2D(4, 4, 3, 1, 1).groups(4), "conv_2d_4to4_k3_p1_depthwise")
                        .fixtures(() -> new Conv2D(4, 6, 3).kernel(3, 2).groups(2).stride(2, 1), "conv_2d_4to6_k3x2_s2x1_groups2")
                        .fixtures(() -> new Conv2D(2, 3, 3, 1, 2).dilation(2), "conv_2d_2to3_k3_dil2_p2_batch1")
                        .fixtures(() -> new Conv2D(3, 6, 2).kernel(2, 3).groups(3).bias(false).dilation(3, 2),
                                "conv_2d_3to6_k2x3_dil3x2_groups3_nobias")
                        .fixtures(() -> new Conv2D(2, 4, 3, 1, "same").dilation(2, 1).groups(2), "conv_2d_2to4_k3_dil2x1_same_groups2")
                        .fixtures(() -> new Conv2D(4, 2, 3, 2, 0).dilation(2).groups(2), "conv_2d_4to2_k3_s2_dil2_groups2"),
                new Spec("Conv1D groups, dilation", SpecCases.conv1dGrouped())
                        .fixtures(() -> new Conv1D(4, 6, 3, 1, 1).groups(2).dilation(2), "conv_1d_4to6_k3_p1_dil2_groups2")
                        .fixtures(() -> new Conv1D(3, 3, 2, 1, 0, false, 1).groups(3).dilation(3), "conv_1d_3to3_k2_dil3_depthwise_nobias"),
                new Spec("ConvTranspose2D", SpecCases.convTranspose2d())
                        .fixtures(() -> new ConvTranspose2D(3, 2, 3), "convt_3to2_k3_batch2")
                        .fixtures(() -> new ConvTranspose2D(2, 3, 3, 2, 1, 1), "convt_2to3_k3_s2_p1_op1_batch1")
                        .fixtures(() -> new ConvTranspose2D(2, 2, 4, 3, 2, 2), "convt_2to2_k4_s3_p2_op2")
                        .fixtures(() -> new ConvTranspose2D(1, 2, 2, 2, 0, 0, false, 1), "convt_1to2_k2_s2_nobias"),
                new Spec("MaxPool1D", SpecCases.maxPool1d())
                        .fixtures(() -> new MaxPool1D(2), "pool_1d_k2_batch2")
                        .fixtures(() -> new MaxPool1D(3, 2), "pool_1d_k3_s2_batch1"),
                new Spec("MaxPool2D", SpecCases.maxPool2d())
                        .fixtures(() -> new MaxPool2D(2), "pool_2d_k2_batch2")
                        .fixtures(() -> new MaxPool2D(3, 2), "pool_2d_k3_s2_odd_batch1")
                        .fixtures(() -> new MaxPool2D(2, 3, 1, 2), "pool_2d_k2x3_s1x2"),
                // Padding, dilation and ceil mode; *_ties_* hold small integers, whose ties send the delta to the first maximum.
                new Spec("MaxPool1D padding, dilation, ceil mode", SpecCases.maxPool1dWindows())
                        .fixtures(() -> new MaxPool1D(3, 2, 1).dilation(2).ceilMode(true), "pool_max_1d_k3_s2_p1_dil2_ceil_2x2x8")
                        .fixtures(() -> new MaxPool1D(2, 1, 1), "pool_max_1d_k2_s1_p1_1x3x5")
                        .fixtures(() -> new MaxPool1D(3, 1, 1), "pool_max_1d_k3_s1_p1_ties_2x2x7"),
                new Spec("MaxPool2D padding, dilation, ceil mode", SpecCases.maxPool2dWindows())
                        .fixtures(() -> new MaxPool2D(3, 2, 1).ceilMode(true), "pool_max_2d_k3_s2_p1_ceil_2x2x6x7")
                        .fixtures(() -> new MaxPool2D(3, 2, 1, 1).padding(1).dilation(2, 1), "pool_max_2d_k3x2_s1_p1_dil2x1_1x2x6x5")
                        .fixtures(() -> new MaxPool2D(2).dilation(2).ceilMode(true), "pool_max_2d_k2_s2_dil2_ceil_2x1x7x6")
                        .fixtures(() -> new MaxPool2D(3, 2).ceilMode(true), "pool_max_2d_k3_s2_ceil_small_1x2x2x2")
                        .fixtures(() -> new MaxPool2D(2, 1, 1), "pool_max_2d_k2_s1_p1_ties_2x2x4x5"),
                // Ceil-mode windows reaching past the padding divide by the padded positions inside in + pad only.
                new Spec("AvgPool1D", SpecCases.avgPool1d())
                        .fixtures(() -> new AvgPool1D(3, 2, 1).ceilMode(true), "pool_avg_1d_k3_s2_p1_ceil_2x3x8")
                        .fixtures(() -> new AvgPool1D(4, 3, 2).countIncludePad(false), "pool_avg_1d_k4_s3_p2_exclude_batch1")
                        .fixtures(() -> new AvgPool1D(2), "pool_avg_1d_k2_3x2x5")
                        .fixtures(() -> new AvgPool1D(2, 3).ceilMode(true).countIncludePad(false), "pool_avg_1d_k2_s3_ceil_exclude_2x2x7"),
                new Spec("AvgPool2D", SpecCases.avgPool2d())
                        .fixtures(() -> new AvgPool2D(3, 2, 1).ceilMode(true), "pool_avg_2d_k3_s2_p1_ceil_2x3x7x6")
                        .fixtures(() -> new AvgPool2D(3, 2, 1).ceilMode(true).countIncludePad(false), "pool_avg_2d_k3_s2_p1_ceil_exclude_2x2x6x7")
                        .fixtures(() -> new AvgPool2D(3, 2, 2, 1).padding(1, 0).countIncludePad(false),
                                "pool_avg_2d_k3x2_s2x1_p1x0_exclude_batch1")
                        .fixtures(() -> new AvgPool2D(2), "pool_avg_2d_k2_2x3x5x4")
                        .fixtures(() -> new AvgPool2D(3, 2).ceilMode(true), "pool_avg_2d_k3_s2_ceil_small_1x2x2x2")
                        .fixtures(() -> new AvgPool2D(2, 4, 1, 3).padding(1, 2), "pool_avg_2d_k2x4_s1x3_p1x2_2x1x3x8"),
                new Spec("ConvTranspose2D non-square", SpecCases.convTranspose2dNonSquare())
                        .fixtures(() -> new ConvTranspose2D(2, 3, 3).kernel(3, 2).stride(2, 1).padding(1, 0).outputPadding(1, 0),
                                "convt_2to3_k3x2_s2x1_p1x0_op1x0")
                        .fixtures(() -> new ConvTranspose2D(1, 2, 2, 1, 0, 0, false, 1).kernel(2, 4).stride(3, 2).padding(0, 1)
                                .outputPadding(2, 1), "convt_1to2_k2x4_s3x2_p0x1_op2x1_nobias"),
                new Spec("ZeroPad2D", SpecCases.pad2d(ZeroPad2D::new, ZeroPad2D::new, false))
                        .fixtures(() -> new ZeroPad2D(1, 2, 0, 3), "pad_zero_l1r2t0b3_2x3x4x5")
                        .fixtures(() -> new ZeroPad2D(2), "pad_zero_2_batch1"),
                new Spec("ReflectionPad2D", SpecCases.pad2d(ReflectionPad2D::new, ReflectionPad2D::new, true))
                        .fixtures(() -> new ReflectionPad2D(1, 2, 3, 0), "pad_reflection_l1r2t3b0_2x2x4x3")
                        .fixtures(() -> new ReflectionPad2D(2), "pad_reflection_2_batch1"),
                new Spec("ReplicationPad2D", SpecCases.pad2d(ReplicationPad2D::new, ReplicationPad2D::new, false))
                        .fixtures(() -> new ReplicationPad2D(3, 0, 1, 2), "pad_replication_l3r0t1b2_2x2x2x3")
                        .fixtures(() -> new ReplicationPad2D(1), "pad_replication_1_1x3x1x4"),
                new Spec("AdaptiveAvgPool2D", SpecCases.adaptiveAvgPool2d())
                        .fixtures(() -> new AdaptiveAvgPool2D(3, 2), "pool_adaptive_avg_7x5_to_3x2")
                        .fixtures(() -> new AdaptiveAvgPool2D(1), "pool_adaptive_avg_global_batch1")
                        .fixtures(() -> new AdaptiveAvgPool2D(5, 3), "pool_adaptive_avg_3x4_to_5x3"),
                new Spec("AdaptiveMaxPool2D", SpecCases.adaptiveMaxPool2d())
                        .fixtures(() -> new AdaptiveMaxPool2D(3, 2), "pool_adaptive_max_7x5_to_3x2")
                        .fixtures(() -> new AdaptiveMaxPool2D(1), "pool_adaptive_max_global_batch1")
                        .fixtures(() -> new AdaptiveMaxPool2D(5, 3), "pool_adaptive_max_3x4_to_5x3")
                        .fixtures(() -> new AdaptiveMaxPool2D(4, 3), "pool_adaptive_max_ties_6x5_to_4x3"),
                new Spec("Upsample2D", SpecCases.upsample2d())
                        .fixtures(() -> new Upsample2D(2), "upsample_2_batch2")
                        .fixtures(() -> new Upsample2D(3, 2), "upsample_3x2_batch1"),

                // BatchNorm's fixtures also hold the running statistics before and after the forward pass.
                new Spec("BatchNorm1D [N, F] train", SpecCases.batchNorm1d(true))
                        .fixtures(() -> new BatchNorm1D(4), SpecCases::runningStatistics, "bn_1d_train_6x4")
                        .fixtures(() -> new BatchNorm1D(3), SpecCases::runningStatistics, "bn_1d_train_2x3"),
                new Spec("BatchNorm1D [N, C, L] train", SpecCases.batchNorm1dOnSequences())
                        .fixtures(() -> new BatchNorm1D(2), SpecCases::runningStatistics, "bn_1d_train_3x2x5"),
                new Spec("BatchNorm1D eval", SpecCases.batchNorm1d(false))
                        .fixtures(() -> new BatchNorm1D(5).eval(), SpecCases::runningStatistics, "bn_1d_eval_1x5")
                        .fixtures(() -> new BatchNorm1D(3).eval(), SpecCases::runningStatistics, "bn_1d_eval_4x3"),
                new Spec("BatchNorm2D train", SpecCases.batchNorm2d(true))
                        .fixtures(() -> new BatchNorm2D(3), SpecCases::runningStatistics, "bn_2d_train_2x3x4x5")
                        .fixtures(() -> new BatchNorm2D(2), SpecCases::runningStatistics, "bn_2d_train_1x2x3x3"),
                new Spec("BatchNorm2D eval", SpecCases.batchNorm2d(false))
                        .fixtures(() -> new BatchNorm2D(2).eval(), SpecCases::runningStatistics, "bn_2d_eval_3x2x3x2"),

                // momentum null: fixtures after 2 and 3 earlier batches, so the cumulative average weighs by 1/3 and 1/4.
                new Spec("BatchNorm cumulative average train", SpecCases.batchNormCumulative())
                        .fixtures(() -> SpecCases.cumulativeAfter(new BatchNorm1D(3, 1e-5, null), 2), SpecCases::runningStatistics,
                                "bn_1d_cumulative_after2_5x3")
                        .fixtures(() -> SpecCases.cumulativeAfter(new BatchNorm2D(2, 1e-5, null), 3), SpecCases::runningStatistics,
                                "bn_2d_cumulative_after3_2x2x3x3"),

                // Per-sample normalisation: the same in train and eval mode. *_constant_row_* has a group of variance 0.
                new Spec("LayerNorm", SpecCases.layerNorm())
                        .fixtures(() -> new LayerNorm(5), "ln_5_3x5")
                        .fixtures(() -> new LayerNorm(4), "ln_4_constant_row_3x4")
                        .fixtures(() -> new LayerNorm(3, 4), "ln_3x4_2x3x4")
                        .fixtures(() -> new LayerNorm(new long[] {3}, 1e-5, false), "ln_3_noaffine_2x3x2x3")
                        .fixtures(() -> new LayerNorm(new long[] {2, 3}, 0.01, true), "ln_2x3_eps0.01_1x3x2x3")
                        .fixtures(() -> new LayerNorm(1), "ln_1_3x1")
                        .fixtures(() -> new LayerNorm(4), "ln_4_2x5x4"),
                new Spec("GroupNorm", SpecCases.groupNorm())
                        .fixtures(() -> new GroupNorm(3, 6), "gn_3groups_2x6x3")
                        .fixtures(() -> new GroupNorm(2, 4), "gn_2groups_3x4x2x3")
                        .fixtures(() -> new GroupNorm(5, 5), "gn_5groups_2x5")
                        .fixtures(() -> new GroupNorm(1, 4, 1e-5, false), "gn_1group_noaffine_2x4x3x3"),
                new Spec("InstanceNorm2D", SpecCases.instanceNorm2d())
                        .fixtures(() -> new InstanceNorm2D(3), "in_2d_2x3x4x5")
                        .fixtures(() -> new InstanceNorm2D(2, 1e-5, true), "in_2d_affine_3x2x3x2")
                        .fixtures(() -> new InstanceNorm2D(3, 0.1, true), "in_2d_affine_eps0.1_1x3x1x2"),

                new Spec("Sequential", SpecCases.sequential())
                        .fixtures(() -> new Sequential(new Linear(3, 5), new TanH(), new Linear(5, 2), new Sigmoid()),
                                "sequential_linear_tanh_linear_sigmoid_4x3"),
                // Containers: their parameters and buffers by PyTorch's path (block.0.weight, 1.0.bias).
                new Spec("Identity", SpecCases.identity())
                        .fixtures(Identity::new, "identity_3x4"),
                new Spec("Residual (Linear, ReLU, Linear)", SpecCases.residualMlp())
                        .fixtures(() -> new Residual(new Sequential(new Linear(5, 3), new ReLU(), new Linear(3, 5))),
                                "residual_linear_relu_linear_4x5"),
                new Spec("Residual (Conv2D, BatchNorm2D; projection shortcut, stride 2)", SpecCases.residualConv())
                        .fixtures(() -> new Residual(
                                        new Sequential(new Conv2D(3, 4, 3, 2, 1), new BatchNorm2D(4), new ReLU(),
                                                new Conv2D(4, 4, 3, 1, 1), new BatchNorm2D(4)),
                                        new Sequential(new Conv2D(3, 4, 1, 2, 0), new BatchNorm2D(4))),
                                SpecCases::floatingPointBuffers, "residual_basicblock_proj_s2_2x3x5x7"),
                new Spec("Concat (two Conv2D)", SpecCases.concat())
                        .fixtures(() -> new Concat(1, new Conv2D(3, 2, 3, 1, 1), new Sequential(new Conv2D(3, 4, 1), new ReLU())),
                                "concat_conv_dim1_2x3x5x4")
                        .fixtures(() -> new Concat(-1, new Conv2D(2, 3, 1).kernel(1, 2).reset(1), new Conv2D(2, 3, 1).kernel(1, 3).reset(2)),
                                "concat_conv_dimminus1_2x2x3x5")
                        .fixtures(() -> new Concat(1, new Identity(), new Conv2D(2, 3, 3, 1, 1)), "concat_identity_conv_dim1_1x2x4x3"),
                // Table containers inside a Sequential, a whole network being one module; names as in PyTorch's
                // nn.Sequential of nn.ModuleList-based containers (0.1.weight)
                new Spec("ConcatTable, CAddTable (two Linear)", SpecCases.concatTableSum())
                        .fixtures(() -> new Sequential(new ConcatTable(new Linear(5, 3), new Linear(5, 3)), new CAddTable()),
                                "concattable_caddtable_linear_4x5"),
                new Spec("ConcatTable, JoinTable (two Conv2D)", SpecCases.concatTableJoinConv())
                        .fixtures(() -> new Sequential(new ConcatTable(new Conv2D(3, 2, 3, 1, 1),
                                        new Sequential(new Conv2D(3, 4, 1), new ReLU())), new JoinTable(1)),
                                "concattable_jointable_conv_dim1_2x3x5x4"),
                new Spec("ConcatTable, ParallelTable, JoinTable (Linear, Identity; two Linear)", SpecCases.parallelTable())
                        .fixtures(() -> new Sequential(new ConcatTable(new Linear(4, 3), new Identity()),
                                        new ParallelTable(new Linear(3, 2), new Linear(4, 5)), new JoinTable(1)),
                                "paralleltable_jointable_linear_3x4"),
                new Spec("ConcatTable, CAddTable (Conv2D, BatchNorm2D; Identity)", SpecCases.concatTableResidual())
                        .fixtures(() -> new Sequential(new ConcatTable(new Sequential(new Conv2D(3, 3, 3, 1, 1), new BatchNorm2D(3),
                                        new ReLU()), new Identity()), new CAddTable()),
                                SpecCases::floatingPointBuffers, "concattable_caddtable_conv_bn_relu_2x3x4x5"),

                // Embedding: integer indices [N], [N, T], [N, T1, T2], [N, T1, T2, T3] (INT or LONG), no gradient to them.
                // Random cases with a padding index never draw it (its row's gradient is zero by design, not by the
                // maths); the *_padding* fixtures hold it, more than once.
                new Spec("Embedding", EmbeddingSpecCases.embedding())
                        .fixtures(() -> new Embedding(10, 3), "embedding_10x3_repeated_3x5")
                        .fixtures(() -> new Embedding(7, 4, 2), "embedding_7x4_padding2_2x5")
                        .fixtures(() -> new Embedding(5, 2, -1), "embedding_5x2_paddingminus1_3x2")
                        .fixtures(() -> new Embedding(6, 5), "embedding_6x5_batch1_1x7")
                        .fixtures(() -> new Embedding(8, 3), "embedding_8x3_vector_5")
                        .fixtures(() -> new Embedding(6, 2), "embedding_6x2_2x3x2"),
                // Attention on [N, T, E] (AttentionSpecCases): self-attention, cross-attention inside a Sequential (a
                // ConcatTable cuts one array into query and memory), Transformer encoder layers, position embeddings.
                // Fixtures: PyTorch's nn.MultiheadAttention and nn.TransformerEncoderLayer (batch_first=True, eval mode).
                new Spec("MultiheadAttention", AttentionSpecCases.selfAttention(false))
                        .fixtures(() -> new MultiheadAttention(4, 2, 0, true, 1), "mha_self_e4_h2_2x3x4")
                        .fixtures(() -> new MultiheadAttention(6, 2, 0, true, 1).causal(true), "mha_self_e6_h2_causal_3x5x6")
                        .fixtures(() -> new MultiheadAttention(4, 1, 0, false, 1), "mha_self_e4_h1_nobias_batch1_1x5x4")
                        .fixtures(() -> new MultiheadAttention(4, 2, 0, true, 1).causal(true), "mha_self_e4_h2_t1_3x1x4")
                        .fixtures(() -> new MultiheadAttention(6, 2, 0, true, 1)
                                .keyPaddingMask(AttentionSpecCases.mask("mha_self_e6_h2_padding_2x4x6")), "mha_self_e6_h2_padding_2x4x6")
                        .fixtures(() -> new MultiheadAttention(4, 2, 0, true, 1).causal(true)
                                .keyPaddingMask(AttentionSpecCases.mask("mha_self_e4_h2_causal_padding_2x5x4")),
                                "mha_self_e4_h2_causal_padding_2x5x4")
                        .fixtures(() -> new MultiheadAttention(4, 2, 0, true, 1).causal(true)
                                .keyPaddingMask(AttentionSpecCases.mask("mha_self_weights_e4_h2_causal_padding_2x4x4")),
                                "mha_self_weights_e4_h2_causal_padding_2x4x4"),
                new Spec("MultiheadAttention dropout (eval)", AttentionSpecCases.selfAttention(true)),
                new Spec("MultiheadAttention cross (query, memory)", AttentionSpecCases.crossAttention(false))
                        .fixtures(() -> AttentionSpecCases.crossAttentionFixture(new MultiheadAttention(4, 2, 0, true, 1), 2, 3),
                                "mha_cross_e4_h2_l2_s3_2x5x4")
                        .fixtures(() -> AttentionSpecCases.crossAttentionFixture(new MultiheadAttention(4, 2, 0, true, 1)
                                .keyPaddingMask(AttentionSpecCases.mask("mha_cross_e4_h2_l3_s4_padding_2x7x4")), 3, 4),
                                "mha_cross_e4_h2_l3_s4_padding_2x7x4")
                        .fixtures(() -> AttentionSpecCases.crossAttentionFixture(new MultiheadAttention(4, 2, 0, true, 1).causal(true),
                                        3, 5),
                                "mha_cross_e4_h2_causal_l3_s5_2x8x4"),
                new Spec("MultiheadAttention cross (query, key, value)", AttentionSpecCases.crossAttention(true))
                        .fixtures(() -> AttentionSpecCases.crossAttentionFixture(new MultiheadAttention(6, 2, 0, true, 1), 3, 2, 2),
                                "mha_cross_qkv_e6_h2_l3_s2_batch1_1x7x6"),
                new Spec("TransformerEncoderLayer", AttentionSpecCases.encoderLayer())
                        .fixtures(() -> new TransformerEncoderLayer(4, 2, 6).eval(), "tel_d4_h2_ff6_relu_post_eval_2x3x4")
                        .fixtures(() -> new TransformerEncoderLayer(4, 2, 6, 0.1, "gelu", true, 1e-5, 1).eval(),
                                "tel_d4_h2_ff6_gelu_pre_eval_2x5x4")
                        .fixtures(() -> new TransformerEncoderLayer(6, 2, 5, 0.1, "gelu", false, 1e-5, 1).causal(true).eval(),
                                "tel_d6_h2_ff5_gelu_post_causal_eval_batch1_1x5x6")
                        .fixtures(() -> new TransformerEncoderLayer(6, 3, 4, 0.1, "relu", true, 1e-5, 1).causal(true).eval(),
                                "tel_d6_h3_ff4_relu_pre_causal_eval_3x3x6")
                        .fixtures(() -> new TransformerEncoderLayer(4, 2, 6, 0.1, "relu", true, 1e-5, 1)
                                .keyPaddingMask(AttentionSpecCases.mask("tel_d4_h2_ff6_relu_pre_padding_eval_2x4x4")).eval(),
                                "tel_d4_h2_ff6_relu_pre_padding_eval_2x4x4")
                        .fixtures(() -> new TransformerEncoderLayer(4, 1, 3, 0.1, "gelu", false, 0.01, 1).eval(),
                                "tel_d4_h1_ff3_gelu_post_eps0.01_eval_2x3x4"),
                new Spec("PositionalEmbedding", AttentionSpecCases.positionalEmbedding())
                        .fixtures(() -> new PositionalEmbedding(7, 4), "posemb_7x4_2x5x4")
                        .fixtures(() -> new PositionalEmbedding(3, 2), "posemb_3x2_batch1_1x3x2"),
                // Recurrent layers, [N, T, C] -> [N, T, D·H] (RecurrentSpecCases); fixtures from reference_recurrent.py.
                // The *_h0* fixtures start from RecurrentSpecCases.pattern states; RecurrentTest compares h_n and c_n.
                new Spec("LSTM", RecurrentSpecCases.lstm())
                        .fixtures(() -> new LSTM(3, 4, 1, false, 0, 1), "lstm_3to4_t5_batch2", "lstm_3to4_t1_batch1")
                        .fixtures(() -> new LSTM(3, 4, 2, false, 0, 1), "lstm_3to4_2layers_t3_batch1")
                        .fixtures(() -> new LSTM(3, 4, 1, true, 0, 1), "lstm_3to4_bidirectional_t5_batch3")
                        .fixtures(() -> new LSTM(2, 3, 2, true, 0, 1), "lstm_2to3_2layers_bidirectional_t4_batch2")
                        .fixtures(() -> new LSTM(3, 4, 2, false, 0, 1).initialState(RecurrentSpecCases.pattern(0.5, 2, 2, 4),
                                RecurrentSpecCases.pattern(-0.8, 2, 2, 4)), "lstm_3to4_2layers_h0c0_t3_batch2")
                        .fixtures(() -> new LSTM(3, 4, 2, false, 0.5, 1).eval(), "lstm_3to4_2layers_dropout0.5_eval_t3_batch2"),
                new Spec("GRU", RecurrentSpecCases.gru())
                        .fixtures(() -> new GRU(3, 4, 1, false, 0, 1), "gru_3to4_t5_batch2")
                        .fixtures(() -> new GRU(3, 4, 2, true, 0, 1), "gru_3to4_2layers_bidirectional_t3_batch1")
                        .fixtures(() -> new GRU(3, 4, 1, true, 0, 1).initialState(RecurrentSpecCases.pattern(0.5, 2, 2, 4)),
                                "gru_3to4_bidirectional_h0_t3_batch2"),
                new Spec("RNN tanh", RecurrentSpecCases.rnn("tanh"))
                        .fixtures(() -> new RNN(3, 4, 1, "tanh", false, 0, 1), "rnn_tanh_3to4_t5_batch2")
                        .fixtures(() -> new RNN(3, 4, 2, "tanh", true, 0, 1).initialState(RecurrentSpecCases.pattern(0.5, 4, 1, 4)),
                                "rnn_tanh_3to4_2layers_bidirectional_h0_t3_batch1"),
                new Spec("RNN relu", RecurrentSpecCases.rnn("relu"))
                        .fixtures(() -> new RNN(3, 4, 1, "relu", false, 0, 1), "rnn_relu_3to4_t5_batch3")
                        .fixtures(() -> new RNN(3, 4, 2, "relu", true, 0, 1), "rnn_relu_3to4_2layers_bidirectional_t3_batch2"));
    }

    /**
     * A row: a name, generators of random valid cases (a property's examples are shared equally among them; a
     * rank-agnostic row has one per rank, so every property reaches every rank), and PyTorch fixtures.
     */
    record Spec(String name, List<Gen<ModuleCase>> cases, List<Fixture> fixtures) {

        Spec(String name, Gen<ModuleCase> cases) {
            this(name, List.of(cases), List.of());
        }

        Spec(String name, List<Gen<ModuleCase>> cases) {
            this(name, cases, List.of());
        }

        /** This row with more fixtures, each compared with a module from {@code module}. */
        Spec fixtures(Supplier<Module> module, String... names) {
            return fixtures(module, m -> Map.of(), names);
        }

        /** This row with more fixtures of a module with state buffers, which {@code buffers} names as PyTorch does. */
        Spec fixtures(Supplier<Module> module, Function<Module, Map<String, INDArray>> buffers, String... names) {
            List<Fixture> more = new ArrayList<>(fixtures);
            for (String n : names) {
                more.add(new Fixture(n, module, buffers));
            }
            return new Spec(name, cases, List.copyOf(more));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A PyTorch fixture ({@code src/test/resources/reference/NAME.npz}, recorded by {@code src/test/python/make_reference.py})
     * and the module that must reproduce it: PyTorch's parameters are loaded into it, then its output, dL/dinput, parameter
     * gradients and {@code buffers} are compared with PyTorch's.
     */
    record Fixture(String name, Supplier<Module> module, Function<Module, Map<String, INDArray>> buffers) {
        @Override
        public String toString() {
            return name;
        }
    }
}
