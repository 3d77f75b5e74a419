"""Argument checks of the hyperparameter search (`scratch.tuning`, `tfimpl.tuning`): the search
space, a sampling range on its scale, the train function, a results table. Every error names the
argument, what was expected and what was given; the basic checks come from conventions.validation.

A search space is a dict {name: (scale, low, high)} with scale one of vocabulary.TUNING_SCALES:
    "log"            0 < low < high          (a learning rate: r ~ U[log10 low, log10 high])
    "log_one_minus"  0 <= low < high < 1     (an averaging weight beta, sampled through 1 - beta)
    "linear"         low < high, finite      (uniform on [low, high])
    "integer"        integers low <= high    (uniform on {low, ..., high}: a number of units)
"""

import numpy as np

from conventions.validation import check_matrix, check_positive_int
from conventions.vocabulary import TUNING_SCALES


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value!r}")
    return value


def check_range(name, scale, low, high):
    """(low, high) valid on `scale` (see the module's docstring); returns them as Python numbers."""
    if scale not in TUNING_SCALES:
        raise ValueError(f"{name}: expected a scale in {list(TUNING_SCALES)}, got {scale!r}")
    low, high = _number(f"{name} low", low), _number(f"{name} high", high)
    if scale == "integer":
        if int(low) != low or int(high) != high or low > high:
            raise ValueError(f"{name}: expected integers low <= high on the integer scale, "
                             f"got ({low!r}, {high!r})")
        return int(low), int(high)
    low, high = float(low), float(high)
    if not low < high:
        raise ValueError(f"{name}: expected low < high, got ({low!r}, {high!r})")
    if scale == "log" and low <= 0:
        raise ValueError(f"{name}: the log scale needs 0 < low < high (r = log10 of them), "
                         f"got ({low!r}, {high!r})")
    if scale == "log_one_minus" and not (0 <= low and high < 1):
        raise ValueError(f"{name}: the log_one_minus scale needs 0 <= low < high < 1 "
                         f"(r = log10(1 - beta)), got ({low!r}, {high!r})")
    return low, high


def check_space(space):
    """{name: (scale, low, high)} with at least one entry; returns a checked copy, in order."""
    if not isinstance(space, dict) or not space:
        raise ValueError(f"space: expected a non-empty dict {{name: (scale, low, high)}}, "
                         f"got {space!r}")
    checked = {}
    for name, entry in space.items():
        if not isinstance(name, str):
            raise ValueError(f"space: expected hyperparameter names as strings, got {name!r}")
        if not isinstance(entry, (tuple, list)) or len(entry) != 3:
            raise ValueError(f"space[{name!r}]: expected (scale, low, high), got {entry!r}")
        scale = entry[0]
        checked[name] = (scale, *check_range(f"space[{name!r}]", scale, entry[1], entry[2]))
    return checked


def check_size(size):
    """None (one number) or a positive int (that many)."""
    return None if size is None else check_positive_int("size", size)


def check_train(train):
    if not callable(train):
        raise TypeError(f"train: expected a callable train(hyperparameters, X_train, Y_train, "
                        f"X_dev, Y_dev) -> dict of metrics, got {train!r}")
    return train


def check_split(X_train, Y_train, X_dev, Y_dev):
    """Examples in columns, the same number of rows in train and dev, m >= 1 in each."""
    X_train, X_dev = check_matrix("X_train", X_train), check_matrix("X_dev", X_dev)
    Y_train = check_matrix("Y_train", Y_train, cols=X_train.shape[1])
    Y_dev = check_matrix("Y_dev", Y_dev, cols=X_dev.shape[1])
    if X_dev.shape[0] != X_train.shape[0]:
        raise ValueError(f"X_dev: expected {X_train.shape[0]} rows like X_train, got shape "
                         f"{X_dev.shape}")
    return X_train, Y_train, X_dev, Y_dev


def check_fraction(name, value):
    if isinstance(value, bool) or not np.isfinite(value) or not 0 < value < 1:
        raise ValueError(f"{name}: expected a number with 0 < {name} < 1, got {value!r}")
    return float(value)


def check_metric(result, metric, trial):
    """train's result: a dict holding a finite number under `metric`."""
    if not isinstance(result, dict) or metric not in result:
        raise ValueError(f"train: expected a dict with the key {metric!r} (trial {trial}), "
                         f"got {result!r}")
    value = result[metric]
    if isinstance(value, bool) or not np.isfinite(float(value)):
        raise ValueError(f"train: {metric!r} must be a finite number (trial {trial}), "
                         f"got {value!r}")
    return result


def check_table(table, space, metric):
    """A results table: a non-empty list of dicts holding every hyperparameter and `metric`."""
    if not isinstance(table, list) or not table:
        raise ValueError(f"table: expected a non-empty list of result rows, got {table!r}")
    for k, row in enumerate(table):
        missing = [key for key in (*space, metric) if key not in row]
        if missing:
            raise ValueError(f"table[{k}]: expected the keys {missing} (hyperparameters and "
                             f"{metric!r}), got {sorted(row)}")
    return table
