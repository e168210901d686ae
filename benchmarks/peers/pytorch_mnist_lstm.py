"""PyTorch peer for the mnist-lstm protocol: row-by-row sequential MNIST with an LSTM.

The model and protocol (nn4j's mnist-lstm example trains the same):
- model: each 28x28 image is a sequence of its 28 rows (28 pixels per step); LSTM(28, 128), one layer,
  batch_first; the hidden state after the last row goes to Linear(128, 10). PyTorch's default initialisation.
- data: MNIST pixels / 255, normalised with mean 0.1307 and std 0.3081.
- training: Adam lr 2e-3, batch 128 (shuffled, last partial batch kept), gradient norm clipped to 1.0,
  cosine annealing of the rate to 0 over the epochs (stepped per epoch), cross-entropy.
- reported: test accuracy after each epoch and wall seconds per epoch (test evaluation included).
Reads the gzipped IDX files from $NN4J_DATA/mnist (see shared/datasets/README.md).
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_mnist_lstm.py [--epochs 10] [--seed 1]
Output: per epoch "epoch E seconds S test_accuracy A", then "final test_accuracy A mean_epoch_seconds S".
"""
import argparse
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_mnist_time import load


class RowLstm(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.lstm = nn.LSTM(28, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 10)

    def forward(self, x):
        out, _ = self.lstm(x.reshape(-1, 28, 28))
        return self.head(out[:, -1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="first N training/test images (a quick check)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    folder = os.path.join(os.environ.get("NN4J_DATA", "data"), "mnist")
    x_train, y_train = load(folder, "train", args.limit)
    x_test, y_test = load(folder, "t10k", args.limit)
    model = RowLstm()
    print("PyTorch", torch.__version__, "threads", torch.get_num_threads(), "parameters",
          sum(p.numel() for p in model.parameters()))
    adam = torch.optim.Adam(model.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(adam, args.epochs)
    generator = torch.Generator().manual_seed(args.seed)
    seconds = []
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(0, len(order), 128):
            rows = order[i:i + 128]
            adam.zero_grad()
            F.cross_entropy(model(x_train[rows]), y_train[rows]).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            adam.step()
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
