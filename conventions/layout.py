"""Course layout <-> Keras layout: the one place where transposes live.

Course (the notes' NumPy):  X: (n_x, m) examples in columns, W[l]: (n_l, n_{l-1}), b[l]: (n_l, 1).
Keras:                      X: (m, n_x) examples in rows,    kernel: (n_{l-1}, n_l), bias: (n_l,).

Every conversion is a transpose or a reshape, so it is exact (bit for bit) both ways. Image sets
(m, 64, 64, 3) become X: (12288, m) for the course and x: (m, 12288) for Keras, class indices
one-hot Y: (C, m) and y: (m, C) (the SIGNS network of the TensorFlow tutorial).

Names follow one rule table. A course name is `[prefix]BASE[l]` where BASE is a parameter kind
(W, b, gamma, beta, ...) and the optional prefix marks something with the same layout as that
parameter: its gradient `dW2`, the optimizer's moments `v_dW2`/`s_dW2`, and so on. So optimizer
state, batch-norm parameters and running statistics all convert with the rule of their base.
"""

import re

import numpy as np

# BASE -> rule. "transpose": (n_l, n_{l-1}) <-> (n_{l-1}, n_l); "column": (n_l, 1) <-> (n_l,).
LAYOUT_RULES = {
    "W": "transpose",
    "b": "column",
    "gamma": "column",
    "beta": "column",
    "running_mean": "column",
    "running_var": "column",
}

_NAME = re.compile(r"^(?P<prefix>(?:[vs]_)?d?)(?P<base>" + "|".join(
    sorted(LAYOUT_RULES, key=len, reverse=True)) + r")(?P<layer>\d+)$")


def parse_name(name):
    """Split a course name into (prefix, base, layer): 'v_dW3' -> ('v_d', 'W', 3)."""
    match = _NAME.match(name)
    if match is None:
        raise KeyError(
            f"name {name!r} is not a course parameter name "
            f"(expected [d|v_d|s_d]{{{', '.join(LAYOUT_RULES)}}}<layer>, e.g. 'W1', 'db2')"
        )
    return match["prefix"], match["base"], int(match["layer"])


def to_keras_layout(name, array):
    """Course array -> Keras array for the named tensor (W: transpose; b, gamma, ...: ravel)."""
    rule = LAYOUT_RULES[parse_name(name)[1]]
    array = np.asarray(array)
    if rule == "transpose":
        return np.ascontiguousarray(array.T)
    if array.ndim != 2 or array.shape[1] != 1:
        raise ValueError(f"{name}: expected a column of shape (n, 1), got shape {array.shape}")
    return array.reshape(-1).copy()


def from_keras_layout(name, array):
    """Keras array -> course array for the named tensor; the inverse of `to_keras_layout`."""
    rule = LAYOUT_RULES[parse_name(name)[1]]
    array = np.asarray(array)
    if rule == "transpose":
        return np.ascontiguousarray(array.T)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a vector of shape (n,), got shape {array.shape}")
    return array.reshape(-1, 1).copy()


def examples_to_rows(X):
    """Course X: (n_x, m) -> Keras x: (m, n_x)."""
    return np.ascontiguousarray(np.asarray(X).T)


def examples_to_columns(x):
    """Keras x: (m, n_x) -> course X: (n_x, m)."""
    return np.ascontiguousarray(np.asarray(x).T)


def num_layers(parameters):
    """L for a dict W1, b1, ..., WL, bL (checks that the numbering has no gaps)."""
    layers = sorted(parse_name(k)[2] for k in parameters if parse_name(k)[1] == "W")
    if layers != list(range(1, len(layers) + 1)):
        raise KeyError(f"parameters: expected W1..WL without gaps, got keys {sorted(parameters)}")
    return len(layers)


def layer_sizes(parameters):
    """[n_0, n_1, ..., n_L] read off W1..WL (and checked against b1..bL)."""
    L = num_layers(parameters)
    sizes = [parameters["W1"].shape[1]]
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if W.ndim != 2 or W.shape[1] != sizes[-1]:
            raise ValueError(
                f"W{l}: expected shape (n_{l}, {sizes[-1]}) to follow layer {l - 1}, got {W.shape}"
            )
        if b.shape != (W.shape[0], 1):
            raise ValueError(f"b{l}: expected shape {(W.shape[0], 1)}, got {b.shape}")
        sizes.append(W.shape[0])
    return sizes


def parameters_to_keras_weights(parameters):
    """{W1, b1, ..., WL, bL} -> [kernel1, bias1, ..., kernelL, biasL] (Keras `set_weights` order)."""
    weights = []
    for l in range(1, num_layers(parameters) + 1):
        weights.append(to_keras_layout(f"W{l}", parameters[f"W{l}"]))
        weights.append(to_keras_layout(f"b{l}", parameters[f"b{l}"]))
    return weights


def parameters_from_keras_weights(weights):
    """[kernel1, bias1, ...] (Keras `get_weights` order) -> {W1, b1, ...}."""
    if len(weights) % 2:
        raise ValueError(f"weights: expected kernel/bias pairs, got {len(weights)} arrays")
    parameters = {}
    for i in range(0, len(weights), 2):
        l = i // 2 + 1
        parameters[f"W{l}"] = from_keras_layout(f"W{l}", weights[i])
        parameters[f"b{l}"] = from_keras_layout(f"b{l}", weights[i + 1])
    return parameters


def logistic_to_parameters(w, b):
    """Logistic regression's (w: (n_x, 1), b: scalar) as a one-layer dict {W1: (1, n_x), b1: (1, 1)}."""
    w = np.asarray(w)
    return {"W1": np.ascontiguousarray(w.T), "b1": np.asarray(b, dtype=w.dtype).reshape(1, 1)}


def logistic_from_parameters(parameters):
    """Inverse of `logistic_to_parameters`: (w: (n_x, 1), b: 0-d array)."""
    W1, b1 = parameters["W1"], parameters["b1"]
    if W1.shape[0] != 1:
        raise ValueError(f"W1: logistic regression has one output unit, got shape {W1.shape}")
    return np.ascontiguousarray(W1.T), b1.reshape(())


# --- image sets and class labels (the SIGNS network): course columns <-> Keras rows ---------------
def images_to_columns(x_orig, dtype=np.float64):
    """(m, h, w, c) uint8 images -> the course's X: (h*w*c, m) in [0, 1] (reshape(m, -1).T / 255)."""
    return np.ascontiguousarray(_scaled_rows(x_orig, dtype).T)


def images_to_rows(x_orig, dtype=np.float64):
    """(m, h, w, c) uint8 images -> Keras's x: (m, h*w*c) in [0, 1]; images_to_columns's transpose,
    entry for entry the same numbers."""
    return _scaled_rows(x_orig, dtype)


def _scaled_rows(x_orig, dtype):
    x_orig = np.asarray(x_orig)
    if x_orig.ndim != 4:
        raise ValueError(f"x_orig: expected shape (m, height, width, channels), got {x_orig.shape}")
    return (x_orig.reshape(x_orig.shape[0], -1) / 255).astype(dtype, copy=False)


def _class_indices(y, C):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[0] == 1:
        y = y[0]
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise ValueError(f"y: expected integer class indices of shape (1, m) or (m,), got "
                         f"{y.dtype} {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= C):
        raise ValueError(f"y: expected class indices in 0 ... {C - 1}, got {sorted(set(y.tolist()))}")
    return y


def one_hot_columns(y, C, dtype=np.float64):
    """Class indices (1, m) -> the course's one-hot Y: (C, m), column j = e_{y_j}."""
    return np.ascontiguousarray(np.eye(C, dtype=dtype)[_class_indices(y, C)].T)


def one_hot_rows(y, C, dtype=np.float64):
    """Class indices (1, m) -> Keras's one-hot y: (m, C) (the transpose of one_hot_columns)."""
    return np.eye(C, dtype=dtype)[_class_indices(y, C)]
