"""The referees of `dl-parity check`: who computes the values a learner's function is judged by.

- scratch (NumPy), always: the assignment tables (`assignments.course1`, `course2`) compute every
  expected value with `scratch.<module>`, and scratch's answer decides the verdict. The check
  therefore needs NumPy alone.
- tfimpl (TensorFlow), where TensorFlow is installed: the same table entry, on the very same
  inputs (built once, by scratch) and with the same np.random seed, is answered by the TF twin
  (`tfimpl.<module>`, same function names and signatures). The learner's result is compared with
  it under the same tolerance, and the two referees are compared with each other. A disagreement
  between the referees is a dl-parity bug, not the learner's: it is said on the row and under the
  table; the verdict stays scratch's.

Both referees run in the checker's process (the learner's code only ever runs in workers). The TF
referee runs after every learner call is done, so TensorFlow is imported once, late, and no
worker is forked from a process holding TensorFlow's threads.

How the TF twin answers a table entry: the tables call their reference through module globals
named `ref_<module>` bound to `scratch.<module>`; `refereeing()` rebinds each of them to
`tfimpl.<module>` for the duration of one reference call (and restores them, also on error), so
every table, present and future, gets its second referee without a second table.

Cost (2 cores, see the README): importing TensorFlow takes a few seconds and the TF twin's
trajectories run eagerly, so `--referee scratch` skips it; the default runs both wherever
TensorFlow is importable, since a check is run once per file and a second opinion is what the
check is for.
"""

import contextlib
import copy
import importlib
import importlib.util
import types

import numpy as np

SCRATCH, BOTH = "scratch", "both"
CHOICES = (SCRATCH, BOTH)
NAMES = {"scratch": "scratch (NumPy)", "tf": "tfimpl (TensorFlow)"}
INSTALL_TF = 'pip install "dl-parity[tf]"'
SCRATCH_ONLY = "referee: scratch (NumPy) only; install dl-parity[tf] for the TensorFlow referee"


class RefereeUnavailable(Exception):
    """`--referee both` where TensorFlow cannot be imported."""


def tf_installed():
    return importlib.util.find_spec("tensorflow") is not None


def resolve(choice=None):
    """The referees that run for `choice` (None: both when TensorFlow is installed, else scratch):
    ("scratch",) or ("scratch", "tf"). Raises RefereeUnavailable for "both" without TensorFlow."""
    if choice not in (None, *CHOICES):
        raise ValueError(f"referee: expected one of {', '.join(CHOICES)}, got {choice!r}")
    if choice == SCRATCH:
        return ("scratch",)
    if tf_installed():
        return ("scratch", "tf")
    if choice == BOTH:
        raise RefereeUnavailable(f"--referee both needs TensorFlow, which is not installed: "
                                 f"{INSTALL_TF} (or --referee scratch)")
    return ("scratch",)


def _table_modules():
    from dlparity.learner import assignments
    return [module for module in vars(assignments).values()
            if isinstance(module, types.ModuleType)
            and module.__name__.startswith("dlparity.learner.assignments.")]


@contextlib.contextmanager
def refereeing(package="tfimpl"):
    """Inside the block, every table's `ref_<module>` global (scratch.<module>) is
    `<package>.<module>`; restored after it, also when the block raises."""
    swapped = []
    try:
        for table in _table_modules():
            for name, value in list(vars(table).items()):
                if (name.startswith("ref_") and isinstance(value, types.ModuleType)
                        and value.__name__.startswith("scratch.")):
                    twin = importlib.import_module(package + value.__name__[len("scratch"):])
                    swapped.append((table, name, value))
                    setattr(table, name, twin)
        yield
    finally:
        for table, name, value in swapped:
            setattr(table, name, value)


def as_numpy(value):
    """A TF twin's result as NumPy data: tensors and variables to arrays, containers kept."""
    if isinstance(value, dict):
        return {k: as_numpy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [as_numpy(v) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    if hasattr(value, "numpy") and callable(value.numpy) and not isinstance(value, np.ndarray):
        return value.numpy()
    return value


def tf_reference(edition, inputs):
    """The TF twin's named answer to one table entry, on `inputs`, seeded as the edition says."""
    if edition.seed is not None:
        np.random.seed(edition.seed)
    with refereeing("tfimpl"), np.errstate(all="ignore"):
        result = edition.reference(copy.deepcopy(inputs))
    return edition.named(as_numpy(result))
