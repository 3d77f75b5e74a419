"""Parity cases for `tuning` (course 2, week 3, hyperparameter search): the samplers, the sampled
trials, zoom's coarse-to-fine windows, a random search and a coarse-to-fine search over a train
function with a known optimum — the twins draw from the same NumPy stream, so one seed gives both
the same trials; the TF twin maps them with tf.pow / tf.math.log.

Inputs: ranges with random ends (log10 low in [-6, -1], two to five decades wide; beta's 1 - beta
between 1e-4 and 0.3), 1 to 64 trials, seeds drawn. Only Python numbers enter, so conditioning
nudges nothing. float64 only: the samplers return float64 whatever the network's dtype.

Tolerance ("reduction" with n = ceil((ln 10 * r_max)^2), r_max the largest |exponent|): each twin
rounds the exponent r = log10 a + (log10 b - log10 a) u to a few ulp of r_max, and 10^r turns an
absolute error dr into a relative error ln 10 * dr, so the twins' values differ by
~ln 10 * r_max ulp x the table's 16: sqrt(n) = ln 10 * r_max is that factor. Measured: 10.6 ulp on
[1e-4, 1] (r_max 4, bound 147 ulp). beta = 1 - 10^r is far better conditioned (10^r <= 0.3).

Wrong variants: a learning rate drawn uniformly in [a, b] (90 % of the trials in the top decade)
instead of on the log scale; beta drawn uniformly instead of through 1 - beta; zoom centred on the
WORST row (a table sorted the wrong way round); zoom's window taken on alpha's linear scale.
"""

import math

import numpy as np

from dlparity.cases import Mutant, ParityCase
from scratch import tuning as scratch_tuning

COURSE_ZOOM = scratch_tuning._zoom          # the right kernel, for the variant built on it

LN10 = math.log(10.0)


def _ranges(rng):
    lr_low = 10.0 ** rng.uniform(-6, -1)
    lr_high = lr_low * 10.0 ** rng.uniform(2, 5)
    one_minus_high = 10.0 ** rng.uniform(-4, -2)               # 1 - beta_high in [1e-4, 1e-2]
    one_minus_low = one_minus_high * 10.0 ** rng.uniform(0.5, 1.5)
    return (lr_low, lr_high), (1 - min(one_minus_low, 0.3), 1 - one_minus_high)


def _space(rng):
    (a, b), (c, d) = _ranges(rng)
    return {"learning_rate": ("log", a, b), "beta1": ("log_one_minus", c, d),
            "n_h": ("integer", 1, int(rng.integers(1, 12))),
            "keep_prob": ("linear", 0.5, 1.0)}


def _r_max(space):
    r = [abs(math.log10(v)) for scale, low, high in space.values() if scale == "log"
         for v in (low, high)]
    r += [abs(math.log10(1 - v)) for scale, low, high in space.values()
          if scale == "log_one_minus" for v in (low, high)]
    return max(r + [1.0])


def _reduction(i):
    return math.ceil((LN10 * _r_max(i["space"])) ** 2)


def _inputs(rng, dtype):
    space = _space(rng)
    return {"space": space, "n_trials": int(rng.integers(1, 65)), "seed": int(rng.integers(2**31))}


def _optimum(space):
    """A point inside the space (the geometric centre of a log range)."""
    return {name: (low * high) ** 0.5 if scale == "log"
            else 1 - ((1 - low) * (1 - high)) ** 0.5 if scale == "log_one_minus"
            else (low + high) / 2 for name, (scale, low, high) in space.items()}


def _search_inputs(rng, dtype):
    i = _inputs(rng, dtype)
    i["n_trials"] = int(rng.integers(2, 17))
    m = int(rng.integers(4, 10))
    i["split"] = [rng.standard_normal((2, m)), np.ones((1, m)), rng.standard_normal((2, 3)),
                  np.zeros((1, 3))]
    return i


def _train_for(space):
    """A train function whose dev_accuracy is a product of factors each of relative condition <= 1
    in its hyperparameter, so the twins' metrics differ by no more than their sampled values do
    (a distance to an optimum, 1 - sum (r - r*)^2, cancels near the optimum and would not be):
        2 alpha c / (alpha^2 + c^2)   (one maximum, at alpha = c, the log range's centre),
        beta, keep_prob               (monotone),   1 / (1 + |n_h - 3|)   (exact).
    Plus train's own metric, the number of training examples."""
    centre = _optimum(space)

    def factor(name, value):
        scale = space[name][0]
        if scale == "log":
            c = centre[name]
            return 2 * value * c / (value * value + c * c)
        return 1 / (1 + abs(value - 3)) if scale == "integer" else value

    def train(h, X_train, Y_train, X_dev, Y_dev):
        accuracy = 1.0
        for name, value in h.items():
            accuracy *= factor(name, value)
        return {"dev_accuracy": accuracy, "train_examples": X_train.shape[1]}
    return train


def _zoom_inputs(rng, dtype):
    i = _inputs(rng, dtype)
    trials = _search_table(i["space"], rng)
    return {**i, "table": trials}


def _search_table(space, rng):
    rows = scratch_tuning.sample_hyperparameters(space, 6, seed=int(rng.integers(2**31)))
    return [{**row, "dev_accuracy": float(rng.uniform())} for row in rows]


# --- calls ------------------------------------------------------------------------------------------
def _search(m, i):
    return m.random_search(_train_for(i["space"]), i["space"], *i["split"], n_trials=i["n_trials"],
                           seed=i["seed"])


def _coarse_to_fine(m, i):
    return m.coarse_to_fine(_train_for(i["space"]), i["space"], *i["split"],
                            n_trials=i["n_trials"], rounds=3, seed=i["seed"])


# --- deliberately wrong kernels (installed by name on scratch.tuning) --------------------------------
def _uniform_learning_rate(low, high, size, stream):
    return stream.uniform(low, high, () if size is None else (size,))


def _linear_beta(low, high, size, stream):
    return stream.uniform(low, high, () if size is None else (size,))


def _sorted_ascending(table, metric):
    return sorted(table, key=lambda row: float(row[metric]))


def _zoom_linear(space, best, shrink):
    zoomed = dict(COURSE_ZOOM(space, best, shrink))
    for name, (scale, low, high) in space.items():
        if scale == "log":                                # the window on alpha itself
            width = shrink * (high - low)
            start = min(max(best[name] - width / 2, low), high - width)
            zoomed[name] = (scale, start, start + width)
    return zoomed


M = Mutant
UNIFORM_ALPHA = M("uniform alpha", "alpha ~ U[a, b] instead of 10^U[log10 a, log10 b]",
                  "_sample_learning_rate", _uniform_learning_rate)
LINEAR_BETA = M("linear beta", "beta ~ U[low, high] instead of 1 - 10^r", "_sample_beta",
                _linear_beta)
WORST_FIRST = M("worst first", "the table sorted smallest metric first (zoom on the worst)",
                "_sorted", _sorted_ascending)

def _notes(rng, dtype):
    """The notes' ranges: alpha in [1e-4, 1], beta in [0.9, 0.999]; 1000 trials from seed 0."""
    return {"space": {"learning_rate": ("log", 1e-4, 1.0), "beta1": ("log_one_minus", 0.9, 0.999)},
            "n_trials": 1000, "seed": 0}


CASES = [
    ParityCase("tuning.sample_hyperparameters[notes]", "forward", "tuning", _notes,
               lambda m, i: m.sample_hyperparameters(i["space"], i["n_trials"], seed=i["seed"]),
               kind="reduction", reduction=_reduction, dtypes=("float64",), randomized=False,
               note="the notes' ranges, 1000 trials", mutants=(UNIFORM_ALPHA, LINEAR_BETA)),
    ParityCase("tuning.sample_learning_rate", "forward", "tuning", _inputs,
               lambda m, i: m.sample_learning_rate(*i["space"]["learning_rate"][1:],
                                                   size=i["n_trials"], seed=i["seed"]),
               kind="reduction", reduction=_reduction, dtypes=("float64",),
               note="r from the NumPy stream; scratch 10**r, tfimpl tf.pow(10, r)",
               mutants=(UNIFORM_ALPHA,)),
    ParityCase("tuning.sample_beta", "forward", "tuning", _inputs,
               lambda m, i: m.sample_beta(*i["space"]["beta1"][1:], size=i["n_trials"],
                                          seed=i["seed"]),
               kind="reduction", reduction=_reduction, dtypes=("float64",),
               note="beta = 1 - 10^r, r in [log10(1 - high), log10(1 - low)]",
               mutants=(LINEAR_BETA,)),
    ParityCase("tuning.sample_hyperparameters", "forward", "tuning", _inputs,
               lambda m, i: m.sample_hyperparameters(i["space"], i["n_trials"], seed=i["seed"]),
               kind="reduction", reduction=_reduction, dtypes=("float64",),
               note="log, log_one_minus, integer and linear scales from one stream",
               mutants=(UNIFORM_ALPHA, LINEAR_BETA)),
    ParityCase("tuning.zoom", "forward", "tuning", _zoom_inputs,
               lambda m, i: m.zoom(i["space"], i["table"]), kind="reduction",
               reduction=_reduction, dtypes=("float64",),
               note="half the width on each scale, around the best row, inside the old range",
               mutants=(WORST_FIRST, M("linear window", "alpha's window on the linear scale",
                                       "_zoom", _zoom_linear))),
    ParityCase("tuning.random_search", "forward", "tuning", _search_inputs, _search,
               kind="reduction", reduction=_reduction, dtypes=("float64",),
               note="train: a smooth metric with one maximum; the table sorted by dev_accuracy",
               mutants=(UNIFORM_ALPHA, WORST_FIRST)),
    ParityCase("tuning.coarse_to_fine", "forward", "tuning", _search_inputs, _coarse_to_fine,
               kind="reduction", reduction=_reduction, dtypes=("float64",),
               note="3 rounds: search, zoom, search, zoom, search",
               mutants=(LINEAR_BETA, WORST_FIRST)),
]
