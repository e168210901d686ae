"""Reference cases for the containers Identity, Residual and Concat.

PyTorch has no Residual or Concat module; the two classes below are what a PyTorch user writes, with the
attribute names nn4j uses for their parameters (block.0.weight, shortcut.1.running_mean; 0.weight, 1.0.bias),
so that the fixtures' parameter names are the nn4j modules' own.
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
    ]
