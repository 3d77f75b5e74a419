"""Parity cases for `losses`: the course's cross-entropy from probabilities and the stable one
from logits, their gradients, on random inputs and at the edges (|z| = 30, 800)."""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase


def _from_probabilities(rng, dtype):
    m = int(rng.integers(2, 60))                         # m >= 2: the "no 1/m" variants
    Z = inputs.normal(rng, (1, m), dtype, scale=3.0)     # A stays well inside (0, 1)
    return {"A": (1 / (1 + np.exp(-Z))).astype(dtype), "Y": inputs.labels(rng, m, dtype)}


def _from_logits(rng, dtype):
    m = int(rng.integers(1, 60))
    return {"Z": inputs.normal(rng, (1, m), dtype, scale=5.0), "Y": inputs.labels(rng, m, dtype)}


def _logits_edges(rng, dtype):
    Z = inputs.edge_matrix(dtype, rows=1)
    Z = np.concatenate([Z, Z], axis=1)                   # every edge value with Y = 0 and Y = 1
    Y = np.repeat(np.array([[0.0, 1.0]], dtype=dtype), Z.shape[1] // 2, axis=1)
    return {"Z": Z, "Y": Y}


def _m(i):
    return next(iter(i.values())).shape[1]


# --- deliberately wrong variants ----------------------------------------------------------------
def _cost_without_mean(A, Y):
    return np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))       # no 1/m


def _cost_backward_without_mean(A, Y):
    return -(Y / A - (1 - Y) / (1 - A))                                         # no 1/m


def _naive_from_logits(Z, Y):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        A = 1 / (1 + np.exp(-Z))                      # log(1 - A) cancels for Z >~ 30
        return np.squeeze(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def _logits_backward_sign(Z, Y):
    return (Y - 1 / (1 + np.exp(-Z))) / Z.shape[1]     # sign flipped


CASES = [
    ParityCase("losses.binary_cross_entropy", "forward", "losses", _from_probabilities,
               lambda m, i: m.binary_cross_entropy(i["A"], i["Y"]), kind="reduction",
               reduction=_m,
               mutants=(Mutant("no 1/m", "sum instead of mean", "binary_cross_entropy",
                               _cost_without_mean),)),
    ParityCase("losses.binary_cross_entropy_backward", "gradient", "losses", _from_probabilities,
               lambda m, i: m.binary_cross_entropy_backward(i["A"], i["Y"]),
               mutants=(Mutant("no 1/m", "gradient of the sum", "binary_cross_entropy_backward",
                               _cost_backward_without_mean),)),
    ParityCase("losses.binary_cross_entropy_from_logits", "forward", "losses", _from_logits,
               lambda m, i: m.binary_cross_entropy_from_logits(i["Z"], i["Y"]),
               kind="reduction", reduction=_m),
    ParityCase("losses.binary_cross_entropy_from_logits[edges]", "forward", "losses",
               _logits_edges, lambda m, i: m.binary_cross_entropy_from_logits(i["Z"], i["Y"]),
               kind="reduction", reduction=_m, randomized=False,
               mutants=(Mutant("naive", "the probability formula on sigmoid(Z)",
                               "binary_cross_entropy_from_logits", _naive_from_logits),)),
    ParityCase("losses.binary_cross_entropy_from_logits_backward", "gradient", "losses",
               _from_logits,
               lambda m, i: m.binary_cross_entropy_from_logits_backward(i["Z"], i["Y"]),
               mutants=(Mutant("sign", "Y - A instead of A - Y",
                               "binary_cross_entropy_from_logits_backward",
                               _logits_backward_sign),)),
    ParityCase("losses.binary_cross_entropy_from_logits_backward[edges]", "gradient", "losses",
               _logits_edges,
               lambda m, i: m.binary_cross_entropy_from_logits_backward(i["Z"], i["Y"]),
               randomized=False),
]
