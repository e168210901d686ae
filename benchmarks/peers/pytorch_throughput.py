"""PyTorch peer for nn4j's training-throughput benchmark (models A-I, defined in benchmarks/README.md).

Trains each model on random data (float32) and prints, per model, samples/s for
forward + loss + backward + update: the median of 5 windows of at least 2 s each.
Run with Debian's PyTorch 1.13 and OpenBLAS (libopenblas0-openmp), 2 threads:
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_throughput.py [--models A,B] [--window 2] [--warmup 3]
Output: a "# torch ..." line naming the BLAS library actually loaded, then one line per model,
"model batch samples_per_second". With --serve it times windows on request instead, so that the Java
driver (ThroughputBenchmark) can alternate them with nn4j's and DL4J's.
"""
import argparse
import os
import statistics
import sys
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


def resnet_h():
    from pytorch_fashion_resnet import resnet
    return resnet(16, 2)


def depthwise_separable_i():
    def bn_relu(c):
        return [nn.BatchNorm2d(c), nn.ReLU()]
    return nn.Sequential(nn.Conv2d(1, 32, 3, 1, 1, bias=False), *bn_relu(32),
                         nn.Conv2d(32, 32, 3, 1, 1, groups=32, bias=False), *bn_relu(32),
                         nn.Conv2d(32, 64, 1, bias=False), *bn_relu(64),
                         nn.Conv2d(64, 64, 3, 2, 1, groups=64, bias=False), *bn_relu(64),
                         nn.Conv2d(64, 128, 1, bias=False), *bn_relu(128),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))


def char_lstm_j():
    from pytorch_char_models import CharLstm
    return CharLstm(96)


def char_transformer_k():
    from pytorch_char_models import CharTransformer
    return CharTransformer(96)


# name -> (factory, input shape without batch, target kind, loss, optimizer, batches)
MODELS = {
    "A": (mlp_a, (784,), "class", "ce", "sgd", [64, 256]),
    "B": (usps_mlp, (256,), "class", "ce", "sgd", [100]),
    "C": (cnn_c, (1, 28, 28), "class", "ce", "adam", [64, 256]),
    "D": (cnn2_d, (1, 28, 28), "class", "ce", "sgd", [64]),
    "E": (conv1d_e, (1, 256), "class", "ce", "sgd", [20]),
    "F": (autoencoder_f, (256,), "self", "bce", "sgd", [50]),
    "G": (conv_dae_g, (1, 28, 28), "self", "bce", "adam", [128]),
    "H": (resnet_h, (1, 28, 28), "class", "ce", "sgd", [128]),
    "I": (depthwise_separable_i, (1, 28, 28), "class", "ce", "sgd", [64]),
    "J": (char_lstm_j, (64,), "sequence", "ce", "adam", [32]),
    "K": (char_transformer_k, (64,), "sequence", "ce", "adam", [32]),
}


def make_step(name, batch):
    """One training step of model `name` on a fixed random batch: zero_grad, forward, loss, backward, update."""
    factory, shape, target, loss_name, opt_name, _ = MODELS[name]
    torch.manual_seed(0)
    net = factory()
    if target == "sequence":
        # character indices in, next-character indices out; the loss on the [N, V, T] transpose of the logits
        x = torch.randint(0, 96, (batch,) + shape)
        y = torch.randint(0, 96, (batch,) + shape)
    else:
        x = torch.rand((batch,) + shape)
        y = torch.randint(0, 10, (batch,)) if target == "class" else x
    loss_fn = nn.CrossEntropyLoss() if loss_name == "ce" else nn.BCELoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.01) if opt_name == "sgd" else torch.optim.Adam(net.parameters(), 1e-3)

    def forward(inputs):
        out = net(inputs)
        return out.transpose(1, 2) if target == "sequence" else out

    def step():
        opt.zero_grad()
        loss = loss_fn(forward(x), y)
        loss.backward()
        opt.step()
    return step


def warm_up(step, seconds):
    start = time.perf_counter()
    n = 0
    while n < 20 or time.perf_counter() - start < seconds:
        step()
        n += 1


def window(step, batch, seconds):
    """Whole steps until `seconds` have passed (at least one); samples per second over them."""
    n = 0
    start = time.perf_counter()
    while n == 0 or time.perf_counter() - start < seconds:
        step()
        n += 1
    return n * batch / (time.perf_counter() - start)


def measure(name, batch, seconds, warmup):
    step = make_step(name, batch)
    warm_up(step, warmup)
    return statistics.median(window(step, batch, seconds) for _ in range(5))


def serve():
    """Windows on demand, for the Java driver to alternate with its own: each input line is
    "warmup MODEL BATCH SECONDS" (answered "ok") or "window MODEL BATCH SECONDS" (answered with
    samples/s); the process waits, its threads asleep, while the driver times nn4j and DL4J."""
    steps = {}
    for line in sys.stdin:
        command, name, batch, seconds = line.split()
        key = (name, int(batch))
        if key not in steps:
            steps.clear()  # one model at a time: free the previous one's memory
            steps[key] = make_step(name, int(batch))
        if command == "warmup":
            warm_up(steps[key], float(seconds))
            print("ok", flush=True)
        else:
            print("%.1f" % window(steps[key], int(batch), float(seconds)), flush=True)


def loaded_blas():
    """The BLAS shared library this process really loaded. Debian's torch links libblas.so.3, which the
    alternatives system points at the reference BLAS unless libopenblas0-openmp is installed;
    torch.__config__.show() gives the build-time choice only, so read the process's memory map."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    real = {os.path.realpath(p) for p in paths}
    return ",".join(sorted(os.path.join(os.path.basename(os.path.dirname(p)), os.path.basename(p)) for p in real)) \
        or "none found"


def sgemm_gflops(n=1024, seconds=0.5):
    """A plain sgemm's GFLOP/s, to tell an optimised BLAS from the reference one by timing as well."""
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        torch.mm(a, b)
        count += 1
    return 2 * n ** 3 * count / (time.perf_counter() - start) / 1e9


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--window", type=float, default=2.0)
    p.add_argument("--warmup", type=float, default=0.0, help="seconds of warm-up steps (at least 20 steps)")
    p.add_argument("--serve", action="store_true", help="answer window requests on stdin (see serve())")
    args = p.parse_args()
    torch.set_num_threads(2)
    print("# torch", torch.__version__, "threads", torch.get_num_threads(), "blas", loaded_blas(),
          "sgemm 1024 %.1f GFLOP/s" % sgemm_gflops(), flush=True)
    if args.serve:
        serve()
        sys.exit(0)
    for name in args.models.split(","):
        for batch in MODELS[name][5]:
            print(name, batch, round(measure(name, batch, args.window, args.warmup)), flush=True)
