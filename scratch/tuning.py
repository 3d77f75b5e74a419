"""Hyperparameter search (course 2, week 3, "Hyperparameter tuning"), NumPy twin.

Random search, not grid: with n trials a grid tries only n^(1/k) values of each of k
hyperparameters, random points try n values of each. Each hyperparameter is sampled on the scale
that spreads the trials evenly over what matters (a search space is {name: (scale, low, high)},
conventions/tuning_checks.py):

    log              r ~ U[log10 low, log10 high],           alpha = 10^r
                     (a learning rate in [1e-4, 1]: as many trials in [1e-4, 1e-3] as in [0.1, 1])
    log_one_minus    r ~ U[log10(1 - high), log10(1 - low)], beta = 1 - 10^r
                     (beta in [0.9, 0.999]: 1 / (1 - beta), the number of values averaged, is
                     what beta changes, and it is sensitive near 1)
    linear           U[low, high]
    integer          uniform on {low, ..., high}

    sample_learning_rate(low, high, size, seed)   alphas on the log scale: (size,) or a 0-d array
    sample_beta(low, high, size, seed)            betas through 1 - beta
    sample_hyperparameters(space, n_trials, seed) n_trials dicts; per hyperparameter, in the
                                                  space's order, n_trials numbers from one stream
    train_dev_split(X, Y, dev_fraction, seed)     the columns shuffled by one permutation, the
                                                  first round(m * dev_fraction) the dev set
    random_search(train, space, X_train, Y_train, X_dev, Y_dev, n_trials, seed, metric, progress)
        train(hyperparameters, X_train, Y_train, X_dev, Y_dev) -> {metric: number, ...} for each
        sampled trial; the table: one row {"trial", "round", <hyperparameters>, <train's
        metrics>} per trial, sorted by `metric`, best (largest) first; ties in trial order
    zoom(space, table, shrink, metric)            coarse to fine: every range replaced by a window
        of shrink x its width on its own scale (r for log and log_one_minus), centred on the best
        row's value and shifted to lie inside the old range (which holds the best value): ranges
        nest and narrow by `shrink` per round
    coarse_to_fine(train, space, ..., rounds, shrink, ...)   random search, zoom, search again,
        ... `rounds` times from one stream; (the table of every round sorted, [spaces searched])

Draws: seed=int draws from np.random.RandomState(seed) (the numbers np.random.seed(seed) gives,
NumPy's global state untouched), seed=None from the global stream, a RandomState or Generator as
given. The same seed gives the same trials, table and zoomed ranges.

Every public function `f` checks its arguments (conventions.tuning_checks) and delegates to its
kernel `_f`; kernels call kernels through this module's globals (`_sample_learning_rate`,
`_sample_beta`, `_zoom`, ...), so a wrong variant installed by name is seen everywhere.
"""

import math

import numpy as np

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


def _stream(seed):
    return np.random if seed is None else check_seed(seed)


def _shape(size):
    return () if size is None else (size,)


# --- samplers ---------------------------------------------------------------------------------------
def sample_learning_rate(low=LEARNING_RATE_RANGE[0], high=LEARNING_RATE_RANGE[1], size=None,
                         seed=None):
    """alpha = 10^r, r ~ U[log10 low, log10 high]: (size,) float64, or a 0-d array for size None."""
    low, high = check_range("learning_rate", "log", low, high)
    return _sample_learning_rate(low, high, check_size(size), _stream(seed))


def _sample_learning_rate(low, high, size, stream):
    r = stream.uniform(math.log10(low), math.log10(high), _shape(size))
    return np.power(10.0, r)


def sample_beta(low=BETA_RANGE[0], high=BETA_RANGE[1], size=None, seed=None):
    """beta = 1 - 10^r, r ~ U[log10(1 - high), log10(1 - low)]: (size,) float64 or 0-d."""
    low, high = check_range("beta", "log_one_minus", low, high)
    return _sample_beta(low, high, check_size(size), _stream(seed))


def _sample_beta(low, high, size, stream):
    r = stream.uniform(math.log10(1 - high), math.log10(1 - low), _shape(size))
    return 1 - np.power(10.0, r)


def _sample_linear(low, high, size, stream):
    return stream.uniform(low, high, _shape(size))


def _sample_integer(low, high, size, stream):
    draw = stream.integers if isinstance(stream, np.random.Generator) else stream.randint
    return np.asarray(draw(low, high + 1, _shape(size)),
                      dtype=np.int64,  # pragma: no mutate - int64 already here; .item() reads an int
                      )


def _sample(scale, low, high, size, stream):
    kernel = {"log": _sample_learning_rate, "log_one_minus": _sample_beta,
              "linear": _sample_linear, "integer": _sample_integer}[scale]
    return kernel(low, high, size, stream)


def sample_hyperparameters(space, n_trials, seed=None):
    """[{name: value, ...} x n_trials]: each hyperparameter of `space` sampled on its scale (random
    search: every trial a new value of every hyperparameter)."""
    return _sample_hyperparameters(check_space(space), check_positive_int("n_trials", n_trials),
                                   _stream(seed))


def _sample_hyperparameters(space, n_trials, stream):
    columns = {name: _sample(scale, low, high, n_trials, stream)
               for name, (scale, low, high) in space.items()}
    return [{name: column[k].item() for name, column in columns.items()} for k in range(n_trials)]


# --- train / dev split ------------------------------------------------------------------------------
def train_dev_split(X, Y, dev_fraction=0.2, seed=None):
    """(X_train, Y_train, X_dev, Y_dev): columns permuted once, the first round(m * dev_fraction)
    (at least 1, at most m - 1) to dev. X: (n_x, m), Y: (n_y, m), m >= 2."""
    X = check_matrix("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    if X.shape[1] < 2:
        raise ValueError(f"X: expected m >= 2 examples to split, got shape {X.shape}")
    return _train_dev_split(X, Y, check_fraction("dev_fraction", dev_fraction), _stream(seed))


def _train_dev_split(X, Y, dev_fraction, stream):
    m = X.shape[1]
    n_dev = min(max(int(round(m * dev_fraction)), 1), m - 1)
    permutation = stream.permutation(m)
    dev, train = permutation[:n_dev], permutation[n_dev:]
    return X[:, train], Y[:, train], X[:, dev], Y[:, dev]


# --- search -----------------------------------------------------------------------------------------
def random_search(train, space, X_train, Y_train, X_dev, Y_dev, n_trials=TUNING_TRIALS, seed=None,
                  metric=TUNING_METRIC, progress=None):
    """The results table of n_trials random trials, sorted by `metric` (largest first).

    train(hyperparameters, X_train, Y_train, X_dev, Y_dev) -> dict with a finite `metric`;
    progress(done, total) after each trial (None: silent)."""
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
    """A value on its sampling scale: r = log10 alpha, log10(1 - beta), or the value itself."""
    if scale == "log":
        return math.log10(value)
    if scale == "log_one_minus":
        return math.log10(1 - value)
    return float(value)


def _value(scale, r):
    if scale == "log":
        return 10.0 ** r
    if scale == "log_one_minus":
        return 1 - 10.0 ** r
    return r


def zoom(space, table, shrink=TUNING_SHRINK, metric=TUNING_METRIC):
    """The next, finer space: every range shrink x as wide on its scale, around the best row
    (table[0] after sorting by `metric`) and inside the old range."""
    space = check_space(space)
    table = check_table(table, space, metric)
    return _zoom(space, _sorted(table, metric)[0], check_fraction("shrink", shrink))


def _zoom(space, best, shrink):
    zoomed = {}
    for name, (scale, low, high) in space.items():
        a, b = sorted((_coordinate(scale, low), _coordinate(scale, high)))
        width = shrink * (b - a)
        centre = min(max(_coordinate(scale, best[name]), a), b)
        start = min(max(centre - width / 2, a), b - width)
        new = sorted((_value(scale, start), _value(scale, start + width)))
        if scale == "integer":
            new = [math.ceil(new[0] - 1e-9), math.floor(new[1] + 1e-9)]
            if new[0] > new[1]:                        # narrower than one integer: the best one
                new = [int(best[name]), int(best[name])]
        zoomed[name] = (scale, min(max(new[0], low), high), min(max(new[1], low), high))
    return zoomed


def coarse_to_fine(train, space, X_train, Y_train, X_dev, Y_dev, n_trials=TUNING_TRIALS, rounds=2,
                   shrink=TUNING_SHRINK, seed=None, metric=TUNING_METRIC, progress=None):
    """Random search, then `rounds - 1` times: zoom around the best row so far and search again
    with n_trials new trials. Returns (table of all rounds sorted by `metric`, [space of each
    round])."""
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
