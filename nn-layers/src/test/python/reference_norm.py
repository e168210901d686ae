"""Reference cases for LayerNorm, GroupNorm, InstanceNorm2d and BatchNorm's cumulative moving average (momentum=None)."""
import torch
from torch import nn

from reference import record_module


def _with_constant_row(shape, row, seed):
    """Uniform in [-1, 1) except row `row` of the flattened leading dimensions, all 0.25 (variance 0: x̂ = 0)."""
    def make(g):
        x = torch.rand(shape, generator=g) * 2 - 1
        x.view(-1, shape[-1])[row] = 0.25
        return x
    return make


def _cumulative_batchnorm(module, channels_shape, warmup, seed):
    """A BatchNorm with momentum=None that has already seen `warmup` training batches (num_batches_tracked = warmup)."""
    g = torch.Generator().manual_seed(seed)
    module.train()
    with torch.no_grad():
        for _ in range(warmup):
            module(torch.rand(channels_shape, generator=g) * 4 - 1)
    return module


def cases():
    return [
        lambda: record_module("ln_5_3x5", nn.LayerNorm(5), (3, 5), seed=101),
        lambda: record_module("ln_3x4_2x3x4", nn.LayerNorm((3, 4)), (2, 3, 4), seed=102),
        lambda: record_module("ln_3_noaffine_2x3x2x3", nn.LayerNorm(3, elementwise_affine=False), (2, 3, 2, 3), seed=103),
        lambda: record_module("ln_2x3_eps0.01_1x3x2x3", nn.LayerNorm((2, 3), eps=0.01), (1, 3, 2, 3), seed=104),
        lambda: record_module("ln_1_3x1", nn.LayerNorm(1), (3, 1), seed=105),
        lambda: record_module("ln_4_constant_row_3x4", nn.LayerNorm(4), (3, 4), seed=106,
                              make_input=_with_constant_row((3, 4), 1, 106)),
        lambda: record_module("gn_3groups_2x6x3", nn.GroupNorm(3, 6), (2, 6, 3), seed=111),
        lambda: record_module("gn_2groups_3x4x2x3", nn.GroupNorm(2, 4), (3, 4, 2, 3), seed=112),
        lambda: record_module("gn_5groups_2x5", nn.GroupNorm(5, 5), (2, 5), seed=113),
        lambda: record_module("gn_1group_noaffine_2x4x3x3", nn.GroupNorm(1, 4, affine=False), (2, 4, 3, 3), seed=114),
        lambda: record_module("in_2d_2x3x4x5", nn.InstanceNorm2d(3), (2, 3, 4, 5), seed=121),
        lambda: record_module("in_2d_affine_3x2x3x2", nn.InstanceNorm2d(2, affine=True), (3, 2, 3, 2), seed=122),
        lambda: record_module("in_2d_affine_eps0.1_1x3x1x2", nn.InstanceNorm2d(3, eps=0.1, affine=True), (1, 3, 1, 2),
                              seed=123),
        # momentum=None: running statistics = the cumulative average over every batch seen (here the 3rd and 4th).
        lambda: record_module("bn_1d_cumulative_after2_5x3",
                              _cumulative_batchnorm(nn.BatchNorm1d(3, momentum=None), (4, 3), 2, 131), (5, 3), seed=131),
        lambda: record_module("bn_2d_cumulative_after3_2x2x3x3",
                              _cumulative_batchnorm(nn.BatchNorm2d(2, momentum=None), (3, 2, 2, 3), 3, 132), (2, 2, 3, 3),
                              seed=132),
    ]
