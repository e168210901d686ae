"""Regenerates the fixtures under ../resources/reference/ (PyTorch 1.13, float64).

Each case module (reference_*.py beside this file) has a function cases() returning a list of
callables; each callable writes one fixture with the helpers of reference.py. Run every case
module, or only those named:
    /usr/bin/python3 nn-layers/src/test/python/make_reference.py
    /usr/bin/python3 nn-layers/src/test/python/make_reference.py reference_activations
"""
import glob
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if __name__ == "__main__":
    import torch
    print("PyTorch", torch.__version__)
    wanted = set(sys.argv[1:])
    for path in sorted(glob.glob(os.path.join(HERE, "reference_*.py"))):
        name = os.path.basename(path)[:-3]
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(name)
        for case in module.cases():
            print(case())
