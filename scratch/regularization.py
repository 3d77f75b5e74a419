"""L2 regularisation and dropout for the course's 3-layer network (course 2, week 1,
"Regularization"), NumPy twin.

The network: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. X: (n_x, m), W{l}: (n_l, n_{l-1}),
b{l}: (n_l, 1), Z{l}, A{l}: (n_l, m), A3: (1, m), Y: (1, m) labels in {0, 1}.

forward_propagation(X, parameters) -> (A3, cache),
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)   (the assignment's tuple).
compute_cost(A3, Y) = -1/m sum(Y log A3 + (1 - Y) log(1 - A3)).
compute_cost_with_regularization(A3, Y, parameters, lambd)
    = compute_cost(A3, Y) + lambd / (2 m) * sum over EVERY W{l} of parameters of ||W{l}||_F^2
      (biases are not penalised).
backward_propagation_with_regularization(X, Y, cache, lambd): the gradients of that cost, in the
    course's convention (dZ{l}, dA{l} are gradients of the summed loss m J; dW, db of J):
    dZ3 = A3 - Y,  dW3 = 1/m dZ3 A2.T + lambd/m W3,  db3 = 1/m sum_columns dZ3,
    dA2 = W3.T dZ3,  dZ2 = dA2 * (A2 > 0),  dW2 = 1/m dZ2 A1.T + lambd/m W2, ...  dW1 = 1/m dZ1 X.T
    + lambd/m W1. Returns {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1",
    "db1"}.
forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=1): inverted dropout on the two
    hidden layers (never the output): D{l} = (rand(n_l, m) < keep_prob), A{l} = relu(Z{l}) * D{l}
    / keep_prob. The masks are drawn from NumPy's legacy stream as the assignment draws them: after
    np.random.seed(1), D1's rand then D2's rand (seed=int: its own RandomState, the same numbers,
    global state untouched; seed=None: the global stream). D{l} holds 0.0 / 1.0 in A's dtype.
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).
backward_propagation_with_dropout(X, Y, cache, keep_prob): as above without the penalty, the masks
    applied again and the same 1/keep_prob: dA2 = W3.T dZ3 * D2 / keep_prob, dZ2 = dA2 * (A2 > 0),
    dA1 = W2.T dZ2 * D1 / keep_prob, dZ1 = dA1 * (A1 > 0).

Every public function `f` checks its arguments (conventions.validation) and delegates to `_f`;
kernels call kernels through this module's globals (a wrong variant replaces one by name).
"""

import numpy as np

from conventions.validation import (
    check_keep_prob,
    check_labels,
    check_lambd,
    check_matrix,
    check_named_cache,
    check_network_inputs,
    check_seed,
)
from conventions.vocabulary import DROPOUT_CACHE, DROPOUT_SEED, REGULARIZATION_CACHE

# --- argument checks -----------------------------------------------------------------------------------

def _check_3_layers(X, parameters):
    X, parameters, sizes = check_network_inputs(X, parameters)
    if len(sizes) != 4:
        raise ValueError(f"parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got "
                         f"{len(sizes) - 1} layers")
    return X, parameters


def _check_Y(Y, m, dtype):
    return check_labels("Y", Y, m=m).astype(
        dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )


def _check_backward(X, Y, cache, names):
    cache = check_named_cache(cache, names)
    X = check_matrix("X", X)
    m = X.shape[1]
    return X, _check_Y(Y, m, X.dtype), cache


# --- the network ---------------------------------------------------------------------------------------
def _relu(Z):
    return np.maximum(Z, 0)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def forward_propagation(X, parameters):
    """The 3-layer forward pass. Returns (A3: (1, m), cache of REGULARIZATION_CACHE's 12 names)."""
    X, parameters = _check_3_layers(X, parameters)
    return _forward_propagation(X, parameters)


def _forward_propagation(X, parameters):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = _relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = _relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = _sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(A3, Y):
    """J = -1/m sum(Y log A3 + (1 - Y) log(1 - A3)) as a 0-d array."""
    A3 = check_matrix("A3", A3, rows=1)
    return _compute_cost(A3, _check_Y(Y, A3.shape[1], A3.dtype))


def _compute_cost(A3, Y):
    m = Y.shape[1]
    return np.squeeze(-1 / m * np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


# --- L2 -----------------------------------------------------------------------------------------------
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """J = compute_cost(A3, Y) + lambd / (2 m) sum_l ||W{l}||_F^2 (every W{l} of parameters)."""
    A3 = check_matrix("A3", A3, rows=1)
    Y = _check_Y(Y, A3.shape[1], A3.dtype)
    weights = {k: check_matrix(f"parameters[{k!r}]", v) for k, v in parameters.items()
               if k.startswith("W")}
    if not weights:
        raise KeyError(f"parameters: no W1, W2, ... among {sorted(parameters)}")
    return _compute_cost_with_regularization(A3, Y, weights, check_lambd(lambd))


def _compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    penalty = sum(np.sum(np.square(W)) for k, W in parameters.items() if k.startswith("W"))
    return _compute_cost(A3, Y) + np.squeeze(lambd / (2 * m) * penalty)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The gradients of compute_cost_with_regularization (see the module's docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, REGULARIZATION_CACHE)
    return _backward_propagation_with_regularization(X, Y, cache, check_lambd(lambd))


def _backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1 / m * (dZ3 @ A2.T) + lambd / m * W3
    db3 = 1 / m * np.sum(dZ3,
                         axis=1,  # pragma: no mutate - dZ3 is (1, m), one output unit: any axis alike
                         keepdims=True)
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * (dZ2 @ A1.T) + lambd / m * W2
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * (dZ1 @ X.T) + lambd / m * W1
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# --- dropout ------------------------------------------------------------------------------------------
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=DROPOUT_SEED):
    """The forward pass with inverted dropout on both hidden layers (see the module's docstring).
    Returns (A3, cache of DROPOUT_CACHE's 14 names)."""
    X, parameters = _check_3_layers(X, parameters)
    stream = np.random if seed is None else check_seed(seed)
    return _forward_propagation_with_dropout(X, parameters, check_keep_prob(keep_prob), stream)


def _dropout_mask(stream, shape, keep_prob, dtype):
    """D = (rand(shape) < keep_prob) as 0.0 / 1.0: the assignment's draw."""
    return ((stream.random_sample(shape)  # pragma: no mutate - <= differs at rand == keep_prob only
             < keep_prob).astype(dtype))


def _forward_propagation_with_dropout(X, parameters, keep_prob, stream):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = _dropout_mask(stream, Z1.shape, keep_prob, Z1.dtype)
    A1 = _relu(Z1) * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    D2 = _dropout_mask(stream, Z2.shape, keep_prob, Z2.dtype)
    A2 = _relu(Z2) * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = _sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The gradients of compute_cost through the dropped-out forward pass (see the docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, DROPOUT_CACHE)
    return _backward_propagation_with_dropout(X, Y, cache, check_keep_prob(keep_prob))


def _backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1 / m * (dZ3 @ A2.T)
    db3 = 1 / m * np.sum(dZ3,
                         axis=1,  # pragma: no mutate - dZ3 is (1, m), one output unit: any axis alike
                         keepdims=True)
    dA2 = (W3.T @ dZ3) * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * (dZ2 @ A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = (W2.T @ dZ2) * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * (dZ1 @ X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
