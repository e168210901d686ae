"""PyTorch twins of the example networks, for PyTorchWeightsTest and Nn4jWeightsInPyTorchTest (PyTorch 1.13).

Record the fixtures (weights made in PyTorch, float64, small widths of the real example networks):
    /usr/bin/python3 nn-examples/src/test/python/pytorch_interop.py record [NAME...]
writes under ../resources/pytorch/, with tools/pytorch/nn4j_npz.py:
    NAME_state_dict.npz  the float64 state_dict, PyTorch's keys and order
    NAME_io.npz          input (float64), output (the float64 model's, eval mode) and
                         output_float32 (the same model cast with .float(), on the input cast to float32)
NAME is one of:
    mlp                  MnistMlp.network(12, 7, 10), input [3, 12]
    cnn2                 MnistCnn.cnn2Network(2, 3, 5), input [2, 1, 28, 28]
    resnet               ResNets.basicBlocks(1, 2, 1, 3) with BatchNorm statistics set, input [2, 1, 8, 8]
    resnet_torchvision   the same network written as torchvision writes a ResNet (conv1, bn1, layer1.0.conv1,
                         layer2.0.downsample.0, fc), so its keys are not nn4j's
    lstm                 MnistLstm.network(5, 4, 6), input [3, 20]

Check weights saved by nn4j (the other direction):
    /usr/bin/python3 nn-examples/src/test/python/pytorch_interop.py check DIR NAME...
loads DIR/NAME_state_dict.npz strictly into the PyTorch twin with nn4j_npz.load_state_dict, runs DIR/NAME_io.npz's
input in float64, eval mode, and prints "NAME: max |difference| D" against its output; exits with 1 when D > 1e-10.
"""
import copy
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tools", "pytorch"))
import nn4j_npz  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "pytorch"))


def mlp(inputs, hidden, classes):
    return nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Dropout(0.2),
                         nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(0.2), nn.Linear(hidden, classes))


def cnn2(channels1, channels2, hidden):
    return nn.Sequential(nn.Conv2d(1, channels1, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(channels1, channels2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(channels2 * 5 * 5, hidden), nn.ReLU(), nn.Linear(hidden, 10))


class RowLstm(nn.Module):
    """MnistLstm.network: modules 0 Reshape, 1 LSTM, 2 Narrow (last step), 3 Reshape, 4 Linear; only 1 and 4 hold state."""

    def __init__(self, rows, columns, hidden):
        super().__init__()
        self.rows, self.columns = rows, columns
        self.add_module("1", nn.LSTM(columns, hidden, batch_first=True))
        self.add_module("4", nn.Linear(hidden, 10))

    def forward(self, x):
        out, _ = getattr(self, "1")(x.reshape(-1, self.rows, self.columns))
        return getattr(self, "4")(out[:, -1, :])


class Residual(nn.Module):
    """block(x) + shortcut(x), as nn4j's Residual (attributes block and shortcut)."""

    def __init__(self, block, shortcut):
        super().__init__()
        self.block = block
        self.shortcut = shortcut

    def forward(self, x):
        return self.block(x) + self.shortcut(x)


def conv3x3(i, o, stride):
    return nn.Conv2d(i, o, 3, stride=stride, padding=1, bias=False)


def resnet(in_channels, width, blocks, classes):
    """ResNets.basicBlocks: stem, three stages of basic blocks (each Sequential(Residual, ReLU)), pool, Linear."""
    layers = [conv3x3(in_channels, width, 1), nn.BatchNorm2d(width), nn.ReLU()]
    c = width
    for stage in range(3):
        out = width << stage
        for b in range(blocks):
            stride = 2 if stage > 0 and b == 0 else 1
            body = nn.Sequential(conv3x3(c, out, stride), nn.BatchNorm2d(out), nn.ReLU(),
                                 conv3x3(out, out, 1), nn.BatchNorm2d(out))
            shortcut = nn.Identity() if stride == 1 and c == out else \
                nn.Sequential(nn.Conv2d(c, out, 1, stride=stride, bias=False), nn.BatchNorm2d(out))
            layers.append(nn.Sequential(Residual(body, shortcut), nn.ReLU()))
            c = out
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes))


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock's attributes and forward."""

    def __init__(self, i, o, stride):
        super().__init__()
        self.conv1 = conv3x3(i, o, stride)
        self.bn1 = nn.BatchNorm2d(o)
        self.relu = nn.ReLU()
        self.conv2 = conv3x3(o, o, 1)
        self.bn2 = nn.BatchNorm2d(o)
        self.downsample = None if stride == 1 and i == o else \
            nn.Sequential(nn.Conv2d(i, o, 1, stride=stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))) + identity)


class TorchvisionStyleResNet(nn.Module):
    """The network of resnet() under torchvision's names: conv1, bn1, layer1..layer3, fc."""

    def __init__(self, in_channels, width, blocks, classes):
        super().__init__()
        self.conv1 = conv3x3(in_channels, width, 1)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU()
        c = width
        for stage in range(3):
            out = width << stage
            layer = []
            for b in range(blocks):
                layer.append(BasicBlock(c, out, 2 if stage > 0 and b == 0 else 1))
                c = out
            setattr(self, "layer%d" % (stage + 1), nn.Sequential(*layer))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


NETWORKS = {
    "mlp": (lambda: mlp(12, 7, 10), (3, 12)),
    "cnn2": (lambda: cnn2(2, 3, 5), (2, 1, 28, 28)),
    "resnet": (lambda: resnet(1, 2, 1, 3), (2, 1, 8, 8)),
    "resnet_torchvision": (lambda: TorchvisionStyleResNet(1, 2, 1, 3), (2, 1, 8, 8)),
    "lstm": (lambda: RowLstm(5, 4, 6), (3, 20)),
}


def with_statistics(net):
    """BatchNorm's affine parameters and running statistics away from their initial values, so that they matter."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.2)
                m.running_mean.normal_(0, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.num_batches_tracked.fill_(7)
    return net


def record(name, seed):
    make, shape = NETWORKS[name]
    torch.manual_seed(seed)
    net = with_statistics(make()).double().eval()
    x = torch.randn(*shape, dtype=torch.float64)
    with torch.no_grad():
        out = net(x)
        out32 = copy.deepcopy(net).float()(x.float())
    os.makedirs(OUT, exist_ok=True)
    print(nn4j_npz.save_state_dict(net, os.path.join(OUT, name + "_state_dict.npz")))
    print(nn4j_npz.save_state_dict({"input": x, "output": out, "output_float32": out32},
                                   os.path.join(OUT, name + "_io.npz")))


def check(folder, name):
    net = NETWORKS[name][0]().double().eval()
    nn4j_npz.load_state_dict(net, os.path.join(folder, name + "_state_dict.npz"), strict=True)
    io = nn4j_npz.read_state_dict(os.path.join(folder, name + "_io.npz"))
    with torch.no_grad():
        out = net(io["input"].double())
    difference = (out - io["output"].double()).abs().max().item()
    print("%s: max |difference| %.3g" % (name, difference))
    return difference <= 1e-10


if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1:2] == ["record"]:
        for name in sys.argv[2:] or NETWORKS:
            record(name, 11 + list(NETWORKS).index(name))
    elif sys.argv[1:2] == ["check"]:
        results = [check(sys.argv[2], name) for name in sys.argv[3:]]
        sys.exit(0 if all(results) else 1)
    else:
        sys.exit(__doc__)
