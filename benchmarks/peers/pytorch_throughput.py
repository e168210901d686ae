"""PyTorch peer for nn4j's training-throughput benchmark (issue: models A-G).

Trains each model on random data (float32) and prints, per model, samples/s for
forward + loss + backward + update: the median of 5 windows of at least 2 s each.
Run with Debian's PyTorch 1.13 and OpenBLAS (libopenblas0-openmp), 2 threads:
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_throughput.py [--models A,B] [--window 2]
Output: one line per model, "model batch samples_per_second", for the Java driver to parse.
"""
import argparse
import statistics
import time

import torch
from torch import nn


def mlp_a():
    return nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 500), nn.ReLU(), nn.Linear(500, 10))


def usps_mlp():
    return nn.Sequential(nn.Linear(256, 128), nn.Tanh(), nn.Linear(128, 64), nn.Tanh(), nn.Linear(64, 10))


def cnn_c():
    return nn.Sequential(nn.Conv2d(1, 16, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


def cnn2_d():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


def conv1d_e():
    return nn.Sequential(nn.Conv1d(1, 32, 3), nn.MaxPool1d(2, 2), nn.Flatten(),
                         nn.Linear(4064, 100), nn.ReLU(), nn.Linear(100, 10))


def autoencoder_f():
    return nn.Sequential(nn.Linear(256, 128), nn.Tanh(), nn.Linear(128, 64), nn.Tanh(),
                         nn.Linear(64, 128), nn.Tanh(), nn.Linear(128, 256), nn.Sigmoid())


def conv_dae_g():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),
                         nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),
                         nn.Conv2d(32, 1, 3, padding=1), nn.Sigmoid())


# name -> (factory, input shape without batch, target kind, loss, optimizer, batches)
MODELS = {
    "A": (mlp_a, (784,), "class", "ce", "sgd", [64, 256]),
    "B": (usps_mlp, (256,), "class", "ce", "sgd", [100]),
    "C": (cnn_c, (1, 28, 28), "class", "ce", "adam", [64, 256]),
    "D": (cnn2_d, (1, 28, 28), "class", "ce", "sgd", [64]),
    "E": (conv1d_e, (1, 256), "class", "ce", "sgd", [20]),
    "F": (autoencoder_f, (256,), "self", "bce", "sgd", [50]),
    "G": (conv_dae_g, (1, 28, 28), "self", "bce", "adam", [128]),
}


def measure(name, batch, window):
    factory, shape, target, loss_name, opt_name, _ = MODELS[name]
    torch.manual_seed(0)
    net = factory()
    x = torch.rand((batch,) + shape)
    y = torch.randint(0, 10, (batch,)) if target == "class" else x
    loss_fn = nn.CrossEntropyLoss() if loss_name == "ce" else nn.BCELoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.01) if opt_name == "sgd" else torch.optim.Adam(net.parameters(), 1e-3)

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(20):
        step()
    rates = []
    for _ in range(5):
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < window:
            step()
            n += 1
        rates.append(n * batch / (time.perf_counter() - start))
    return statistics.median(rates)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--window", type=float, default=2.0)
    args = p.parse_args()
    print("# torch", torch.__version__, "threads", torch.get_num_threads(), "blas",
          "openblas" if "openblas" in torch.__config__.show().lower() else "see torch.__config__.show()")
    for name in args.models.split(","):
        for batch in MODELS[name][5]:
            print(name, batch, round(measure(name, batch, args.window)))
