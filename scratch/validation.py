"""Input checks shared by both twins: every error names the argument, what was expected
and what was given.

The course's layout is assumed throughout: examples in columns, X: (n_x, m), Y: (1, m).
These helpers are NumPy-only; `tfimpl` calls them on its inputs before converting to tensors.
"""

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def as_float_array(name, a):
    """Return `a` as a float32/float64 ndarray (ints and bools become float64)."""
    arr = np.asarray(a)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{name}: expected a float32 or float64 array, got dtype {arr.dtype}")
    return arr


def check_matrix(name, a, rows=None, cols=None, finite=True):
    """Check that `a` is a 2-D float array, optionally with a given number of rows/columns.

    A rank-1 array is refused: the course's shapes are (n, m) or (n, 1), never (n,).
    """
    arr = as_float_array(name, a)
    if arr.ndim != 2:
        hint = f" (reshape to ({arr.shape[0]}, 1) or (1, {arr.shape[0]}))" if arr.ndim == 1 else ""
        raise ValueError(f"{name}: expected a 2-D array, got shape {arr.shape}{hint}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name}: expected {rows} rows, got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name}: expected {cols} columns, got shape {arr.shape}")
    if finite:
        check_finite(name, arr)
    return arr


def check_finite(name, a):
    """Refuse NaN and +/-inf, reporting how many and where the first one is."""
    arr = np.asarray(a)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name}: expected finite values, got {int(bad.sum())} NaN/inf "
            f"(first at index {first}: {arr[first]})"
        )
    return arr


def check_labels(name, Y, m=None, classes=(0, 1)):
    """Check Y: (1, m) holding only the values in `classes` (default {0, 1})."""
    arr = check_matrix(name, Y, rows=1, cols=m)
    outside = ~np.isin(arr, classes)
    if outside.any():
        bad = np.unique(arr[outside])[:5]
        raise ValueError(f"{name}: expected labels in {set(classes)}, got values {bad.tolist()}")
    return arr


def check_same_dtype(**arrays):
    """Refuse mixing float32 and float64 arrays in one call (it would silently upcast)."""
    dtypes = {name: np.asarray(a).dtype for name, a in arrays.items()}
    if len(set(dtypes.values())) > 1:
        listing = ", ".join(f"{n}: {d}" for n, d in dtypes.items())
        raise TypeError(f"expected one float dtype for all arrays, got {listing}")


def check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def check_non_negative_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name}: expected a non-negative integer, got {value!r}")
    return int(value)


def check_positive_float(name, value):
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


def check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name}: expected one of {sorted(choices)}, got {value!r}")
    return value


def check_logistic_inputs(w, b, X, Y=None):
    """Logistic regression's inputs: X: (n_x, m), w: (n_x, 1), b a scalar, Y: (1, m) in {0, 1}.

    Returns NumPy (w, b as a 0-d array, X, Y cast to X's dtype or None).
    """
    X = check_matrix("X", X)
    w = check_matrix("w", w, rows=X.shape[0], cols=1)
    b = np.asarray(b, dtype=w.dtype)
    if b.size != 1:
        raise ValueError(f"b: expected a scalar, got shape {b.shape}")
    check_same_dtype(w=w, X=X)
    if Y is not None:
        Y = check_labels("Y", Y, m=X.shape[1]).astype(X.dtype, copy=False)
    return w, b.reshape(()), X, Y
