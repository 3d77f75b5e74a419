"""The catalogue of parity cases: each claim written once, run by pytest and by `dl-parity report`.

To add a case, read this docstring and write in one module `dlparity/cases/<module>.py` (one per
course module of conventions.vocabulary.COURSE_MODULES), appending to its list `CASES`:

    ParityCase("deep.linear_forward", "forward", "deep", make_inputs, call,
               kind="reduction", reduction=lambda i: i["W"].shape[1],
               mutants=(Mutant("no bias", "Z = W A", "_linear_forward", _no_bias),))

- component, check: the row's name ("<module>.<function>[variant]") and one of CHECKS.
- module: the twin module; the case runs `scratch.<module>` and `tfimpl.<module>`.
- make_inputs(rng, dtype) -> dict: seeded inputs. Draw shapes the way learners' networks have
  them: square layers (n_l == n_{l-1}), a single unit, a single example (m = 1; keep m >= 2 only
  where a wrong variant needs it, e.g. a missing 1/m, and say so).
- call(module, inputs) -> result: ONE function for both twins (they share names and signatures);
  the result is an array or a nested dict / tuple / list of them, compared leaf by leaf.
  call_tf only where the TF side must be called differently (Keras's model.fit).
- kind, reduction, steps: which entry of `dlparity.tolerances` bounds it and the size of the
  work (longest sum, number of updates). dtypes: those it runs in.
- randomized: True when the inputs depend on the seed (hypothesis draws seeds); False for fixed
  inputs (edge values, trajectories). slow: long runs, marked "slow" for pytest and skipped by
  `report --fast`.
- mutants: deliberately wrong variants the case must catch (the proof the check can fail).
  `Mutant.replaces` names an attribute of scratch.<module>: a public function or a kernel `_f`
  (every public `f` checks its inputs and delegates to `_f`; kernels call kernels through the
  module's globals). `run_case` sets that attribute on the real module for the duration of the
  scratch call, so a wrong kernel is seen through every public function that uses it. A variant
  that crashes on the drawn shapes (W @ dZ where W.T @ dZ belongs, on a non-square layer) says so
  with `raises=ValueError`: the crash is the catch. Wrong variants run at MUTANT_SEED.

No case writes conditioning code: `run_case` draws inputs through `dlparity.conditioning`. It
redraws a random draw while scratch's own rounding error on it exceeds tolerance / 4 — estimated
by running scratch on the inputs nudged up and down (mirrored: the second difference) and, in
float32, widened to float64 — which shows cancelling sums, amplifying layers, saturation, and
kinks or thresholds within rounding; at most 50 draws, then RuntimeError naming case and seed.

pytest: `parity_tests/test_<module>.py` binds `dlparity.testing.catalogue_tests("<module>")`
(random seeds, fixed inputs, every wrong variant). The report and `dl-parity check` iterate
`all_cases()`. Nothing else needs registering.
"""

import contextlib
import copy
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conventions.vocabulary import COURSE_MODULES, named_result
from dlparity import checker, conditioning, tolerances

CHECKS = ("forward", "gradient", "step", "trajectory")
MUTANT_SEED = 0          # the seed every wrong variant runs at (report and pytest alike)


@dataclass(frozen=True)
class Mutant:
    """A deliberately wrong `scratch.<module>.<replaces>` (a public function or a kernel `_f`)."""

    name: str
    description: str
    replaces: str
    function: Callable
    raises: type | None = None      # the exception it is caught by on the drawn shapes, if any


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
    mutants: tuple = field(default_factory=tuple)
    note: str = ""

    @property
    def name(self):
        return f"{self.component}:{self.check}"


def all_cases():
    """Every case of every catalogue module, in a stable order."""
    cases = []
    for name in COURSE_MODULES:
        cases += importlib.import_module(f"dlparity.cases.{name}").CASES
    return cases


def case_named(name):
    """The case whose `name` ("component:check") is `name`."""
    return next(c for c in all_cases() if c.name == name)


def twin(kind, module):
    """Import `scratch.<module>` or `tfimpl.<module>`."""
    return importlib.import_module(f"{kind}.{module}")


def case_tolerance(case, inputs, dtype):
    return tolerances.tolerance(dtype, case.kind, n=case.reduction(inputs), steps=case.steps)


def draw_inputs(case, dtype, seed=0):
    """The inputs `run_case` compares on: a well-conditioned draw (see dlparity.conditioning),
    judged by the real scratch module whatever stands in for it, so every variant sees them."""
    return conditioning.draw(case, dtype, seed, twin("scratch", case.module),
                             lambda inputs: case_tolerance(case, inputs, dtype))


@contextlib.contextmanager
def installed(module, mutant):
    """`module.<mutant.replaces>` is the mutant's function inside the block, restored after it
    (also when the block raises)."""
    if mutant is None:
        yield module
        return
    if not hasattr(module, mutant.replaces):
        raise AttributeError(f"mutant {mutant.name!r}: {module.__name__} has no "
                             f"{mutant.replaces!r} to replace")
    original = getattr(module, mutant.replaces)
    setattr(module, mutant.replaces, mutant.function)
    try:
        yield module
    finally:
        setattr(module, mutant.replaces, original)


class RunMemo:
    """What `run_case` computed in one run (the report), reused where the computation is the
    same: the drawn inputs and the TF side of a case are computed once for the case and all its
    wrong variants (a variant changes scratch's side only; MUTANT_SEED is the report's seed), and
    scratch's result once per (inputs, call, variant), which fixed-input cases that share
    make_inputs and call (deep's two cat trajectories: tfimpl's loop and Keras's fit against one
    scratch run) share. Nothing checked changes: the same calls on the same inputs, made once.
    Only the entries of the latest inputs are kept (the report runs a case's rows together).

    known: {side_keys(...) entry: Outcome} computed elsewhere (a report worker process); they are
    kept whatever the inputs."""

    def __init__(self, known=None):
        self.inputs_key, self.results = None, {}
        self.known = dict(known or {})

    def get(self, key, compute):
        """compute()'s value, computed once per key; an exception it raised is raised again."""
        if key not in self.known and key not in self.results:
            self.results[key] = Outcome.of(compute)
        return (self.known[key] if key in self.known else self.results[key]).value()

    def inputs(self, case, dtype, seed):
        key = inputs_key(case, dtype, seed)
        if key != self.inputs_key:
            self.inputs_key, self.results = key, {}
        return key, self.get(("inputs", key), lambda: draw_inputs(case, dtype, seed))


@dataclass(frozen=True)
class Outcome:
    """What one call gave: its result, or the exception it raised (picklable, so a worker
    process can send it back)."""

    result: Any = None
    raised: BaseException | None = None

    @classmethod
    def of(cls, compute):
        try:
            return cls(result=compute())
        except Exception as err:
            return cls(raised=err)

    def value(self):
        if self.raised is not None:
            raise self.raised
        return self.result


def inputs_key(case, dtype, seed):
    """What a case's inputs depend on: fixed inputs on make_inputs alone (cases that share it
    share them), a random draw also on the case's conditioning."""
    dtype = np.dtype(dtype)
    return ((case.make_inputs, dtype.name, seed) if not case.randomized
            else (case.name, dtype.name, seed))


def side_keys(case, dtype, seed, mutant=None):
    """(scratch's, tf's) RunMemo key: the same key, the same computation."""
    key = inputs_key(case, dtype, seed)
    return (("scratch", key, case.module, case.call, mutant),
            ("tf", key, case.module, case.call_tf or case.call))


def scratch_side(case, inputs, mutant=None):
    """scratch.<module> called on (a copy of) the inputs, with the wrong variant installed."""
    module = twin("scratch", case.module)
    with installed(module, mutant):
        return case.call(module, copy.deepcopy(inputs))


def tf_side(case, inputs):
    """tfimpl.<module> called on (a copy of) the inputs (call_tf where the case has one)."""
    return (case.call_tf or case.call)(twin("tfimpl", case.module), copy.deepcopy(inputs))


def run_case(case, dtype, seed=0, mutant=None, memo=None):
    """Run one case in one dtype; returns the checker's rows (one per compared leaf).

    mutant: run the scratch side with this deliberately wrong function installed (a negative
    check). memo: a RunMemo shared by the calls of one run, so that no computation is repeated.
    """
    dtype = np.dtype(dtype)
    memo = memo if memo is not None else RunMemo()
    _, inputs = memo.inputs(case, dtype, seed)
    tolerance = case_tolerance(case, inputs, dtype)
    component = case.component if mutant is None else f"{case.component}~{mutant.name}"
    scratch_key, tf_key = side_keys(case, dtype, seed, mutant)
    try:
        scratch_result = memo.get(scratch_key, lambda: scratch_side(case, inputs, mutant))
    except Exception as err:
        if mutant is None or mutant.raises is None or not isinstance(err, mutant.raises):
            raise
        return [checker.Row(component, case.check, dtype.name, "-", (), np.inf, np.inf, tolerance,
                            "FAIL", f"raised {type(err).__name__}: {err}")]
    tf_result = memo.get(tf_key, lambda: tf_side(case, inputs))
    function = case.component.split("[")[0]            # "deep.predict": leaves named as the course
    return checker.compare(named_result(function, scratch_result),
                           named_result(function, tf_result), component=component,
                           check=case.check, dtype=dtype.name, tolerance=tolerance)
