"""Reference cases for AdaptiveAvgPool2D.

Odd sizes whose windows overlap and differ in size (7x5 -> 3x2), an output larger than the input
along one axis, and the global 1x1 case. Fixture names: pool_adaptive_avg_ (the rows of
ModuleSpecs.java name them and build the matching nn4j modules).
"""
from torch import nn

from reference import record_module


def cases():
    return [
        lambda: record_module("pool_adaptive_avg_7x5_to_3x2", nn.AdaptiveAvgPool2d((3, 2)), (2, 3, 7, 5), seed=301),
        lambda: record_module("pool_adaptive_avg_global_batch1", nn.AdaptiveAvgPool2d(1), (1, 4, 5, 3), seed=302),
        lambda: record_module("pool_adaptive_avg_3x4_to_5x3", nn.AdaptiveAvgPool2d((5, 3)), (2, 2, 3, 4), seed=303),
    ]
