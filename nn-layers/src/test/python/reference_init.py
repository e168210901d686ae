"""Reference values of torch.nn.init (PyTorch 1.13) for org.nn4j.layers.init.Init: fans, gains, bounds, orthogonal.

Not random draws (nn4j's generator is not PyTorch's) but the numbers PyTorch computes from a shape and the options:
the arguments torch.nn.init hands to Tensor.uniform_ / Tensor.normal_ are recorded by replacing those two methods
while it runs. For orthogonal_, the standard normal matrix it draws is replaced by a recorded one, and its output
for that matrix is recorded too. Writes ../resources/init/init_reference.npz (outside reference/, which holds the
module fixtures), float64 throughout; keys:
  fan shape=6x4x3x3                                     -> [fan_in, fan_out]
  gain nonlinearity=leaky_relu param=0.2                -> gain (param=None: PyTorch's default)
  kaiming shape=.. mode=fan_out nonlinearity=relu a=0   -> [kaiming_uniform_'s bound, kaiming_normal_'s std]
  xavier shape=.. gain=1.5                              -> [xavier_uniform_'s bound, xavier_normal_'s std]
  orthogonal shape=.. gain=..  normal / output          -> the rows x cols normal matrix drawn, the tensor after
"""
import io
import math
import os
import zipfile

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "init")

SHAPES = [(3, 5), (5, 3), (1, 1), (4, 3, 2), (6, 4, 3, 3), (2, 3, 1, 5, 2), (16, 8, 7)]
FAN_SHAPES = SHAPES + [(7, 0), (0, 4, 3), (2, 3, 0, 4), (1, 1, 1, 1, 1, 1)]
NONLINEARITIES = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                  "sigmoid", "tanh", "relu", "leaky_relu", "selu"]
SLOPES = [0, 0.2, math.sqrt(5), -0.5, 3, 1e-3]
ORTHOGONAL = [((3, 5), 1), ((5, 3), 1), ((4, 4), 1), ((2, 3, 2, 2), 1.5), ((6, 2, 2), 5 / 3), ((1, 7), 1), ((7, 1), 2),
              ((9, 6), 1)]


def _shape(shape):
    return "x".join(str(s) for s in shape)


def _save(name, arrays):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".npz")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[key], dtype=np.float64), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
    return path


class _Recorded:
    """Replaces Tensor.uniform_ and Tensor.normal_: records their arguments; normal_ fills from `normal` if given."""

    def __init__(self, normal=None):
        self.calls = []
        self.normal = normal

    def __enter__(self):
        self.originals = torch.Tensor.uniform_, torch.Tensor.normal_
        recorded = self

        def uniform_(t, a=0.0, b=1.0):
            recorded.calls.append(("uniform", a, b))
            return t

        def normal_(t, mean=0.0, std=1.0):
            recorded.calls.append(("normal", mean, std))
            if recorded.normal is not None:
                with torch.no_grad():
                    t.copy_(recorded.normal)
            return t

        torch.Tensor.uniform_, torch.Tensor.normal_ = uniform_, normal_
        return self

    def __exit__(self, *exc):
        torch.Tensor.uniform_, torch.Tensor.normal_ = self.originals


def _argument(init, shape, **options):
    """The bound (uniform) or the std (normal) that `init` hands to the generator for a tensor of `shape`."""
    with _Recorded() as r:
        init(torch.empty(shape, dtype=torch.float64), **options)
    (kind, first, second), = r.calls
    assert (kind == "uniform" and first == -second) or (kind == "normal" and first == 0), r.calls
    return second


def record():
    arrays = {}
    for shape in FAN_SHAPES:
        fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
        arrays["fan shape=" + _shape(shape)] = np.array([fan_in, fan_out])
    for nonlinearity in NONLINEARITIES:
        arrays["gain nonlinearity=%s param=None" % nonlinearity] = np.array(nn.init.calculate_gain(nonlinearity))
        for slope in SLOPES:
            arrays["gain nonlinearity=%s param=%r" % (nonlinearity, slope)] = \
                np.array(nn.init.calculate_gain(nonlinearity, slope))
    for shape in SHAPES:
        for mode in ["fan_in", "fan_out"]:
            for nonlinearity in NONLINEARITIES:
                for a in (SLOPES if nonlinearity == "leaky_relu" else [0]):
                    options = dict(a=a, mode=mode, nonlinearity=nonlinearity)
                    key = "kaiming shape=%s mode=%s nonlinearity=%s a=%r" % (_shape(shape), mode, nonlinearity, a)
                    arrays[key] = np.array([_argument(nn.init.kaiming_uniform_, shape, **options),
                                            _argument(nn.init.kaiming_normal_, shape, **options)])
        for gain in [1, 5 / 3, 0.5]:
            arrays["xavier shape=%s gain=%r" % (_shape(shape), gain)] = np.array(
                [_argument(nn.init.xavier_uniform_, shape, gain=gain), _argument(nn.init.xavier_normal_, shape, gain=gain)])
    g = torch.Generator().manual_seed(11)
    for shape, gain in ORTHOGONAL:
        rows = shape[0]
        cols = int(np.prod(shape)) // rows
        normal = torch.randn(rows, cols, generator=g, dtype=torch.float64)
        tensor = torch.empty(shape, dtype=torch.float64)
        with _Recorded(normal) as r:
            nn.init.orthogonal_(tensor, gain=gain)
        assert r.calls == [("normal", 0, 1)], r.calls
        key = "orthogonal shape=%s gain=%r" % (_shape(shape), gain)
        arrays[key + " normal"] = normal.numpy()
        arrays[key + " output"] = tensor.numpy()
    return _save("init_reference", arrays)


def cases():
    return [record]
