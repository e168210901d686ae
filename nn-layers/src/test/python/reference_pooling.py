"""Reference cases for pooling: AdaptiveAvgPool2D, AdaptiveMaxPool2D, AvgPool1D/2D, and MaxPool1D/2D with padding,
dilation and ceil mode (the plain MaxPool cases are in reference_conv.py).

Odd sizes whose windows overlap and differ in size (7x5 -> 3x2), an output larger than the input along one axis, the
global 1x1 case; ceil mode whose last window reaches past the padding (the divisor of count_include_pad then counts
only the padding inside it), an input smaller than the kernel in ceil mode, count_include_pad=False, dilation,
non-square windows, and inputs of small integers, whose ties send the gradient to the first maximum. Fixture names:
pool_adaptive_avg_, pool_adaptive_max_, pool_avg_, pool_max_ (the rows of ModuleSpecs.java name them and build the
matching nn4j modules).
"""
import torch
from torch import nn

from reference import record_module


def _small_integers(shape):
    """Values in {-1, 0, 1, 2}: many ties in every window."""
    return lambda g: torch.randint(-1, 3, shape, generator=g).double()


def cases():
    return [
        lambda: record_module("pool_adaptive_avg_7x5_to_3x2", nn.AdaptiveAvgPool2d((3, 2)), (2, 3, 7, 5), seed=301),
        lambda: record_module("pool_adaptive_avg_global_batch1", nn.AdaptiveAvgPool2d(1), (1, 4, 5, 3), seed=302),
        lambda: record_module("pool_adaptive_avg_3x4_to_5x3", nn.AdaptiveAvgPool2d((5, 3)), (2, 2, 3, 4), seed=303),

        lambda: record_module("pool_adaptive_max_7x5_to_3x2", nn.AdaptiveMaxPool2d((3, 2)), (2, 3, 7, 5), seed=311),
        lambda: record_module("pool_adaptive_max_global_batch1", nn.AdaptiveMaxPool2d(1), (1, 4, 5, 3), seed=312),
        lambda: record_module("pool_adaptive_max_3x4_to_5x3", nn.AdaptiveMaxPool2d((5, 3)), (2, 2, 3, 4), seed=313),
        lambda: record_module("pool_adaptive_max_ties_6x5_to_4x3", nn.AdaptiveMaxPool2d((4, 3)), (2, 2, 6, 5), seed=314,
                              make_input=_small_integers((2, 2, 6, 5))),

        lambda: record_module("pool_avg_2d_k3_s2_p1_ceil_2x3x7x6",
                              nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True), (2, 3, 7, 6), seed=321),
        lambda: record_module("pool_avg_2d_k3_s2_p1_ceil_exclude_2x2x6x7",
                              nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), (2, 2, 6, 7),
                              seed=322),
        lambda: record_module("pool_avg_2d_k3x2_s2x1_p1x0_exclude_batch1",
                              nn.AvgPool2d((3, 2), stride=(2, 1), padding=(1, 0), count_include_pad=False), (1, 2, 5, 4),
                              seed=323),
        lambda: record_module("pool_avg_2d_k2_2x3x5x4", nn.AvgPool2d(2), (2, 3, 5, 4), seed=324),
        lambda: record_module("pool_avg_2d_k3_s2_ceil_small_1x2x2x2", nn.AvgPool2d(3, stride=2, ceil_mode=True), (1, 2, 2, 2),
                              seed=325),
        lambda: record_module("pool_avg_2d_k2x4_s1x3_p1x2_2x1x3x8", nn.AvgPool2d((2, 4), stride=(1, 3), padding=(1, 2)),
                              (2, 1, 3, 8), seed=326),

        lambda: record_module("pool_avg_1d_k3_s2_p1_ceil_2x3x8", nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True),
                              (2, 3, 8), seed=331),
        lambda: record_module("pool_avg_1d_k4_s3_p2_exclude_batch1",
                              nn.AvgPool1d(4, stride=3, padding=2, count_include_pad=False), (1, 2, 7), seed=332),
        lambda: record_module("pool_avg_1d_k2_3x2x5", nn.AvgPool1d(2), (3, 2, 5), seed=333),
        lambda: record_module("pool_avg_1d_k2_s3_ceil_exclude_2x2x7",
                              nn.AvgPool1d(2, stride=3, ceil_mode=True, count_include_pad=False), (2, 2, 7), seed=334),

        lambda: record_module("pool_max_2d_k3_s2_p1_ceil_2x2x6x7", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
                              (2, 2, 6, 7), seed=341),
        lambda: record_module("pool_max_2d_k3x2_s1_p1_dil2x1_1x2x6x5",
                              nn.MaxPool2d((3, 2), stride=1, padding=1, dilation=(2, 1)), (1, 2, 6, 5), seed=342),
        lambda: record_module("pool_max_2d_k2_s2_dil2_ceil_2x1x7x6", nn.MaxPool2d(2, stride=2, dilation=2, ceil_mode=True),
                              (2, 1, 7, 6), seed=343),
        lambda: record_module("pool_max_2d_k3_s2_ceil_small_1x2x2x2", nn.MaxPool2d(3, stride=2, ceil_mode=True), (1, 2, 2, 2),
                              seed=344),
        lambda: record_module("pool_max_2d_k2_s1_p1_ties_2x2x4x5", nn.MaxPool2d(2, stride=1, padding=1), (2, 2, 4, 5),
                              seed=345, make_input=_small_integers((2, 2, 4, 5))),
        lambda: record_module("pool_max_1d_k3_s2_p1_dil2_ceil_2x2x8",
                              nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True), (2, 2, 8), seed=351),
        lambda: record_module("pool_max_1d_k2_s1_p1_1x3x5", nn.MaxPool1d(2, stride=1, padding=1), (1, 3, 5), seed=352),
        lambda: record_module("pool_max_1d_k3_s1_p1_ties_2x2x7", nn.MaxPool1d(3, stride=1, padding=1), (2, 2, 7), seed=353,
                              make_input=_small_integers((2, 2, 7))),
    ]
