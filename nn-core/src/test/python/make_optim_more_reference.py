"""Records PyTorch 1.13 references (float64) for RMSprop, Adagrad, gradient clipping and the
per-iteration learning-rate schedules into ../resources/reference/optim_more.npz, for
MoreOptimizersReferenceTest, GradientClippingTest and SchedulesReferenceTest. Run:
    /usr/bin/python3 nn-core/src/test/python/make_optim_more_reference.py

Trajectories: the least-squares problem of make_optim_reference.py (same x, y and start), 10 steps
per configuration: <config>.weight [10, 3, 4], <config>.bias [10, 3], <config>.state.<param>.<key>.
Clipping: clip.<case>.grad<i> the gradients before, clip.<case>.out<i> after, clip.<case>.norm
the returned total norm; a parameter without a gradient stands for a frozen one.
Schedules: <name>.lr [13] (and <name>.lr1 for a second parameter group), the learning rate after
0..12 calls of scheduler.step().
"""
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_optim_reference as base  # noqa: E402

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference", "optim_more.npz")

base.CONFIGS = {
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "rmsprop_momentum": lambda p: torch.optim.RMSprop(p, lr=0.005, momentum=0.9),
    "rmsprop_centered": lambda p: torch.optim.RMSprop(p, lr=0.01, centered=True),
    "rmsprop_all": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6, momentum=0.8, centered=True,
                                                 weight_decay=0.1),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
    "adagrad_all": lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.1,
                                                 initial_accumulator_value=0.2, eps=1e-6),
}


def clipping(arrays):
    g = torch.Generator().manual_seed(11)
    shapes = [(3, 4), (3,), (2, 2, 2)]
    grads = [torch.rand(*s, generator=g) * 4 - 2 for s in shapes]
    cases = {
        # name: (grads, which have no gradient (frozen), function)
        "norm2": (grads, [], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
        "norm2_frozen": (grads, [1], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.5)),
        "norm2_large": (grads, [], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 100.0)),
        "norm1": (grads, [], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 2.0, norm_type=1)),
        "norm3": (grads, [], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.5, norm_type=3)),
        "norm_inf": (grads, [0], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.7, norm_type=math.inf)),
        "zero": ([torch.zeros(3, 4), torch.zeros(3)], [], lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
        "nan": ([grads[0].clone(), torch.tensor([1.0, float("nan"), 2.0])], [],
                lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
        "inf": ([grads[0].clone(), torch.tensor([1.0, float("inf"), 2.0])], [],
                lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
        "value": (grads, [2], lambda ps: torch.nn.utils.clip_grad_value_(ps, 0.8)),
    }
    for name, (gs, frozen, clip) in cases.items():
        params = []
        for i, grad in enumerate(gs):
            p = torch.zeros_like(grad, requires_grad=True)
            if i not in frozen:
                p.grad = grad.clone()
            params.append(p)
            arrays["clip.%s.grad%d" % (name, i)] = grad.numpy()
        norm = clip(params)
        arrays["clip.%s.frozen" % name] = np.array(frozen, dtype=np.float64)
        if norm is not None:
            arrays["clip.%s.norm" % name] = np.array(float(norm))
        for i, p in enumerate(params):
            arrays["clip.%s.out%d" % (name, i)] = (p.grad if p.grad is not None else gs[i]).numpy()


def warmup_cosine(warmup, total, eta_min, base_lr):
    def factor(step):
        if step < warmup:
            return step / warmup
        progress = min(1.0, (step - warmup) / (total - warmup))
        return (eta_min + (base_lr - eta_min) * 0.5 * (1.0 + math.cos(math.pi * progress))) / base_lr
    return factor


def schedules(arrays):
    s = torch.optim.lr_scheduler
    one = {
        "linear": lambda o: s.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
        "linear_default": lambda o: s.LinearLR(o),
        "linear_down": lambda o: s.LinearLR(o, start_factor=1.0, end_factor=0.25, total_iters=7),
        "exponential": lambda o: s.ExponentialLR(o, gamma=0.8),
        "warmup_cosine": lambda o: s.LambdaLR(o, warmup_cosine(3, 10, 0.01, 0.2)),
        "warmup_cosine_nowarmup": lambda o: s.LambdaLR(o, warmup_cosine(0, 8, 0.0, 0.2)),
        "onecycle": lambda o: s.OneCycleLR(o, max_lr=0.5, total_steps=12, cycle_momentum=False),
        "onecycle_epochs": lambda o: s.OneCycleLR(o, max_lr=0.5, epochs=4, steps_per_epoch=3, cycle_momentum=False),
        "onecycle_short": lambda o: s.OneCycleLR(o, max_lr=1.0, total_steps=12, pct_start=0.1, cycle_momentum=False),
        "onecycle_three_linear": lambda o: s.OneCycleLR(o, max_lr=0.5, total_steps=12, pct_start=0.25,
                                                        anneal_strategy="linear", div_factor=10.0,
                                                        final_div_factor=100.0, three_phase=True,
                                                        cycle_momentum=False),
    }
    base.record_schedules(arrays, one, [0.2])
    groups = {
        "groups_exponential": lambda o: s.ExponentialLR(o, gamma=0.8),
        "groups_onecycle": lambda o: s.OneCycleLR(o, max_lr=[0.5, 0.05], total_steps=12, cycle_momentum=False),
        "groups_warmup_cosine": lambda o: s.LambdaLR(o, warmup_cosine(3, 10, 0.0, 1.0)),
    }
    base.record_schedules(arrays, groups, [0.2, 0.02])



def scheduled_trajectories(arrays):
    """OneCycleLR cycling the momentum (PyTorch's default) stepped after every optimizer step:
    <name>.weight [10, 3, 4], <name>.bias [10, 3], and <name>.momentum [13], the momentum (SGD) or
    beta1 (Adam) after 0..12 scheduler steps."""
    s = torch.optim.lr_scheduler
    cases = {
        "onecycle_sgd": (lambda p: torch.optim.SGD(p, lr=0.2, momentum=0.9),
                         lambda o: s.OneCycleLR(o, max_lr=0.5, total_steps=12), "momentum"),
        "onecycle_adam": (lambda p: torch.optim.Adam(p, lr=0.1),
                          lambda o: s.OneCycleLR(o, max_lr=0.1, total_steps=12, three_phase=True,
                                                 base_momentum=0.8, max_momentum=0.9), "betas"),
    }
    x, y, w0, b0 = base.problem()
    for name, (make_opt, make_sched, key) in cases.items():
        w = w0.clone().requires_grad_(True)
        b = b0.clone().requires_grad_(True)
        opt = make_opt([w, b])
        sched = make_sched(opt)

        def momentum():
            m = opt.param_groups[0][key]
            return m[0] if key == "betas" else m
        ms, ws, bs = [momentum()], [], []
        for step in range(12):
            if step < 10:
                opt.zero_grad()
                ((x @ w.t() + b - y) ** 2).mean().backward()
                opt.step()
                ws.append(w.detach().clone().numpy())
                bs.append(b.detach().clone().numpy())
            sched.step()
            ms.append(momentum())
        arrays[name + ".weight"] = np.stack(ws)
        arrays[name + ".bias"] = np.stack(bs)
        arrays[name + ".momentum"] = np.array(ms)


if __name__ == "__main__":
    print("PyTorch", torch.__version__)
    arrays = {}
    base.trajectories(arrays)
    for k in ("x", "y", "weight", "bias"):
        del arrays[k]  # in optim.npz already
    clipping(arrays)
    schedules(arrays)
    scheduled_trajectories(arrays)
    base.OUT = OUT
    base.save(arrays)
    print(OUT, len(arrays), "arrays")
