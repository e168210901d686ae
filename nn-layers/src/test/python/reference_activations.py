"""Reference cases for the activations (ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Softplus, Hardtanh, ReLU6, Hardswish,
LogSigmoid, PReLU), Softmax, LogSoftmax, Dropout (eval mode) and BatchNorm (train and eval)."""
import torch
from torch import nn

from reference import record_module


def _batchnorm_with_running_stats(module, channels, seed):
    """Non-trivial running statistics, so that eval mode tests them (record_module keeps buffers)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        module.running_mean.copy_(torch.rand(channels, generator=g, dtype=torch.float64) * 2 - 1)
        module.running_var.copy_(torch.rand(channels, generator=g, dtype=torch.float64) + 0.5)
    return module


def _large_logits(shape, seed):
    """Logits of ±1000 mixed with small ones: a stable softmax must give no NaN or Inf."""
    def make(g):
        x = torch.rand(shape, generator=g) * 2 - 1
        x[0, 0] = 1000.0
        x[-1, -1] = -1000.0
        return x
    return make


def _with_zeros(shape):
    """Uniform in [-1, 1) with about a third of the entries exactly 0: the kink, where PyTorch's gradient
    is 0 for ReLU and the negative slope for LeakyReLU."""
    def make(g):
        x = torch.rand(shape, generator=g) * 2 - 1
        x[torch.rand(shape, generator=g) < 0.3] = 0.0
        return x
    return make


def _with_kinks(shape, kinks, scale=1.0):
    """Uniform in [-scale, scale) with about a third of the entries set exactly to one of the kinks (every kink
    appears at least once): where a piecewise function's gradient takes PyTorch's one-sided choice."""
    def make(g):
        x = (torch.rand(shape, generator=g) * 2 - 1) * scale
        flat = x.view(-1)
        picks = torch.randint(len(kinks), flat.shape, generator=g)
        chosen = torch.rand(flat.shape, generator=g) < 0.3
        for i, k in enumerate(kinks):
            flat[i] = k
        for i in range(len(kinks), flat.numel()):
            if chosen[i]:
                flat[i] = kinks[picks[i]]
        return x
    return make


def cases():
    return [
        lambda: record_module("act_relu_4x5", nn.ReLU(), (4, 5), seed=11),
        lambda: record_module("act_relu_1x3x2x2", nn.ReLU(), (1, 3, 2, 2), seed=12),
        lambda: record_module("act_relu_zeros_3x5", nn.ReLU(), (3, 5), seed=30, make_input=_with_zeros((3, 5))),
        lambda: record_module("act_relu_zeros_2x3x4x5", nn.ReLU(), (2, 3, 4, 5), seed=31,
                              make_input=_with_zeros((2, 3, 4, 5))),
        lambda: record_module("act_leakyrelu_slope0.01_3x5", nn.LeakyReLU(), (3, 5), seed=32,
                              make_input=_with_zeros((3, 5))),
        lambda: record_module("act_leakyrelu_slope0.01_2x3x4x5", nn.LeakyReLU(0.01), (2, 3, 4, 5), seed=33,
                              make_input=_with_zeros((2, 3, 4, 5))),
        lambda: record_module("act_leakyrelu_slope0.2_3x5", nn.LeakyReLU(0.2), (3, 5), seed=34,
                              make_input=_with_zeros((3, 5))),
        lambda: record_module("act_leakyrelu_slope0.2_2x3x4x5", nn.LeakyReLU(0.2), (2, 3, 4, 5), seed=35,
                              make_input=_with_zeros((2, 3, 4, 5))),
        lambda: record_module("act_elu_kinks_3x5", nn.ELU(), (3, 5), seed=41, make_input=_with_kinks((3, 5), [0.0], 2)),
        lambda: record_module("act_elu_alpha0.5_kinks_2x3x2x3", nn.ELU(0.5), (2, 3, 2, 3), seed=42,
                              make_input=_with_kinks((2, 3, 2, 3), [0.0], 2)),
        lambda: record_module("act_selu_kinks_3x5", nn.SELU(), (3, 5), seed=43, make_input=_with_kinks((3, 5), [0.0], 2)),
        lambda: record_module("act_selu_2x3x4", nn.SELU(), (2, 3, 4), seed=44),
        lambda: record_module("act_gelu_3x5", nn.GELU(), (3, 5), seed=45, make_input=_with_kinks((3, 5), [0.0], 4)),
        lambda: record_module("act_gelu_2x3x2x3", nn.GELU(), (2, 3, 2, 3), seed=46),
        lambda: record_module("act_gelu_tanh_3x5", nn.GELU(approximate="tanh"), (3, 5), seed=47,
                              make_input=_with_kinks((3, 5), [0.0], 4)),
        lambda: record_module("act_gelu_tanh_2x3x2x3", nn.GELU(approximate="tanh"), (2, 3, 2, 3), seed=48),
        lambda: record_module("act_silu_3x5", nn.SiLU(), (3, 5), seed=49, make_input=_with_kinks((3, 5), [0.0], 4)),
        lambda: record_module("act_silu_2x3x4", nn.SiLU(), (2, 3, 4), seed=50),
        lambda: record_module("act_softplus_threshold_3x7", nn.Softplus(), (3, 7), seed=51,
                              make_input=_with_kinks((3, 7), [20.0, 0.0], 25)),
        lambda: record_module("act_softplus_beta2_threshold5_3x5", nn.Softplus(2.0, 5.0), (3, 5), seed=52,
                              make_input=_with_kinks((3, 5), [2.5, 0.0], 4)),
        lambda: record_module("act_softplus_2x3x2x3", nn.Softplus(), (2, 3, 2, 3), seed=53),
        lambda: record_module("act_hardtanh_kinks_3x7", nn.Hardtanh(), (3, 7), seed=54,
                              make_input=_with_kinks((3, 7), [-1.0, 1.0, 0.0], 2)),
        lambda: record_module("act_hardtanh_min-2_max0.5_kinks_2x3x4", nn.Hardtanh(-2.0, 0.5), (2, 3, 4), seed=55,
                              make_input=_with_kinks((2, 3, 4), [-2.0, 0.5], 3)),
        lambda: record_module("act_relu6_kinks_3x7", nn.ReLU6(), (3, 7), seed=56,
                              make_input=_with_kinks((3, 7), [0.0, 6.0], 8)),
        lambda: record_module("act_relu6_kinks_2x3x2x3", nn.ReLU6(), (2, 3, 2, 3), seed=57,
                              make_input=_with_kinks((2, 3, 2, 3), [0.0, 6.0], 8)),
        lambda: record_module("act_hardswish_kinks_3x7", nn.Hardswish(), (3, 7), seed=58,
                              make_input=_with_kinks((3, 7), [-3.0, 3.0, 0.0], 5)),
        lambda: record_module("act_hardswish_kinks_2x3x2x3", nn.Hardswish(), (2, 3, 2, 3), seed=59,
                              make_input=_with_kinks((2, 3, 2, 3), [-3.0, 3.0], 5)),
        lambda: record_module("act_logsigmoid_3x5", nn.LogSigmoid(), (3, 5), seed=60,
                              make_input=_with_kinks((3, 5), [0.0], 30)),
        lambda: record_module("act_logsigmoid_2x3x4", nn.LogSigmoid(), (2, 3, 4), seed=61),
        lambda: record_module("act_prelu_kinks_3x5", nn.PReLU(), (3, 5), seed=62, make_input=_with_kinks((3, 5), [0.0])),
        lambda: record_module("act_prelu_channels3_kinks_2x3x2x3", nn.PReLU(3), (2, 3, 2, 3), seed=63,
                              make_input=_with_kinks((2, 3, 2, 3), [0.0])),
        lambda: record_module("act_prelu_channels4_kinks_3x4", nn.PReLU(4), (3, 4), seed=64,
                              make_input=_with_kinks((3, 4), [0.0])),
        lambda: record_module("act_softmax_3x7", nn.Softmax(dim=1), (3, 7), seed=13),
        lambda: record_module("act_softmax_1x4", nn.Softmax(dim=1), (1, 4), seed=14),
        lambda: record_module("act_softmax_2x3x5", nn.Softmax(dim=1), (2, 3, 5), seed=15),
        lambda: record_module("act_softmax_large_3x4", nn.Softmax(dim=1), (3, 4), seed=16,
                              make_input=_large_logits((3, 4), 16)),
        lambda: record_module("act_softmax_2x3x4x5", nn.Softmax(dim=1), (2, 3, 4, 5), seed=36),
        lambda: record_module("act_softmax_2x3x2x2x3", nn.Softmax(dim=1), (2, 3, 2, 2, 3), seed=37),
        lambda: record_module("act_logsoftmax_3x7", nn.LogSoftmax(dim=1), (3, 7), seed=17),
        lambda: record_module("act_logsoftmax_1x5", nn.LogSoftmax(dim=1), (1, 5), seed=18),
        lambda: record_module("act_logsoftmax_2x3x2x3", nn.LogSoftmax(dim=1), (2, 3, 2, 3), seed=19),
        lambda: record_module("act_logsoftmax_large_3x4", nn.LogSoftmax(dim=1), (3, 4), seed=20,
                              make_input=_large_logits((3, 4), 20)),
        lambda: record_module("act_logsoftmax_2x4x3", nn.LogSoftmax(dim=1), (2, 4, 3), seed=38),
        lambda: record_module("act_logsoftmax_2x3x4x5", nn.LogSoftmax(dim=1), (2, 3, 4, 5), seed=39),
        lambda: record_module("act_logsoftmax_2x3x2x2x3", nn.LogSoftmax(dim=1), (2, 3, 2, 2, 3), seed=40),
        lambda: record_module("dropout_eval_5x3", nn.Dropout(0.4), (5, 3), seed=21, train=False),
        lambda: record_module("bn_1d_train_6x4", nn.BatchNorm1d(4), (6, 4), seed=22),
        lambda: record_module("bn_1d_train_2x3", nn.BatchNorm1d(3), (2, 3), seed=23),
        lambda: record_module("bn_1d_train_3x2x5", nn.BatchNorm1d(2), (3, 2, 5), seed=24),
        lambda: record_module("bn_1d_eval_1x5", _batchnorm_with_running_stats(nn.BatchNorm1d(5), 5, 25), (1, 5),
                              seed=25, train=False),
        lambda: record_module("bn_1d_eval_4x3", _batchnorm_with_running_stats(nn.BatchNorm1d(3), 3, 26), (4, 3),
                              seed=26, train=False),
        lambda: record_module("bn_2d_train_2x3x4x5", _batchnorm_with_running_stats(nn.BatchNorm2d(3), 3, 27),
                              (2, 3, 4, 5), seed=27),
        lambda: record_module("bn_2d_train_1x2x3x3", nn.BatchNorm2d(2), (1, 2, 3, 3), seed=28),
        lambda: record_module("bn_2d_eval_3x2x3x2", _batchnorm_with_running_stats(nn.BatchNorm2d(2), 2, 29),
                              (3, 2, 3, 2), seed=29, train=False),
    ]
