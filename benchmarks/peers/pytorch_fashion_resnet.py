"""PyTorch peer for the fashion-resnet protocol: a basic-block ResNet on Fashion-MNIST with crop+flip.

The model and protocol (nn4j's fashion-resnet example trains the same):
- model: a basic-block ResNet of width W (default 16): Conv 3x3 W, BatchNorm, ReLU; three stages of B basic
  blocks (default 2) with W, 2W, 4W channels, the first block of stages 2 and 3 with stride 2 and a 1x1
  convolution + BatchNorm shortcut; global average pooling; Linear 10. Convolutions have no bias (BatchNorm
  follows each); PyTorch's default initialisation.
- data: Fashion-MNIST, pixels / 255, normalised with mean 0.2860 and std 0.3530; training images get a random
  28x28 crop of the image zero-padded by 2 (before normalisation, as torchvision's RandomCrop on the raw image)
  and a horizontal flip with probability 1/2, redrawn every epoch.
- training: SGD lr 0.1, momentum 0.9, Nesterov, weight decay 5e-4, batch 128 (shuffled, last partial batch
  kept), cosine annealing to 0 over the epochs (stepped per epoch), cross-entropy.
- reported: test accuracy after the last epoch, and wall seconds per epoch (test-set evaluation included, as
  nn4j's Trainer measures an epoch).
Reads the gzipped IDX files from $NN4J_DATA/fashion-mnist (see shared/datasets/README.md).
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_fashion_resnet.py [--epochs 20] [--width 16] [--seed 1]
Output: per epoch "epoch E seconds S test_accuracy A", then "final test_accuracy A mean_epoch_seconds S".
"""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from pytorch_mnist_time import read_idx

MEAN, STD = 0.2860, 0.3530


def load(folder, prefix, limit=None):
    images = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"))[:limit]
    labels = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"))[:limit]
    x = torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return F.relu(self.block(x) + self.shortcut(x))


def resnet(width=16, blocks=2, classes=10):
    layers = [nn.Conv2d(1, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    cin = width
    for stage in range(3):
        cout = width * 2 ** stage
        for b in range(blocks):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def augment(x, generator):
    """Random 28x28 crop of the image zero-padded by 2, then a horizontal flip with probability 1/2."""
    n, _, h, w = x.shape
    padded = F.pad(x, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (n,), generator=generator)
    dx = torch.randint(0, 5, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(h)[None, :])[:, None, :, None].expand(n, 1, h, w + 4)
    cropped = padded.gather(2, rows)
    cols = (dx[:, None] + torch.arange(w)[None, :])[:, None, None, :].expand(n, 1, h, w)
    cropped = cropped.gather(3, cols)
    flip = torch.rand(n, generator=generator) < 0.5
    cropped[flip] = cropped[flip].flip(3)
    return cropped


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="first N training/test images (a quick check)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    folder = os.path.join(os.environ.get("NN4J_DATA", "data"), "fashion-mnist")
    x_train, y_train = load(folder, "train", args.limit)
    x_test, y_test = load(folder, "t10k", args.limit)
    x_test = (x_test - MEAN) / STD
    model = resnet(args.width, args.blocks)
    print("PyTorch", torch.__version__, "threads", torch.get_num_threads(), "parameters",
          sum(p.numel() for p in model.parameters()))
    sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(sgd, args.epochs)
    generator = torch.Generator().manual_seed(args.seed)
    seconds = []
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(0, len(order), 128):
            rows = order[i:i + 128]
            x = (augment(x_train[rows], generator) - MEAN) / STD
            sgd.zero_grad()
            F.cross_entropy(model(x), y_train[rows]).backward()
            sgd.step()
        schedule.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                          for i in range(0, len(x_test), 1000))
        accuracy = correct / len(x_test)
        seconds.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1} seconds {seconds[-1]:.1f} test_accuracy {accuracy:.4f}", flush=True)
    print(f"final test_accuracy {accuracy:.4f} mean_epoch_seconds {sum(seconds) / len(seconds):.1f}")


if __name__ == "__main__":
    main()
