"""Argument checks of the softmax networks (both twins' `softmax`, and the one-hot labels of the
TensorFlow tutorial's SIGNS network), built on the basic checks of conventions.validation. NumPy
only; every error names the argument, what was expected and what was given.

    check_class_labels(Y, C)                      Y: (1, m) class indices 0 ... C - 1 -> int64
    check_one_hot(name, Y, C, m, dtype)           Y: (C, m) one-hot columns
    check_probabilities(name, A, rows, cols)      A: (C, m) finite, within [0, 1]
"""

import numpy as np

from conventions.validation import check_matrix, check_positive_int


def check_class_labels(Y, C):
    """Y: (1, m) class indices 0 ... C - 1 (ints, or floats holding whole numbers). Returns them
    as int64 (1, m)."""
    C = check_positive_int("C", C)
    arr = np.asarray(Y)
    if arr.ndim != 2 or arr.shape[0] != 1:
        raise ValueError(f"Y: expected class indices of shape (1, m), got shape {arr.shape}")
    if arr.dtype.kind not in (
        "iuf"  # pragma: no mutate - no NumPy dtype has kind "X": "XXiufXX" alike
    ) or (arr.dtype.kind == "f" and not np.all(np.isfinite(arr))):
        raise TypeError(f"Y: expected integer class indices, got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and not np.all(arr == np.round(arr)):
        raise ValueError(f"Y: expected whole class indices, got {arr[arr != np.round(arr)][:3]}")
    outside = (arr < 0) | (arr >= C)
    if outside.any():
        raise ValueError(f"Y: expected class indices in 0 ... {C - 1} (C = {C}), got "
                         f"{np.unique(arr[outside])[:5].tolist()}")
    return arr.astype(np.int64)


def check_one_hot(name, Y, C=None, m=None, dtype=None):
    """Y: (C, m) one-hot columns (exactly one 1, the rest 0), of `dtype` when given."""
    arr = check_matrix(name, Y, rows=C, cols=m)
    if dtype is not None:
        arr = arr.astype(
            dtype,
            copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
        )
    if not (np.isin(arr, (0, 1)).all() and np.all(arr.sum(axis=0) == 1)):
        bad = int(np.argmax(~(np.isin(arr, (0, 1)).all(axis=0) & (arr.sum(axis=0) == 1))))
        raise ValueError(f"{name}: expected one-hot columns (one 1, the rest 0), column {bad} "
                         f"is {arr[:, bad].tolist()}")
    return arr


def check_probabilities(name, A, rows=None, cols=None):
    """A: (C, m) probabilities: finite, within [0, 1]."""
    arr = check_matrix(name, A, rows=rows, cols=cols)
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError(f"{name}: expected probabilities in [0, 1], got values from "
                         f"{float(arr.min())!r} to {float(arr.max())!r}")
    return arr
