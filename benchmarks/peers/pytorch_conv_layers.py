"""PyTorch peer for nn4j's per-layer convolution timings (ThroughputBenchmark's --layers).

Times each convolution of the benchmark models (C, D, G) alone: forward + backward, with dL/dinput only where a
network needs it (not for a first layer, whose input does not require a gradient), median of
--calls calls after a warm-up (a first pass over all layers, then 30 calls of each), 2 threads.
Layers are given as "name:batch:in:out:size:kernel:padding" arguments; prints "name milliseconds"
per layer.
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_conv_layers.py D1:64:1:32:28:3:0 ...
"""
import argparse
import statistics
import time

import torch


def fwd_bwd_ms(batch, cin, cout, size, kernel, padding, calls):
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(cin, cout, kernel, padding=padding)
    x = torch.rand(batch, cin, size, size, requires_grad=cin > 1)
    delta = torch.rand_like(conv(x))

    def step():
        conv(x).backward(delta)
    for _ in range(30):
        step()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("layers", nargs="+")
    p.add_argument("--calls", type=int, default=200)
    args = p.parse_args()
    torch.set_num_threads(2)
    layers = [(spec.split(":")[0], [int(v) for v in spec.split(":")[1:]]) for spec in args.layers]
    for _, numbers in layers:  # the process's first layers ran 4x slower without this pass
        fwd_bwd_ms(*numbers, 20)
    for name, numbers in layers:
        print(name, "%.3f" % fwd_bwd_ms(*numbers, args.calls), flush=True)
