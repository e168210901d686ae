"""Regenerates every fixture under ../resources/reference/ (PyTorch 1.13, float64).

Each case module (reference_*.py beside this file) has a function cases() returning a list of
callables; each callable writes one fixture with the helpers of reference.py. Run:
    /usr/bin/python3 nn-layers/src/test/python/make_reference.py
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
    for path in sorted(glob.glob(os.path.join(HERE, "reference_*.py"))):
        module = importlib.import_module(os.path.basename(path)[:-3])
        for case in module.cases():
            print(case())
