"""Reference cases for Linear, TanH, Sigmoid, Sequential and MSELoss (the foundation's modules)."""
import torch
from torch import nn

from reference import record_loss, record_module


def cases():
    g = torch.Generator().manual_seed(5)
    return [
        lambda: record_module("linear_3x2_batch4", nn.Linear(3, 2), (4, 3), seed=1),
        lambda: record_module("linear_7x5_batch1", nn.Linear(7, 5), (1, 7), seed=2),
        lambda: record_module("linear_nobias_4x6_batch3", nn.Linear(4, 6, bias=False), (3, 4), seed=3),
        lambda: record_module("tanh_3x5", nn.Tanh(), (3, 5), seed=4),
        lambda: record_module("sigmoid_2x3x4", nn.Sigmoid(), (2, 3, 4), seed=5),
        # parameter names 0.weight, 0.bias, 2.weight, 2.bias: PyTorch's and nn4j's Sequential agree
        lambda: record_module("sequential_linear_tanh_linear_sigmoid_4x3",
                              nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2), nn.Sigmoid()), (4, 3), seed=6),
        lambda: record_loss("mse_5x3", nn.MSELoss(), torch.rand(5, 3, generator=g), torch.rand(5, 3, generator=g)),
    ]
