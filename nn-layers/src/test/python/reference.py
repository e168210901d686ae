"""Shared helpers for recording PyTorch reference fixtures (float64).

Each fixture is a small .npz under nn-layers/src/test/resources/reference/ with:
  modules: input, output, grad_output, grad_input, param.<name>, grad.<name>
  losses:  target, prediction, loss, grad_prediction
Names of parameters are PyTorch's (weight, bias, ...), which are also nn4j's.
Run the generators with Debian's PyTorch 1.13: /usr/bin/python3 make_reference.py
"""
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference")


def _save(name, arrays):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".npz")
    # np.savez stores no timestamps inside the arrays; zip entries get a fixed date below, so regenerating
    # gives the same bytes (except the last bit of values from a GEMM or convolution, which depends on
    # PyTorch's thread count: regenerate only the file of cases you changed).
    import zipfile
    import io
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
    return path


def record_module(name, module, input_shape, seed, make_input=None, train=True, extra=None):
    """Runs module forward and backward on a seeded random input and upstream gradient; extra holds more arrays to
    save by name (a mask the module was built with, say)."""
    g = torch.Generator().manual_seed(seed)
    module = module.double()
    module.train(train)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.rand(p.shape, generator=g) * 2 - 1)
    x = make_input(g) if make_input else torch.rand(input_shape, generator=g) * 2 - 1
    x = x.clone().requires_grad_(True)
    params = {n: p.detach().clone().numpy() for n, p in module.named_parameters()}
    buffers = {n: b.detach().clone().numpy() for n, b in module.named_buffers() if b.dtype.is_floating_point}
    y = module(x)
    go = torch.rand(y.shape, generator=g) * 2 - 1
    y.backward(go)
    arrays = {"input": x.detach().numpy(), "output": y.detach().numpy(),
              "grad_output": go.numpy(), "grad_input": x.grad.numpy()}
    for n, v in params.items():
        arrays["param." + n] = v
    for n, p in module.named_parameters():
        arrays["grad." + n] = p.grad.numpy()
    for n, v in buffers.items():
        arrays["buffer_before." + n] = v
    for n, v in (extra or {}).items():
        arrays[n] = v
    for n, b in module.named_buffers():
        if b.dtype.is_floating_point:
            arrays["buffer_after." + n] = b.detach().numpy()
    return _save(name, arrays)


def record_loss(name, loss, prediction, target, options=None):
    """Records a loss value and its gradient with respect to the prediction (and the loss's array options, e.g. weight)."""
    p = prediction.clone().requires_grad_(True)
    value = loss(p, target)
    value.backward()
    arrays = {"prediction": p.detach().numpy(), "target": target.numpy(),
              "loss": np.array(value.item()), "grad_prediction": p.grad.numpy()}
    for n, v in (options or {}).items():
        arrays[n] = v.numpy()
    return _save(name, arrays)
