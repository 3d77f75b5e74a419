"""The parts of an assignment table: Edition (one way the course calls a function) and Task (one
function of an assignment), and the small helpers every table's input builders share."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Edition:
    label: str                      # said in the output: which edition the file matched
    params: tuple                   # the parameter names of the course's signature
    call: Callable[[Callable, dict], Any]
    reference: Callable[[dict], Any]
    named: Callable[[Any], dict] = lambda result: {"value": result}
    seed: int | None = None         # np.random.seed(seed) before each side is called


@dataclass(frozen=True)
class Task:
    name: str
    inputs: Callable[[np.dtype], dict]
    editions: tuple
    kind: str = "reduction"         # tolerance kind (dlparity.tolerances), or "exact"
    reduction: Callable[[dict], int] = lambda i: 1
    steps: int = 1
    extended: bool = False
    note: str = ""
    sizes: dict = field(default_factory=dict)


def _rng(seed=0):
    return np.random.default_rng(seed)


def _labels(rng, m, dtype):
    Y = rng.integers(0, 2, size=(1, m)).astype(dtype)
    Y[0, :2] = (0, 1)                       # both classes present
    return Y


def _copy(d):
    return {k: np.array(v, copy=True) for k, v in d.items()}
