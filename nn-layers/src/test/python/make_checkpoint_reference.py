"""Records a PyTorch 1.13 state_dict with BatchNorm buffers for CheckpointReferenceTest (float32):
    /usr/bin/python3 nn-layers/src/test/python/make_checkpoint_reference.py

The network, as nn4j's Sequential of the same modules:
    Conv2d(2, 3, 3) BatchNorm2d(3) ReLU MaxPool2d(2) Flatten Linear(12, 5) BatchNorm1d(5) ReLU Linear(5, 2)
on input [N, 2, 6, 6]. It takes a few SGD steps in training mode, so that the running statistics
and num_batches_tracked are not their initial values. Writes under ../resources/checkpoint/:
  bn_net_state_dict.npz  the state_dict exactly, in its order (num_batches_tracked int64, shape [])
  bn_net_io.npz          input [4, 2, 6, 6] and the eval-mode output [4, 2]
"""
import io
import os
import zipfile

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


def main():
    torch.manual_seed(17)
    torch.set_num_threads(1)
    net = nn.Sequential(
        nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(12, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 2)).float()
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
    print(save("bn_net_state_dict", state))
    print(save("bn_net_io", {"input": x.numpy(), "output": out.numpy()}))


if __name__ == "__main__":
    print("PyTorch", torch.__version__)
    main()
