"""The catalogue of parity cases: each claim defined once, run by both pytest and `dl-parity report`.

A `ParityCase` says how to build inputs (from a seeded generator and a dtype), which function of
each twin to call (one `call(module, inputs)` used for `scratch.<module>` and `tfimpl.<module>`
alike, since the twins share names and signatures), what kind of tolerance applies and how big
the work is. Its `mutants` are deliberately wrong scratch functions the case must catch — the
proof that the check can fail.

Cases live in one module per twin module (`dlparity.cases.activations`, ...); `all_cases()`
gathers them. The twins are imported only when a case runs.
"""

import copy
import importlib
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlparity import checker, tolerances

CHECKS = ("forward", "gradient", "step", "trajectory")
CASE_MODULES = ("activations", "losses", "logistic", "shallow", "deep")


@dataclass(frozen=True)
class Mutant:
    """A deliberately wrong replacement for `scratch.<module>.<replaces>`."""

    name: str
    description: str
    replaces: str
    function: Callable


@dataclass(frozen=True)
class ParityCase:
    component: str                      # "activations.relu_backward", "logistic.model", ...
    check: str                          # one of CHECKS
    module: str                         # twin module: scratch.<module> / tfimpl.<module>
    make_inputs: Callable[[np.random.Generator, np.dtype], dict]
    call: Callable[[Any, dict], Any]    # call(twin_module, inputs) -> result (nested arrays)
    kind: str = "elementwise"           # tolerance kind, see dlparity.tolerances
    reduction: Callable[[dict], int] = lambda inputs: 1
    steps: int = 1
    dtypes: tuple = ("float64", "float32")
    randomized: bool = True             # inputs depend on the seed (run under hypothesis)
    slow: bool = False                  # long trajectories; pytest marks them "slow"
    call_tf: Callable | None = None     # only when the TF twin must be called differently
    tf_module: str | None = None        # only when the TF side lives in another module
    mutants: tuple = field(default_factory=tuple)
    note: str = ""

    @property
    def name(self):
        return f"{self.component}:{self.check}"


def all_cases():
    """Every case of every catalogue module, in a stable order."""
    cases = []
    for name in CASE_MODULES:
        cases += importlib.import_module(f"dlparity.cases.{name}").CASES
    return cases


def twin(kind, module):
    """Import `scratch.<module>` or `tfimpl.<module>`."""
    return importlib.import_module(f"{kind}.{module}")


def patched(module, mutant):
    """A stand-in for `module` whose `mutant.replaces` is the mutant's function."""
    namespace = dict(vars(module))
    namespace[mutant.replaces] = mutant.function
    return types.SimpleNamespace(**namespace)


def case_tolerance(case, inputs, dtype):
    return tolerances.tolerance(dtype, case.kind, n=case.reduction(inputs), steps=case.steps)


def run_case(case, dtype, seed=0, mutant=None, scratch_module=None):
    """Run one case in one dtype; returns the checker's rows (one per compared leaf).

    mutant: run the scratch side with this deliberately wrong function instead (a negative check).
    scratch_module: a module to stand in for `scratch.<module>` (someone's own NumPy code).
    """
    dtype = np.dtype(dtype)
    inputs = case.make_inputs(np.random.default_rng(seed), dtype)
    scratch_module = scratch_module or twin("scratch", case.module)
    if mutant is not None:
        scratch_module = patched(scratch_module, mutant)
    tf_module = twin("tfimpl", case.tf_module or case.module)
    scratch_result = case.call(scratch_module, copy.deepcopy(inputs))
    tf_result = (case.call_tf or case.call)(tf_module, copy.deepcopy(inputs))
    component = case.component if mutant is None else f"{case.component}~{mutant.name}"
    return checker.compare(scratch_result, tf_result, component=component, check=case.check,
                           dtype=dtype.name, tolerance=case_tolerance(case, inputs, dtype))
