"""Reference cases for the containers Identity, Residual, Concat and the table containers.

PyTorch has no Residual, Concat or table modules; the classes below are what a PyTorch user writes, with the
attribute names nn4j uses for their parameters (block.0.weight, shortcut.1.running_mean; 0.weight, 1.0.bias),
so that the fixtures' parameter names are the nn4j modules' own. The table containers pass Python lists of
tensors, which nn.Sequential hands from one module to the next as they are.
"""
import torch
from torch import nn

from reference import record_module


class Residual(nn.Module):
    """block(x) + shortcut(x); the shortcut is the identity by default."""

    def __init__(self, block, shortcut=None):
        super().__init__()
        self.block = block
        self.shortcut = shortcut if shortcut is not None else nn.Identity()

    def forward(self, x):
        return self.block(x) + self.shortcut(x)


class Concat(nn.ModuleList):
    """torch.cat([b(x) for b in branches], dim), as Lua Torch's nn.Concat."""

    def __init__(self, dim, *branches):
        super().__init__(branches)
        self.dim = dim

    def forward(self, x):
        return torch.cat([b(x) for b in self], self.dim)


class ConcatTable(nn.ModuleList):
    """[b(x) for b in branches], as Lua Torch's nn.ConcatTable."""

    def __init__(self, *branches):
        super().__init__(branches)

    def forward(self, x):
        return [b(x) for b in self]


class ParallelTable(nn.ModuleList):
    """[b(x) for b, x in zip(branches, xs)], as Lua Torch's nn.ParallelTable."""

    def __init__(self, *branches):
        super().__init__(branches)

    def forward(self, xs):
        assert len(xs) == len(self)
        return [b(x) for b, x in zip(self, xs)]


class CAddTable(nn.Module):
    """xs[0] + xs[1] + ..., as Lua Torch's nn.CAddTable."""

    def forward(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class JoinTable(nn.Module):
    """torch.cat(xs, dim), dim counted from 0 (Lua Torch's nn.JoinTable counted from 1)."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, xs):
        return torch.cat(xs, self.dim)


def cases():
    return [
        lambda: record_module("identity_3x4", nn.Identity(), (3, 4), seed=201),
        lambda: record_module("residual_linear_relu_linear_4x5",
                              Residual(nn.Sequential(nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 5))), (4, 5), seed=202),
        # torchvision's BasicBlock with a downsampling projection, in training mode (batch statistics, running
        # statistics updated)
        lambda: record_module("residual_basicblock_proj_s2_2x3x5x7",
                              Residual(nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                                                     nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4)),
                                       nn.Sequential(nn.Conv2d(3, 4, 1, stride=2), nn.BatchNorm2d(4))),
                              (2, 3, 5, 7), seed=203),
        lambda: record_module("concat_conv_dim1_2x3x5x4",
                              Concat(1, nn.Conv2d(3, 2, 3, padding=1), nn.Sequential(nn.Conv2d(3, 4, 1), nn.ReLU())),
                              (2, 3, 5, 4), seed=204),
        lambda: record_module("concat_conv_dimminus1_2x2x3x5",
                              Concat(-1, nn.Conv2d(2, 3, (1, 2)), nn.Conv2d(2, 3, (1, 3))), (2, 2, 3, 5), seed=205),
        # a U-Net-like skip: the input itself beside a convolution of it
        lambda: record_module("concat_identity_conv_dim1_1x2x4x3",
                              Concat(1, nn.Identity(), nn.Conv2d(2, 3, 3, padding=1)), (1, 2, 4, 3), seed=206),
        lambda: record_module("concattable_caddtable_linear_4x5",
                              nn.Sequential(ConcatTable(nn.Linear(5, 3), nn.Linear(5, 3)), CAddTable()), (4, 5), seed=207),
        lambda: record_module("concattable_jointable_conv_dim1_2x3x5x4",
                              nn.Sequential(ConcatTable(nn.Conv2d(3, 2, 3, padding=1), nn.Sequential(nn.Conv2d(3, 4, 1), nn.ReLU())),
                                            JoinTable(1)), (2, 3, 5, 4), seed=208),
        lambda: record_module("paralleltable_jointable_linear_3x4",
                              nn.Sequential(ConcatTable(nn.Linear(4, 3), nn.Identity()),
                                            ParallelTable(nn.Linear(3, 2), nn.Linear(4, 5)), JoinTable(1)), (3, 4), seed=209),
        # a residual block written with tables, in training mode (batch statistics, running statistics updated)
        lambda: record_module("concattable_caddtable_conv_bn_relu_2x3x4x5",
                              nn.Sequential(ConcatTable(nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU()),
                                                        nn.Identity()), CAddTable()), (2, 3, 4, 5), seed=210),
    ]
