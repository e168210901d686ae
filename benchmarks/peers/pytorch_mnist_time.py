"""PyTorch peer for nn4j's MNIST time-to-accuracy benchmark (model C, benchmarks/README.md).

Trains model C (CNN 16/32 5x5 "same", from pytorch_throughput.py) on the MNIST training set with
Adam 1e-3, batch 64, shuffled each epoch (last partial batch kept), images normalised with MNIST's
mean and std, exactly as nn4j's MnistTimeToAccuracy does; evaluates test accuracy after every epoch
and reports the wall seconds (evaluation included) until it first reaches --target.
Reads the gzipped IDX files from $NN4J_DATA/mnist (see shared/datasets/README.md).
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_mnist_time.py [--max-epochs 10] [--target 0.985]
Output: per epoch "epoch E train_seconds S test_accuracy A elapsed W", then "reached W s (epoch E); S s
per training epoch" or "NOT reached ...".
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
from torch import nn

from pytorch_throughput import cnn_c, loaded_blas

MEAN, STD = 0.1307, 0.3081


def read_idx(path):
    """An IDX file's array: big-endian header (magic, then one int32 per dimension), then ubytes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, prefix, limit=None):
    images = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"))[:limit]
    labels = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"))[:limit]
    x = (torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1) - MEAN) / STD
    return x, torch.from_numpy(labels.astype(np.int64))


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))
    net.train()
    return correct / len(x)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--max-epochs", type=int, default=10)
    p.add_argument("--target", type=float, default=0.985)
    p.add_argument("--train-images", type=int, default=60000)
    args = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(1)
    print("# torch", torch.__version__, "threads", torch.get_num_threads(), "blas", loaded_blas(), flush=True)
    folder = os.path.join(os.environ.get("NN4J_DATA", "data"), "mnist")
    train_x, train_y = load(folder, "train", args.train_images)
    test_x, test_y = load(folder, "t10k")

    net = cnn_c()
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()
    reached, train_seconds = None, 0.0
    start = time.perf_counter()
    for epoch in range(1, args.max_epochs + 1):
        t = time.perf_counter()
        order = torch.randperm(len(train_x))
        for i in range(0, len(train_x), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss_fn(net(train_x[idx]), train_y[idx]).backward()
            opt.step()
        epoch_seconds = time.perf_counter() - t
        train_seconds += epoch_seconds
        acc = accuracy(net, test_x, test_y)
        elapsed = time.perf_counter() - start
        print("epoch %d train_seconds %.1f test_accuracy %.4f elapsed %.1f" % (epoch, epoch_seconds, acc, elapsed),
              flush=True)
        if acc >= args.target:
            reached = elapsed
            print("reached %.1f s (epoch %d); %.1f s per training epoch" % (reached, epoch, train_seconds / epoch))
            break
    if reached is None:
        print("NOT reached after %d epochs; %.1f s per training epoch" % (epoch, train_seconds / epoch))
