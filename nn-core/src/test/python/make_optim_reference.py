"""Records PyTorch 1.13 optimizer trajectories and learning-rate schedules (float64) for
OptimizerReferenceTest into ../resources/reference/optim.npz. Run:
    /usr/bin/python3 nn-core/src/test/python/make_optim_reference.py

The problem: least squares of a linear layer, loss = mean((x · weightᵀ + bias − y)²), with
x [8, 4], y [8, 3], weight [3, 4], bias [3]. Each optimizer configuration takes 10 steps from the
same start; the fixture holds the parameters after every step (<config>.weight [10, 3, 4],
<config>.bias [10, 3]) and the optimizer state after the last step (<config>.state.<param>.<key>).
Schedules: <name>.lr [13], the learning rate after 0..12 calls of scheduler.step().
"""
import io
import os
import zipfile

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference", "optim.npz")

CONFIGS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "sgd_dampening_decay": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.1),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam": lambda p: torch.optim.Adam(p, lr=0.05),
    "adam_decay": lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.05),
    "adamw_decay": lambda p: torch.optim.AdamW(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.3),
}


def problem():
    """x [8, 4], y [8, 3] and the start weight [3, 4] and bias [3]."""
    g = torch.Generator().manual_seed(5)
    x = torch.rand(8, 4, generator=g) * 2 - 1
    y = torch.rand(8, 3, generator=g) * 2 - 1
    w0 = torch.rand(3, 4, generator=g) * 2 - 1
    b0 = torch.rand(3, generator=g) * 2 - 1
    return x, y, w0, b0


def trajectories(arrays):
    x, y, w0, b0 = problem()
    arrays.update({"x": x.numpy(), "y": y.numpy(), "weight": w0.numpy(), "bias": b0.numpy()})
    for name, make in CONFIGS.items():
        w = w0.clone().requires_grad_(True)
        b = b0.clone().requires_grad_(True)
        opt = make([w, b])
        ws, bs = [], []
        for _ in range(10):
            opt.zero_grad()
            loss = ((x @ w.t() + b - y) ** 2).mean()
            loss.backward()
            opt.step()
            ws.append(w.detach().clone().numpy())
            bs.append(b.detach().clone().numpy())
        arrays[name + ".weight"] = np.stack(ws)
        arrays[name + ".bias"] = np.stack(bs)
        for pname, p in (("weight", w), ("bias", b)):
            for key, value in opt.state[p].items():
                if value is None:  # plain SGD keeps momentum_buffer = None
                    continue
                # RMSprop keeps its step as a Python int, the others as a tensor
                value = value.detach().numpy() if torch.is_tensor(value) else value
                arrays["%s.state.%s.%s" % (name, pname, key)] = np.asarray(value, dtype=np.float64)


def schedules(arrays):
    record_schedules(arrays, {
        "steplr": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
        "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01),
    }, [0.2])


def record_schedules(arrays, makers, rates):
    """<name>.lr (and <name>.lr1 for a second group): the rates after 0..12 steps, one group per rate."""
    for name, make in makers.items():
        opt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": r} for r in rates])
        sched = make(opt)
        lrs = [[g["lr"] for g in opt.param_groups]]
        for _ in range(12):
            opt.step()
            sched.step()
            lrs.append([g["lr"] for g in opt.param_groups])
        lrs = np.array(lrs)
        for i in range(len(rates)):
            arrays[name + (".lr" if i == 0 else ".lr%d" % i)] = lrs[:, i].copy()


def save(arrays):
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # Fixed entry dates: regenerating gives the same bytes.
    with zipfile.ZipFile(OUT, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key in sorted(arrays):
            buf = io.BytesIO()
            # np.ascontiguousarray would turn the 0-d step counts into shape (1,).
            np.lib.format.write_array(buf, np.array(arrays[key], order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())


if __name__ == "__main__":
    print("PyTorch", torch.__version__)
    arrays = {}
    trajectories(arrays)
    schedules(arrays)
    save(arrays)
    print(OUT, len(arrays), "arrays")
