"""Records PyTorch 1.13 state_dicts with BatchNorm buffers for BatchNormCheckpointTest and
ResidualCheckpointTest (float32):
    /usr/bin/python3 nn-layers/src/test/python/make_checkpoint_reference.py [bn_net] [resnet_net]
(no argument: both).

The network, as nn4j's Sequential of the same modules:
    Conv2d(2, 3, 3) BatchNorm2d(3) ReLU MaxPool2d(2) Flatten Linear(12, 5) BatchNorm1d(5) ReLU Linear(5, 2)
on input [N, 2, 6, 6]. It takes a few SGD steps in training mode, so that the running statistics
and num_batches_tracked are not their initial values. Writes under ../resources/checkpoint/:
  bn_net_state_dict.npz  the state_dict exactly, in its order (num_batches_tracked int64, shape [])
  bn_net_io.npz          input [4, 2, 6, 6] and the eval-mode output [4, 2]

The second network is a small ResNet: a stem, one residual block with the identity shortcut and one
that halves the resolution with a projection shortcut (torchvision's BasicBlock with downsample),
on input [N, 2, 6, 6]; Residual below is the module nn4j's Residual mirrors (attributes block and
shortcut), so the state_dict holds names such as 5.shortcut.1.running_mean. Writes
  resnet_net_state_dict.npz, resnet_net_io.npz  as above (output [4, 2])
"""
import io
import os
import zipfile

import sys

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "checkpoint")
STEPS = 5


def save(name, arrays):
    """np.savez with the entries in the given order and a fixed date, so regenerating gives the same bytes."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".npz")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key, value in arrays.items():
            buf = io.BytesIO()
            # not np.ascontiguousarray, which turns a 0-d array (num_batches_tracked) into shape (1,)
            np.lib.format.write_array(buf, np.array(value, order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
    return path


class Residual(nn.Module):
    """block(x) + shortcut(x), as nn4j's Residual; the shortcut is the identity by default."""

    def __init__(self, block, shortcut=None):
        super().__init__()
        self.block = block
        self.shortcut = shortcut if shortcut is not None else nn.Identity()

    def forward(self, x):
        return self.block(x) + self.shortcut(x)


def bn_net():
    return nn.Sequential(
        nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(12, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 2))


def resnet_net():
    def conv(i, o, stride=1):
        return nn.Conv2d(i, o, 3, stride=stride, padding=1, bias=False)

    return nn.Sequential(
        conv(2, 4), nn.BatchNorm2d(4), nn.ReLU(),
        Residual(nn.Sequential(conv(4, 4), nn.BatchNorm2d(4), nn.ReLU(), conv(4, 4), nn.BatchNorm2d(4))), nn.ReLU(),
        Residual(nn.Sequential(conv(4, 6, 2), nn.BatchNorm2d(6), nn.ReLU(), conv(6, 6), nn.BatchNorm2d(6)),
                 nn.Sequential(nn.Conv2d(4, 6, 1, stride=2, bias=False), nn.BatchNorm2d(6))), nn.ReLU(),
        nn.MaxPool2d(3), nn.Flatten(), nn.Linear(6, 2))


def record(name, make):
    torch.manual_seed(17)
    torch.set_num_threads(1)
    net = make().float()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    net.train()
    for _ in range(STEPS):
        x = torch.randn(8, 2, 6, 6) * 2 + 0.5
        y = torch.randn(8, 2)
        loss = ((net(x) - y) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    net.eval()
    x = torch.randn(4, 2, 6, 6) * 2 + 0.5
    with torch.no_grad():
        out = net(x)
    state = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    assert state["1.num_batches_tracked"].dtype == np.int64 and state["1.num_batches_tracked"].shape == ()
    print(save(name + "_state_dict", state))
    print(save(name + "_io", {"input": x.numpy(), "output": out.numpy()}))


if __name__ == "__main__":
    print("PyTorch", torch.__version__)
    nets = {"bn_net": bn_net, "resnet_net": resnet_net}
    for name in sys.argv[1:] or nets:
        record(name, nets[name])
