"""Hyperparameter search (course 2, week 3), TensorFlow twin: the same names, signatures, tables
and ranges as `scratch.tuning`, its scale arithmetic in TF ops (float64).

- Draws come from the course's NumPy stream, as in every twin (one seed, the same trials): the
  uniform numbers u in [0, 1) are the stream's own (the ones its `uniform(a, b)` scales, so
  a + (b - a) u is the scratch twin's r up to rounding), integers are the stream's `randint`;
  everything computed from them is TF:
      log              r = log10 low + (log10 high - log10 low) u,   alpha = tf.pow(10, r)
      log_one_minus    r between log10(1 - high) and log10(1 - low), beta = 1 - tf.pow(10, r)
      log10(x)         tf.math.log(x) / tf.math.log(10.0)
  so the twins' values differ by rounding only: a few ulp of r, amplified by d(10^r)/dr / 10^r =
  ln 10 in alpha's relative value (dlparity/cases/tuning.py bounds it).
- The search itself (calling `train`, sorting the table) is the same bookkeeping as scratch's;
  zoom's windows are computed with TF ops on the same scales.

Every public function `f` checks its arguments (conventions.tuning_checks) and delegates to `_f`.
"""

import math

import numpy as np
import tensorflow as tf

from conventions.tuning_checks import (
    check_fraction,
    check_metric,
    check_range,
    check_size,
    check_space,
    check_split,
    check_table,
    check_train,
)
from conventions.validation import check_matrix, check_positive_int, check_seed
from conventions.vocabulary import (
    BETA_RANGE,
    LEARNING_RATE_RANGE,
    TUNING_METRIC,
    TUNING_SHRINK,
    TUNING_TRIALS,
)

_LN10 = tf.math.log(tf.constant(10.0, tf.float64))


def _stream(seed):
    return np.random if seed is None else check_seed(seed)


def _shape(size):
    return () if size is None else (size,)


def _unit(stream, size):
    """The stream's uniform numbers in [0, 1) (those its uniform(a, b) scales), as a tensor."""
    draw = stream.random if isinstance(stream, np.random.Generator) else stream.random_sample
    return tf.constant(np.asarray(draw(_shape(size)), dtype=np.float64))


def _log10(x):
    return tf.math.log(tf.constant(x, tf.float64)) / _LN10


def _between(a, b, u):
    return a + (b - a) * u


# --- samplers ---------------------------------------------------------------------------------------
def sample_learning_rate(low=LEARNING_RATE_RANGE[0], high=LEARNING_RATE_RANGE[1], size=None,
                         seed=None):
    """alpha = tf.pow(10, r), r ~ U[log10 low, log10 high] (u from the NumPy stream)."""
    low, high = check_range("learning_rate", "log", low, high)
    return _sample_learning_rate(low, high, check_size(size), _stream(seed))


def _sample_learning_rate(low, high, size, stream):
    r = _between(_log10(low), _log10(high), _unit(stream, size))
    return tf.pow(tf.constant(10.0, tf.float64), r)


def sample_beta(low=BETA_RANGE[0], high=BETA_RANGE[1], size=None, seed=None):
    """beta = 1 - tf.pow(10, r), r ~ U[log10(1 - high), log10(1 - low)]."""
    low, high = check_range("beta", "log_one_minus", low, high)
    return _sample_beta(low, high, check_size(size), _stream(seed))


def _sample_beta(low, high, size, stream):
    r = _between(_log10(1 - high), _log10(1 - low), _unit(stream, size))
    return 1 - tf.pow(tf.constant(10.0, tf.float64), r)


def _sample_linear(low, high, size, stream):
    return _between(tf.constant(low, tf.float64), tf.constant(high, tf.float64),
                    _unit(stream, size))


def _sample_integer(low, high, size, stream):
    draw = stream.integers if isinstance(stream, np.random.Generator) else stream.randint
    return tf.constant(np.asarray(draw(low, high + 1, _shape(size)), dtype=np.int64))


def _sample(scale, low, high, size, stream):
    kernel = {"log": _sample_learning_rate, "log_one_minus": _sample_beta,
              "linear": _sample_linear, "integer": _sample_integer}[scale]
    return kernel(low, high, size, stream)


def sample_hyperparameters(space, n_trials, seed=None):
    """[{name: value, ...} x n_trials], each hyperparameter sampled on its scale."""
    return _sample_hyperparameters(check_space(space), check_positive_int("n_trials", n_trials),
                                   _stream(seed))


def _sample_hyperparameters(space, n_trials, stream):
    columns = {name: _sample(scale, low, high, n_trials, stream).numpy()
               for name, (scale, low, high) in space.items()}
    return [{name: column[k].item() for name, column in columns.items()} for k in range(n_trials)]


# --- train / dev split ------------------------------------------------------------------------------
def train_dev_split(X, Y, dev_fraction=0.2, seed=None):
    """(X_train, Y_train, X_dev, Y_dev) as tensors: the stream's permutation, tf.gather."""
    X_checked = check_matrix("X", X)
    Y_checked = check_matrix("Y", Y, cols=X_checked.shape[1])
    if X_checked.shape[1] < 2:
        raise ValueError(f"X: expected m >= 2 examples to split, got shape {X_checked.shape}")
    return _train_dev_split(tf.constant(X_checked), tf.constant(Y_checked),
                            check_fraction("dev_fraction", dev_fraction), _stream(seed))


def _train_dev_split(X, Y, dev_fraction, stream):
    m = int(X.shape[1])
    n_dev = min(max(int(round(m * dev_fraction)), 1), m - 1)
    permutation = tf.constant(stream.permutation(m), tf.int64)
    dev, train = permutation[:n_dev], permutation[n_dev:]
    return (tf.gather(X, train, axis=1), tf.gather(Y, train, axis=1), tf.gather(X, dev, axis=1),
            tf.gather(Y, dev, axis=1))


# --- search -----------------------------------------------------------------------------------------
def random_search(train, space, X_train, Y_train, X_dev, Y_dev, n_trials=TUNING_TRIALS, seed=None,
                  metric=TUNING_METRIC, progress=None):
    """The results table of n_trials random trials sorted by `metric` (largest first)."""
    train = check_train(train)
    split = check_split(X_train, Y_train, X_dev, Y_dev)
    return _random_search(train, check_space(space), split, check_positive_int("n_trials", n_trials),
                          _stream(seed), metric, progress, 0, (0, n_trials))


def _random_search(train, space, split, n_trials, stream, metric, progress, round_, counter):
    first, total = counter
    table = []
    for k, hyperparameters in enumerate(_sample_hyperparameters(space, n_trials, stream)):
        result = check_metric(dict(train(dict(hyperparameters), *split)), metric, first + k)
        table.append({"trial": first + k, "round": round_, **hyperparameters, **result})
        if progress is not None:
            progress(first + k + 1, total)
    return _sorted(table, metric)


def _sorted(table, metric):
    return sorted(table, key=lambda row: -float(row[metric]))         # stable: ties keep order


def _coordinate(scale, value):
    if scale == "log":
        return _log10(value)
    if scale == "log_one_minus":
        return _log10(1 - value)
    return tf.constant(float(value), tf.float64)


def _value(scale, r):
    if scale == "log":
        return tf.pow(tf.constant(10.0, tf.float64), r)
    if scale == "log_one_minus":
        return 1 - tf.pow(tf.constant(10.0, tf.float64), r)
    return r


def zoom(space, table, shrink=TUNING_SHRINK, metric=TUNING_METRIC):
    """The next, finer space: every range shrink x as wide on its scale (tf ops), around the best
    row and inside the old range."""
    space = check_space(space)
    table = check_table(table, space, metric)
    return _zoom(space, _sorted(table, metric)[0], check_fraction("shrink", shrink))


def _zoom(space, best, shrink):
    zoomed = {}
    for name, (scale, low, high) in space.items():
        ends = tf.sort(tf.stack([_coordinate(scale, low), _coordinate(scale, high)]))
        a, b = ends[0], ends[1]
        width = shrink * (b - a)
        centre = tf.clip_by_value(_coordinate(scale, best[name]), a, b)
        start = tf.clip_by_value(centre - width / 2, a, b - width)
        new = sorted(float(v) for v in (_value(scale, start), _value(scale, start + width)))
        if scale == "integer":
            new = [math.ceil(new[0] - 1e-9), math.floor(new[1] + 1e-9)]
            if new[0] > new[1]:
                new = [int(best[name])] * 2
        zoomed[name] = (scale, min(max(new[0], low), high), min(max(new[1], low), high))
    return zoomed


def coarse_to_fine(train, space, X_train, Y_train, X_dev, Y_dev, n_trials=TUNING_TRIALS, rounds=2,
                   shrink=TUNING_SHRINK, seed=None, metric=TUNING_METRIC, progress=None):
    """Random search, then `rounds - 1` zooms and searches; (table of all rounds, [spaces])."""
    train = check_train(train)
    split = check_split(X_train, Y_train, X_dev, Y_dev)
    n_trials = check_positive_int("n_trials", n_trials)
    return _coarse_to_fine(train, check_space(space), split, n_trials,
                           check_positive_int("rounds", rounds), check_fraction("shrink", shrink),
                           _stream(seed), metric, progress)


def _coarse_to_fine(train, space, split, n_trials, rounds, shrink, stream, metric, progress):
    table, spaces = [], [space]
    for round_ in range(rounds):
        if round_:
            spaces.append(_zoom(spaces[-1], table[0], shrink))
        table = _sorted(table + _random_search(train, spaces[-1], split, n_trials, stream, metric,
                                               progress, round_,
                                               (round_ * n_trials, rounds * n_trials)), metric)
    return table, spaces
