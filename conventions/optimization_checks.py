"""Argument checks of course 2's mini-batches and optimizers (both twins' `optimization`, and the
training loops' settings in conventions.minibatch_training), built on the basic checks of
conventions.validation. NumPy only; every error names the argument, what was expected and what was
given.

    check_non_negative_float(name, value)         a finite number >= 0 (an epsilon that may be 0)
    check_decay_rate(name, value)                 an averaging weight beta, 0 <= beta < 1
    check_mini_batch_inputs(X, Y, mini_batch_size)   X: (n_x, m), Y: (n_y, m), a positive size
    check_moments(name, moments, parameters)      v or s keyed like the grads (dW1, db1, ...)
    check_adam_step(t)                            Adam's update count, from 1
"""

import numpy as np

from conventions.validation import check_matrix, check_positive_int, check_same_dtype


def check_non_negative_float(name, value):
    """A finite number >= 0 (an epsilon that may be 0)."""
    if isinstance(value, bool) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a finite number >= 0, got {value!r}")
    return float(value)


def check_decay_rate(name, value):
    """An exponential-averaging weight beta with 0 <= beta < 1 (beta = 1 never forgets the start
    and makes the bias correction 1 / (1 - beta^t) divide by zero)."""
    if isinstance(value, bool) or not np.isfinite(value) or not 0 <= value < 1:
        raise ValueError(f"{name}: expected a number with 0 <= {name} < 1, got {value!r}")
    return float(value)


def check_mini_batch_inputs(X, Y, mini_batch_size):
    """X: (n_x, m), Y: (n_y, m) with the same m, mini_batch_size a positive int. Integer or bool
    labels take X's dtype (exact); float Y must have X's dtype."""
    X = check_matrix("X", X)
    integer_labels = np.asarray(Y).dtype.kind in (
        "biu"  # pragma: no mutate - no NumPy dtype has kind "X": "XXbiuXX" alike
    )
    Y = check_matrix("Y", Y, cols=X.shape[1])
    if integer_labels:
        Y = Y.astype(X.dtype)
    check_same_dtype(X=X, Y=Y)
    return X, Y, check_positive_int("mini_batch_size", mini_batch_size)


def check_moments(name, moments, parameters, non_negative=False):
    """An optimizer moment dict (v or s, keyed like the grads: dW1, db1, ...) whose every entry has
    its parameter's shape and dtype (non_negative: no entry < 0, as a second moment s of squares).
    Returns {"dW1": ..., ...} as NumPy arrays."""
    if not isinstance(moments, dict):
        raise TypeError(f"{name}: expected a dict keyed like the grads (dW1, db1, ...), got "
                        f"{type(moments).__name__}")
    checked = {}
    for key, value in parameters.items():
        grad = f"d{key}"
        if grad not in moments:
            raise KeyError(f"{name}: missing {grad!r} (has {sorted(moments)})")
        checked[grad] = check_matrix(f"{name}[{grad!r}]", moments[grad], *value.shape)
        check_same_dtype(**{f"{name}[{grad!r}]": checked[grad], f"parameters[{key!r}]": value})
        if non_negative and (checked[grad] < 0).any():
            raise ValueError(f"{name}[{grad!r}]: expected entries >= 0 (a mean of squares), got "
                             f"{checked[grad].min()!r}")
    extra = sorted(set(moments) - set(checked))
    if extra:
        raise KeyError(f"{name}: unexpected {extra} (expected the grads' keys {list(checked)})")
    return checked


def check_adam_step(t):
    """t: the number of this update, counted from 1 (the course increments t before it)."""
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t: expected a positive integer, the number of this update counted from "
                         f"1 (the course sets t = t + 1 before each Adam update), got {t!r}")
    return int(t)
