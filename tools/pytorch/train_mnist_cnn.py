"""Trains CNN2 on MNIST in PyTorch and saves its weights for nn4j (the first half of ./nn4j run finetune-fashion).

    /usr/bin/python3 tools/pytorch/train_mnist_cnn.py --data DATA --out mnist_cnn.npz [--steps 938] [--seed 42]
        [--train-images N] [--test-images N]

DATA is the folder holding mnist/ (the four gzip files of MNIST, as for nn4j's NN4J_DATA). The network is the
PyTorch user's way of writing nn4j's MnistCnn.cnn2Network(), with two attributes:
    features    Conv2d(1, 32, 3) ReLU MaxPool2d(2) Conv2d(32, 64, 3) ReLU MaxPool2d(2)
    classifier  Flatten Linear(1600, 128) ReLU Linear(128, 10)
so that its state_dict names are features.0.weight, ..., classifier.3.bias; nn4j loads the features with
Checkpoint.loadNonStrict(file, net, name -> name.startsWith("features.") ? name.substring(9) : null).
Adam 1e-3, batch 64, cross-entropy, inputs (x/255 - 0.1307)/0.3081, STEPS steps over the first N training images
(default all 60,000; 938 steps is one epoch). Prints "pytorch mnist test accuracy A" (A a fraction) on the first
N test images, then writes OUT with nn4j_npz.save_state_dict.
"""
import argparse
import gzip
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nn4j_npz  # noqa: E402


class Cnn2(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(folder, dataset, split, count=0):
    """The first COUNT (0: all) images of DATASET (mnist, fashion-mnist) as [N, 1, 28, 28], normalised with MNIST's
    mean and std, and their labels."""
    prefix = "train" if split == "train" else "t10k"
    images = idx(os.path.join(folder, dataset, prefix + "-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
    labels = idx(os.path.join(folder, dataset, prefix + "-labels-idx1-ubyte.gz"), 8)
    count = count or len(labels)
    x = (torch.from_numpy(images[:count].astype(np.float32)) / 255 - 0.1307) / 0.3081
    return x, torch.from_numpy(labels[:count].astype(np.int64))


def train(net, x, y, steps, checkpoints=(), evaluate=None):
    """Adam 1e-3 on the parameters that require gradients, batches of 64 of a new permutation each epoch; calls
    evaluate(step) after each step in checkpoints."""
    optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=1e-3)
    loss = nn.CrossEntropyLoss()
    net.train()
    step = 0
    while step < steps:
        for batch in torch.randperm(len(y)).split(64):
            if step == steps:
                break
            optimizer.zero_grad()
            loss(net(x[batch]), y[batch]).backward()
            optimizer.step()
            step += 1
            if step in checkpoints:
                evaluate(step)
                net.train()


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(y), 1000))
    return correct / len(y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=938)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--train-images", type=int, default=0)
    parser.add_argument("--test-images", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    torch.manual_seed(args.seed)
    x, y = load(args.data, "mnist", "train", args.train_images)
    net = Cnn2()
    train(net, x, y, args.steps)
    print("pytorch mnist test accuracy %.4f" % accuracy(net, *load(args.data, "mnist", "test", args.test_images)))
    nn4j_npz.save_state_dict(net, args.out)


if __name__ == "__main__":
    main()
