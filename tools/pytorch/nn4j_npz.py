"""PyTorch weights in and out of nn4j.

nn4j names and shapes its parameters and buffers as PyTorch does (``Linear.weight`` is
``[out, in]``, ``Conv2D.weight`` ``[out, in, kH, kW]``, an LSTM's ``weight_ih_l0``, BatchNorm's
``running_mean`` and ``num_batches_tracked``), and ``org.nn4j.core.io.Checkpoint`` keeps a
network's state as a NumPy ``.npz`` of its ``state_dict``. This module moves such files between
PyTorch and nn4j; it needs only ``torch`` and ``numpy``, and builds no model itself.

PyTorch to nn4j::

    from nn4j_npz import save_state_dict
    save_state_dict(model, "model.npz")      # every parameter and buffer, under PyTorch's keys

    // Java: the equivalent network, strictly, or reporting what did not match
    Checkpoint.load(Path.of("model.npz"), net);
    Checkpoint.Keys keys = Checkpoint.loadNonStrict(Path.of("model.npz"), net);

nn4j to PyTorch::

    Checkpoint.save(Path.of("model.npz"), net);   // Java

    from nn4j_npz import load_state_dict
    result = load_state_dict(model, "model.npz")                 # strict, as torch's
    result = load_state_dict(model, "model.npz", strict=False)   # result.missing_keys, result.unexpected_keys

When the two models' structures differ, both sides take a renaming function from the file's names
to the model's (None leaves an entry out): ``Checkpoint.load(file, net, name -> ...)`` in Java,
``load_state_dict(model, path, rename=lambda name: ...)`` here.

From the command line, for a state_dict saved with ``torch.save``::

    python3 tools/pytorch/nn4j_npz.py to-npz model.pth model.npz
    python3 tools/pytorch/nn4j_npz.py to-pth model.npz model.pth
    python3 tools/pytorch/nn4j_npz.py list model.npz

Values keep their dtypes (float32, float64; int64 for ``num_batches_tracked``, a 0-d array);
nn4j and ``load_state_dict`` cast them to the dtype of the model they load into. Entries an nn4j
checkpoint holds for its optimizer (``optimizer.<parameter>.<key>``) are not part of a model's
state and are skipped when loading.
"""
import argparse
import io
import os
import sys
import tempfile
import zipfile

import numpy as np
import torch

OPTIMIZER = "optimizer."


def save_state_dict(model_or_state_dict, path):
    """Writes a module's ``state_dict()`` (or a state_dict itself) to ``path`` as ``.npz``.

    Entries keep the state_dict's order, keys, shapes and dtypes; 0-d tensors stay 0-d. The file is
    written under a temporary name in the same folder and then moved into place, so an existing file
    is replaced whole or not at all. Returns ``path``.
    """
    state = model_or_state_dict.state_dict() if isinstance(model_or_state_dict, torch.nn.Module) \
        else model_or_state_dict
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".nn4j-", suffix=".npz.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as z:
                for key, tensor in state.items():
                    value = tensor.detach().cpu().numpy() if torch.is_tensor(tensor) else np.asarray(tensor)
                    buf = io.BytesIO()
                    # np.array, not np.ascontiguousarray, which turns a 0-d array into shape (1,)
                    np.lib.format.write_array(buf, np.array(value, order="C"), allow_pickle=False)
                    info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, buf.getvalue())
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make the file private
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return path


def read_state_dict(path, rename=None):
    """The model state of an ``.npz`` as ``{name: tensor}`` in the file's order.

    Skips nn4j's optimizer entries. ``rename``, when given, maps each name of the file to the name
    to use (None leaves the entry out); two entries renamed to one name raise ``ValueError``.
    """
    state = {}
    origin = {}
    with np.load(path, allow_pickle=False) as npz:
        for key in npz.files:
            if key.startswith(OPTIMIZER):
                continue
            name = rename(key) if rename is not None else key
            if name is None:
                continue
            if name in state:
                raise ValueError("%s: both %s and %s are renamed to %s" % (path, origin[name], key, name))
            origin[name] = key
            state[name] = torch.from_numpy(np.array(npz[key]))
    return state


def load_state_dict(model, path, strict=True, rename=None):
    """Loads an ``.npz`` (saved by nn4j's ``Checkpoint.save`` or by :func:`save_state_dict`) into ``model``.

    ``strict`` as in ``torch.nn.Module.load_state_dict``: when True every key of the model must be
    in the file and every key of the file in the model; when False the rest is reported in the
    returned ``missing_keys`` and ``unexpected_keys``. A shape mismatch is an error in both modes.
    ``rename`` maps the file's names to the model's (None drops an entry), for models whose
    structure differs. Everything is checked before anything is copied: on an error (a
    ``RuntimeError`` listing every mismatch) the model is unchanged, where PyTorch's own
    ``load_state_dict`` would have copied the entries that fit. Values are copied into the model's
    tensors, in their dtype. Returns what ``torch.nn.Module.load_state_dict`` returns.
    """
    state = read_state_dict(path, rename)
    own = model.state_dict()
    errors = ["%s: expected %s, found %s" % (k, list(own[k].shape), list(v.shape))
              for k, v in state.items() if k in own and own[k].shape != v.shape]
    if strict:
        errors += ["%s: missing from %s (expected %s)" % (k, path, list(v.shape)) for k, v in own.items() if k not in state]
        errors += ["%s: not in the model (found %s)" % (k, list(v.shape)) for k, v in state.items() if k not in own]
    if errors:
        raise RuntimeError("%s does not fit %s (nothing was loaded):\n  %s"
                           % (path, type(model).__name__, "\n  ".join(errors)))
    return model.load_state_dict(state, strict=strict)


def _main(argv):
    parser = argparse.ArgumentParser(description="Converts PyTorch state_dicts to and from nn4j's .npz.")
    commands = parser.add_subparsers(dest="command", required=True)
    to_npz = commands.add_parser("to-npz", help="a state_dict saved by torch.save -> .npz")
    to_npz.add_argument("pth")
    to_npz.add_argument("npz")
    to_pth = commands.add_parser("to-pth", help=".npz -> a state_dict for torch.load")
    to_pth.add_argument("npz")
    to_pth.add_argument("pth")
    show = commands.add_parser("list", help="prints each entry's name, shape and dtype")
    show.add_argument("npz")
    args = parser.parse_args(argv)
    if args.command == "to-npz":
        state = torch.load(args.pth, map_location="cpu")
        if isinstance(state, torch.nn.Module):
            state = state.state_dict()
        if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
            raise SystemExit("%s does not hold a state_dict (a dict of tensors)" % args.pth)
        save_state_dict(state, args.npz)
    elif args.command == "to-pth":
        torch.save(read_state_dict(args.npz), args.pth)
    else:
        for name, value in read_state_dict(args.npz).items():
            print("%-40s %-16s %s" % (name, list(value.shape), str(value.dtype).replace("torch.", "")))


if __name__ == "__main__":
    _main(sys.argv[1:])
