"""scratch must run on NumPy and h5py alone: importing every module pulls in no TensorFlow."""

import importlib
import pkgutil
import subprocess
import sys

import scratch


def test_importing_all_of_scratch_imports_no_tensorflow_or_keras():
    names = [f"scratch.{m.name}" for m in pkgutil.iter_modules(scratch.__path__)]
    code = ("import sys, importlib\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"scratch imported {result.stdout}{result.stderr}"
    assert len(names) >= 8


def test_every_module_imports():
    for m in pkgutil.iter_modules(scratch.__path__):
        importlib.import_module(f"scratch.{m.name}")
