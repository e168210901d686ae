"""Reference cases for Conv1D, Conv2D (groups and dilation included), ConvTranspose2D, MaxPool1D/2D, Upsample2D,
ZeroPad2D, ReflectionPad2D, ReplicationPad2D and Flatten.

Shapes cover batch 1, odd sizes, stride > 1, padding (explicit and "same", even kernels),
non-square kernels and strides, output padding. Fixture names: conv_, convt_, pool_,
upsample_, pad_, flatten_ (the rows of ModuleSpecs.java name them and build the matching nn4j modules).
"""
from torch import nn

from reference import record_module


def cases():
    return [
        # Conv2D
        lambda: record_module("conv_2d_3to4_k3_batch2", nn.Conv2d(3, 4, 3), (2, 3, 7, 6), seed=101),
        lambda: record_module("conv_2d_2to3_k3x2_s2x1_p1x0_batch1", nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0)),
                              (1, 2, 9, 7), seed=102),
        lambda: record_module("conv_2d_2to5_k3_s2_p1_batch3", nn.Conv2d(2, 5, 3, stride=2, padding=1), (3, 2, 8, 5), seed=103),
        lambda: record_module("conv_2d_2to3_k4x2_same", nn.Conv2d(2, 3, (4, 2), padding="same"), (2, 2, 6, 5), seed=104),
        lambda: record_module("conv_2d_1to2_k3_same_batch1", nn.Conv2d(1, 2, 3, padding="same"), (1, 1, 5, 5), seed=105),
        lambda: record_module("conv_2d_3to2_k2_nobias", nn.Conv2d(3, 2, 2, bias=False), (2, 3, 5, 4), seed=106),
        lambda: record_module("conv_2d_1to2_k3_s3_odd", nn.Conv2d(1, 2, 3, stride=3), (2, 1, 10, 11), seed=107),
        # Conv2D groups (depthwise included) and dilation
        lambda: record_module("conv_2d_4to4_k3_p1_depthwise", nn.Conv2d(4, 4, 3, padding=1, groups=4), (2, 4, 7, 5), seed=161),
        lambda: record_module("conv_2d_4to6_k3x2_s2x1_groups2", nn.Conv2d(4, 6, (3, 2), stride=(2, 1), groups=2), (2, 4, 9, 7),
                              seed=162),
        lambda: record_module("conv_2d_2to3_k3_dil2_p2_batch1", nn.Conv2d(2, 3, 3, padding=2, dilation=2), (1, 2, 7, 8), seed=163),
        lambda: record_module("conv_2d_3to6_k2x3_dil3x2_groups3_nobias",
                              nn.Conv2d(3, 6, (2, 3), dilation=(3, 2), groups=3, bias=False), (3, 3, 8, 9), seed=164),
        lambda: record_module("conv_2d_2to4_k3_dil2x1_same_groups2", nn.Conv2d(2, 4, 3, padding="same", dilation=(2, 1), groups=2),
                              (2, 2, 6, 5), seed=165),
        lambda: record_module("conv_2d_4to2_k3_s2_dil2_groups2", nn.Conv2d(4, 2, 3, stride=2, dilation=2, groups=2), (2, 4, 11, 9),
                              seed=166),
        # Conv1D
        lambda: record_module("conv_1d_3to4_k3_batch2", nn.Conv1d(3, 4, 3), (2, 3, 9), seed=111),
        lambda: record_module("conv_1d_2to3_k4_s2_p1_batch1", nn.Conv1d(2, 3, 4, stride=2, padding=1), (1, 2, 11), seed=112),
        lambda: record_module("conv_1d_1to2_k2_nobias", nn.Conv1d(1, 2, 2, bias=False), (3, 1, 6), seed=113),
        lambda: record_module("conv_1d_4to6_k3_p1_dil2_groups2", nn.Conv1d(4, 6, 3, padding=1, dilation=2, groups=2), (2, 4, 11),
                              seed=171),
        lambda: record_module("conv_1d_3to3_k2_dil3_depthwise_nobias", nn.Conv1d(3, 3, 2, dilation=3, groups=3, bias=False),
                              (3, 3, 8), seed=172),
        # ConvTranspose2D
        lambda: record_module("convt_3to2_k3_batch2", nn.ConvTranspose2d(3, 2, 3), (2, 3, 4, 5), seed=121),
        lambda: record_module("convt_2to3_k3_s2_p1_op1_batch1",
                              nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1), (1, 2, 5, 4), seed=122),
        lambda: record_module("convt_2to2_k4_s3_p2_op2", nn.ConvTranspose2d(2, 2, 4, stride=3, padding=2, output_padding=2),
                              (2, 2, 3, 3), seed=123),
        lambda: record_module("convt_1to2_k2_s2_nobias", nn.ConvTranspose2d(1, 2, 2, stride=2, bias=False), (3, 1, 3, 2),
                              seed=124),
        lambda: record_module("convt_2to3_k3x2_s2x1_p1x0_op1x0",
                              nn.ConvTranspose2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0), output_padding=(1, 0)), (2, 2, 4, 5),
                              seed=125),
        lambda: record_module("convt_1to2_k2x4_s3x2_p0x1_op2x1_nobias",
                              nn.ConvTranspose2d(1, 2, (2, 4), stride=(3, 2), padding=(0, 1), output_padding=(2, 1), bias=False),
                              (1, 1, 3, 3), seed=126),
        # MaxPool2D / MaxPool1D
        lambda: record_module("pool_2d_k2_batch2", nn.MaxPool2d(2), (2, 3, 6, 6), seed=131),
        lambda: record_module("pool_2d_k3_s2_odd_batch1", nn.MaxPool2d(3, stride=2), (1, 2, 7, 9), seed=132),
        lambda: record_module("pool_2d_k2x3_s1x2", nn.MaxPool2d((2, 3), stride=(1, 2)), (2, 2, 5, 7), seed=133),
        lambda: record_module("pool_1d_k2_batch2", nn.MaxPool1d(2), (2, 3, 9), seed=134),
        lambda: record_module("pool_1d_k3_s2_batch1", nn.MaxPool1d(3, stride=2), (1, 2, 10), seed=135),
        # Upsample2D (nearest)
        lambda: record_module("upsample_2_batch2", nn.Upsample(scale_factor=2, mode="nearest"), (2, 3, 3, 4), seed=141),
        lambda: record_module("upsample_3x2_batch1", nn.Upsample(scale_factor=(3, 2), mode="nearest"), (1, 2, 2, 3), seed=142),
        # ZeroPad2D / ReflectionPad2D / ReplicationPad2D: (left, right, top, bottom)
        lambda: record_module("pad_zero_l1r2t0b3_2x3x4x5", nn.ZeroPad2d((1, 2, 0, 3)), (2, 3, 4, 5), seed=181),
        lambda: record_module("pad_zero_2_batch1", nn.ZeroPad2d(2), (1, 2, 3, 3), seed=182),
        lambda: record_module("pad_reflection_l1r2t3b0_2x2x4x3", nn.ReflectionPad2d((1, 2, 3, 0)), (2, 2, 4, 3), seed=183),
        lambda: record_module("pad_reflection_2_batch1", nn.ReflectionPad2d(2), (1, 3, 3, 5), seed=184),
        lambda: record_module("pad_replication_l3r0t1b2_2x2x2x3", nn.ReplicationPad2d((3, 0, 1, 2)), (2, 2, 2, 3), seed=185),
        lambda: record_module("pad_replication_1_1x3x1x4", nn.ReplicationPad2d(1), (1, 3, 1, 4), seed=186),
        # Flatten
        lambda: record_module("flatten_2x3x4x5", nn.Flatten(), (2, 3, 4, 5), seed=151),
        lambda: record_module("flatten_1x7", nn.Flatten(), (1, 7), seed=152),
    ]
