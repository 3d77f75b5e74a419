"""Argument checks of the TensorFlow tutorial (`scratch.tf_tutorial`, `tfimpl.tf_tutorial`): the
scalar weight w, the coefficient array of the quadratic cost, the SIGNS network's inputs. Errors
name the argument, what was expected and what was given; the basic checks come from
conventions.validation.
"""

import numpy as np

from conventions.softmax_checks import check_one_hot
from conventions.validation import (
    FLOAT_DTYPES,
    check_float_dtype,
    check_matrix,
    check_network_parameters,
)


def check_w(w, dtype=None):
    """The scalar weight as a 0-d array: of `dtype` when given, else of w's own float dtype (a
    Python number or an integer: float32, the lecture's tf.Variable(0, dtype=tf.float32))."""
    given = np.asarray(getattr(w, "numpy", lambda: w)())
    if given.size != 1 or given.ndim > 1:
        raise ValueError(f"w: expected a scalar weight, got shape {given.shape}")
    if given.dtype.kind not in "biuf":
        raise TypeError(f"w: expected a number, got dtype {given.dtype}")
    if dtype is None:
        python_number = type(w) in (int, float)
        dtype = given.dtype if given.dtype in FLOAT_DTYPES and not python_number \
            else np.dtype(np.float32)
    dtype = check_float_dtype(dtype)
    value = given.reshape(()).astype(dtype)
    if not np.isfinite(value):
        raise ValueError(f"w: expected a finite number, got {given.reshape(()).item()!r}")
    return value


def check_coefficients(coefficients, dtype):
    """[c0, c1, c2] with c0 > 0 (a convex cost, which gradient descent minimises), finite; returned
    as a (3,) array of `dtype`."""
    c = np.asarray(getattr(coefficients, "numpy", lambda: coefficients)())
    if c.shape != (3,) or c.dtype.kind not in "biuf":
        raise ValueError(f"coefficients: expected 3 numbers [c0, c1, c2] of J = c0 w^2 + c1 w + "
                         f"c2, got {coefficients!r}")
    if not np.isfinite(c).all() or not c[0] > 0:
        raise ValueError(f"coefficients: expected finite numbers with c0 > 0 (a convex cost), "
                         f"got {c.tolist()}")
    return c.astype(dtype)


def check_signs_inputs(X, parameters, n_classes=None):
    """X: (n_x, m) of the parameters' dtype, parameters W1, b1, ..., W3, b3 chaining from n_x."""
    X = check_matrix("X", X)
    parameters, sizes = check_network_parameters(parameters)
    if len(sizes) != 4:
        raise ValueError(f"parameters: expected the tutorial's 3 layers W1 .. W3, got "
                         f"{len(sizes) - 1} layers")
    if X.shape[0] != sizes[0]:
        raise ValueError(f"X: expected {sizes[0]} rows (n_x of W1), got shape {X.shape}")
    if n_classes is not None and sizes[-1] != n_classes:
        raise ValueError(f"parameters: expected W3 with {n_classes} rows (classes), got "
                         f"{sizes[-1]}")
    if X.dtype != parameters["W1"].dtype:
        raise TypeError(f"X: expected the parameters' dtype {parameters['W1'].dtype}, got "
                        f"{X.dtype}")
    return X, parameters, sizes


def check_logits_labels(logits, labels):
    """logits: (C, m), labels: (C, m) one-hot of the logits' dtype."""
    logits = check_matrix("logits", logits)
    labels = check_one_hot("labels", labels, *logits.shape, dtype=logits.dtype)
    return logits, labels
