"""Tests of nn4j_npz.py: /usr/bin/python3 tools/pytorch/test_nn4j_npz.py (nn-examples' Nn4jWeightsInPyTorchTest runs it)."""
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import nn4j_npz  # noqa: E402


def net(channels=2):
    torch.manual_seed(channels)
    m = nn.Sequential(nn.Conv2d(1, channels, 3), nn.BatchNorm2d(channels))
    with torch.no_grad():
        m[1].running_mean.normal_()
        m[1].num_batches_tracked.fill_(5)
    return m


class Nn4jNpzTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "m.npz")

    def tearDown(self):
        self.dir.cleanup()

    def test_saves_the_state_dict_in_order_with_dtypes_and_0d_counters(self):
        m = net()
        nn4j_npz.save_state_dict(m, self.path)
        with zipfile.ZipFile(self.path) as z:
            self.assertEqual([k + ".npy" for k in m.state_dict()], z.namelist())
        with np.load(self.path) as f:
            self.assertEqual((), f["1.num_batches_tracked"].shape)
            self.assertEqual(np.int64, f["1.num_batches_tracked"].dtype)
            self.assertEqual(np.float32, f["0.weight"].dtype)
            np.testing.assert_array_equal(m[1].running_mean.numpy(), f["1.running_mean"])
        self.assertEqual([], [n for n in os.listdir(self.dir.name) if n != "m.npz"], "no temporary file left")

    def test_a_strict_load_gives_the_saved_values_and_skips_optimizer_state(self):
        nn4j_npz.save_state_dict(dict(net().state_dict(), **{"optimizer.0.weight.step": torch.tensor(3)}), self.path)
        m = net(2)
        with torch.no_grad():
            m[0].weight.zero_()
        nn4j_npz.load_state_dict(m, self.path)
        for k, v in net().state_dict().items():
            self.assertTrue(torch.equal(v, m.state_dict()[k]), k)

    def test_a_mismatch_lists_everything_and_loads_nothing_in_both_modes(self):
        nn4j_npz.save_state_dict(net(), self.path)
        for strict in (True, False):
            m = nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(2), nn.Linear(2, 2))
            before = {k: v.clone() for k, v in m.state_dict().items()}
            with self.assertRaises(RuntimeError) as e:
                nn4j_npz.load_state_dict(m, self.path, strict=strict)
            lines = str(e.exception).splitlines()
            self.assertEqual(self.path + " does not fit Sequential (nothing was loaded):", lines[0])
            self.assertEqual(["  0.weight: expected [3, 1, 3, 3], found [2, 1, 3, 3]", "  0.bias: expected [3], found [2]"],
                             lines[1:3])
            self.assertEqual(5 if strict else 3, len(lines))
            for k, v in m.state_dict().items():
                self.assertTrue(torch.equal(before[k], v), k)

    def test_a_non_strict_load_reports_missing_and_unexpected_keys(self):
        nn4j_npz.save_state_dict(net(), self.path)
        m = nn.Sequential(nn.Conv2d(1, 2, 3))
        m.add_module("2", nn.Linear(2, 2))
        result = nn4j_npz.load_state_dict(m, self.path, strict=False)
        self.assertEqual(["2.weight", "2.bias"], result.missing_keys)
        self.assertEqual(["1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
                         result.unexpected_keys)
        self.assertTrue(torch.equal(net()[0].weight, m[0].weight))

    def test_rename_maps_the_files_names_and_none_drops_an_entry(self):
        nn4j_npz.save_state_dict(net(), self.path)
        m = nn.Sequential(nn.Identity(), nn.Conv2d(1, 2, 3))
        nn4j_npz.load_state_dict(m, self.path, rename=lambda k: "1" + k[1:] if k.startswith("0.") else None)
        self.assertTrue(torch.equal(net()[0].weight, m[1].weight))
        with self.assertRaises(ValueError) as e:
            nn4j_npz.read_state_dict(self.path, rename=lambda k: "x")
        self.assertEqual("%s: both 0.weight and 0.bias are renamed to x" % self.path, str(e.exception))

    def test_the_command_line_converts_to_and_from_torch_save(self):
        pth = os.path.join(self.dir.name, "m.pth")
        back = os.path.join(self.dir.name, "back.pth")
        torch.save(net().state_dict(), pth)
        tool = os.path.join(HERE, "nn4j_npz.py")
        subprocess.run([sys.executable, tool, "to-npz", pth, self.path], check=True)
        subprocess.run([sys.executable, tool, "to-pth", self.path, back], check=True)
        listed = subprocess.run([sys.executable, tool, "list", self.path], check=True, capture_output=True, text=True)
        self.assertIn("1.num_batches_tracked", listed.stdout)
        self.assertIn("[2, 1, 3, 3]", listed.stdout)
        restored = torch.load(back)
        for k, v in net().state_dict().items():
            self.assertTrue(torch.equal(v, restored[k]), k)


if __name__ == "__main__":
    unittest.main()
