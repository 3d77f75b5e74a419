"""scratch and the shared conventions must run on NumPy and h5py alone: importing every module of
both packages pulls in no TensorFlow."""

import importlib
import pkgutil
import subprocess
import sys

import conventions
import scratch

PACKAGES = (scratch, conventions)


def _module_names():
    return [f"{p.__name__}.{m.name}" for p in PACKAGES for m in pkgutil.iter_modules(p.__path__)]


def test_importing_scratch_and_conventions_imports_no_tensorflow_or_keras():
    names = _module_names()
    code = ("import sys, importlib\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"scratch/conventions imported {result.stdout}{result.stderr}"
    assert len(names) >= 12


def test_every_module_imports():
    for name in _module_names():
        importlib.import_module(name)
