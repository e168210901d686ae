"""Reference cases for the shape modules (Reshape, Permute, Transpose, Squeeze, Unsqueeze, Narrow) and Dropout2D.

PyTorch has tensor methods rather than modules for most of them: Sample wraps one, applied to the whole batch
(the nn4j modules never move the batch axis 0, so x.view(N, *shape) and friends). Negative dims and starts count
from the end, as in PyTorch. Dropout2D's mask cannot be reproduced (another generator): eval mode (identity), on
[N, C, H, W] and on [N, C, L], and p = 1 in training mode (every channel zeroed). Fixture names: shape_, dropout2d_
(the rows of ModuleSpecs.java name them and build the matching nn4j modules).
"""
import warnings

from torch import nn

from reference import record_module


class Sample(nn.Module):
    """A tensor method as a module: forward(x) = f(x)."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


def quiet_dropout2d(p):
    """nn.Dropout2d, without the warning PyTorch 1.13 gives for [N, C, L] (which it takes as channels of sequences)."""
    class Quiet(nn.Dropout2d):
        def forward(self, x):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return super().forward(x)
    return Quiet(p)


def cases():
    return [
        lambda: record_module("shape_reshape_4x-1_2x3x4", Sample(lambda x: x.view(x.shape[0], 4, -1)), (2, 3, 4), seed=501),
        lambda: record_module("shape_reshape_2x1x3_3x6", Sample(lambda x: x.view(x.shape[0], 2, 1, 3)), (3, 6), seed=502),
        lambda: record_module("shape_reshape_-1_2x3x2x2", Sample(lambda x: x.view(x.shape[0], -1)), (2, 3, 2, 2), seed=503),
        lambda: record_module("shape_permute_0_2_3_1_2x3x4x5", Sample(lambda x: x.permute(0, 2, 3, 1)), (2, 3, 4, 5), seed=511),
        lambda: record_module("shape_permute_0_-1_1_3x2x4", Sample(lambda x: x.permute(0, -1, 1)), (3, 2, 4), seed=512),
        lambda: record_module("shape_transpose_1_2_2x3x4", Sample(lambda x: x.transpose(1, 2)), (2, 3, 4), seed=521),
        lambda: record_module("shape_transpose_-1_1_2x3x2x4", Sample(lambda x: x.transpose(-1, 1)), (2, 3, 2, 4), seed=522),
        lambda: record_module("shape_squeeze_2_2x3x1x4", Sample(lambda x: x.squeeze(2)), (2, 3, 1, 4), seed=531),
        lambda: record_module("shape_squeeze_-1_3x5x1", Sample(lambda x: x.squeeze(-1)), (3, 5, 1), seed=532),
        lambda: record_module("shape_unsqueeze_1_2x3", Sample(lambda x: x.unsqueeze(1)), (2, 3), seed=541),
        lambda: record_module("shape_unsqueeze_-1_2x3x4", Sample(lambda x: x.unsqueeze(-1)), (2, 3, 4), seed=542),
        lambda: record_module("shape_narrow_2_1_2_2x3x5x4", Sample(lambda x: x.narrow(2, 1, 2)), (2, 3, 5, 4), seed=551),
        lambda: record_module("shape_narrow_-1_-3_2_3x4x5", Sample(lambda x: x.narrow(-1, -3, 2)), (3, 4, 5), seed=552),
        lambda: record_module("dropout2d_eval_2x3x4x5", nn.Dropout2d(0.4), (2, 3, 4, 5), seed=561, train=False),
        lambda: record_module("dropout2d_eval_3x4x5", quiet_dropout2d(0.4), (3, 4, 5), seed=562, train=False),
        lambda: record_module("dropout2d_p1_train_2x3x3x2", nn.Dropout2d(1.0), (2, 3, 3, 2), seed=563),
    ]
