"""PyTorch peer for the finetune-fashion protocol: MNIST features, frozen, under a new head on Fashion-MNIST.

The model and protocol (nn4j's finetune-fashion example does the same, with the pre-training in PyTorch):
- model: CNN2 (tools/pytorch/train_mnist_cnn.py's Cnn2: Conv 32 3x3, ReLU, MaxPool 2, Conv 64 3x3, ReLU, MaxPool 2,
  Flatten, Linear 1600->128, ReLU, Linear 128->10), PyTorch's default initialisation.
- pre-training: 938 steps (one epoch) on MNIST, Adam 1e-3, batch 64.
- fine-tuned: the pre-trained features (the convolutions) frozen, a new classifier (PyTorch's initialisation) trained
  on Fashion-MNIST; from scratch: a new CNN2, every parameter trained. Both Adam 1e-3, batch 64, the same steps.
- data: pixels / 255 normalised with MNIST's mean 0.1307 and std 0.3081, for both data sets.
- reported: the Fashion-MNIST test accuracy of both after 100, 300, 1000 and 3000 steps.
Reads the gzipped IDX files from $NN4J_DATA/mnist and $NN4J_DATA/fashion-mnist.
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_finetune_fashion.py [--seed 1]
Output: "mnist test_accuracy A", then per checkpoint "finetuned|scratch step S test_accuracy A".
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "pytorch"))
from train_mnist_cnn import Cnn2, accuracy, load, train  # noqa: E402

CHECKPOINTS = (100, 300, 1000, 3000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pretrain-steps", type=int, default=938)
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    torch.manual_seed(args.seed)
    data = os.environ.get("NN4J_DATA", "data")
    pretrained = Cnn2()
    train(pretrained, *load(data, "mnist", "train"), args.pretrain_steps)
    print("mnist test_accuracy %.4f" % accuracy(pretrained, *load(data, "mnist", "test")), flush=True)

    x, y = load(data, "fashion-mnist", "train")
    tx, ty = load(data, "fashion-mnist", "test")
    tuned = Cnn2()
    tuned.features.load_state_dict(pretrained.features.state_dict())
    for p in tuned.features.parameters():
        p.requires_grad = False
    for name, net in (("finetuned", tuned), ("scratch", Cnn2())):
        train(net, x, y, CHECKPOINTS[-1], CHECKPOINTS,
              lambda step: print("%s step %d test_accuracy %.4f" % (name, step, accuracy(net, tx, ty)), flush=True))


if __name__ == "__main__":
    main()
