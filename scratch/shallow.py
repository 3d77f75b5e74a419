"""A network with one hidden layer (course 1, week 3), NumPy twin.

Shapes: X: (n_x, m) examples in columns, Y: (1, m) labels in {0, 1};
W1: (n_h, n_x), b1: (n_h, 1), W2: (n_y, n_h), b2: (n_y, 1) with n_y = 1 for the course's task.

Forward:   Z1 = W1 X + b1,  A1 = tanh(Z1),  Z2 = W2 A1 + b2,  A2 = sigmoid(Z2).
Cost:      J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)).
Backward:  dZ2 = A2 - Y,              dW2 = 1/m dZ2 A1.T,  db2 = 1/m sum(dZ2, axis=1, keepdims)
           dZ1 = W2.T dZ2 * (1 - A1^2), dW1 = 1/m dZ1 X.T,   db1 = 1/m sum(dZ1, axis=1, keepdims)
Update:    W <- W - learning_rate * dW (and b likewise), default learning rate 1.2.

Every public function `f` checks its inputs (shapes, dtypes, labels; errors name the offending
argument) and delegates the computation to its kernel `_f`; kernels call kernels through the module's
globals, so `nn_model` checks once and then runs the course's loop of kernels.
"""

import numpy as np

from conventions.validation import (
    check_float_dtype,
    check_keys,
    check_matrix,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_same_dtype,
    check_seed,
    check_shallow_grads,
    check_shallow_inputs,
    check_shallow_parameters,
    check_shallow_training,
    check_single_output_labels,
)
from conventions.vocabulary import (
    SHALLOW_CACHE,
    SHALLOW_INIT_SCALE,
    SHALLOW_PARAMETERS,
    SHALLOW_SEED,
    records_cost,
)
from scratch import activations, losses


# --- the course's functions ---------------------------------------------------------------------
def layer_sizes(X, Y):
    """(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]) — the course fixes n_h = 4 here."""
    X = check_matrix("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    return _layer_sizes(X, Y)


def _layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y, dtype=np.float64, seed=SHALLOW_SEED):
    """W1 = randn(n_h, n_x) * 0.01, b1 = zeros((n_h, 1)), W2 = randn(n_y, n_h) * 0.01,
    b2 = zeros((n_y, 1)), in `dtype`.

    seed: an int (a local np.random.RandomState(seed): with the default 2 the course's own
    values, drawn W1 then W2), a RandomState or a np.random.Generator. NumPy's global random
    state is never touched. Values are drawn in float64 and rounded to `dtype`.
    """
    n_x = check_positive_int("n_x", n_x)
    n_h = check_positive_int("n_h", n_h)
    n_y = check_positive_int("n_y", n_y)
    dtype = check_float_dtype(dtype)
    return _initialize_parameters(n_x, n_h, n_y, dtype, check_seed(seed))


def _initialize_parameters(n_x, n_h, n_y, dtype, rng):
    """rng: the RandomState or Generator check_seed returned; W1 is drawn first, then W2."""
    W1 = (rng.standard_normal((n_h, n_x)) * SHALLOW_INIT_SCALE).astype(dtype)
    W2 = (rng.standard_normal((n_y, n_h)) * SHALLOW_INIT_SCALE).astype(dtype)
    return {"W1": W1, "b1": np.zeros((n_h, 1), dtype=dtype),
            "W2": W2, "b2": np.zeros((n_y, 1), dtype=dtype)}


def forward_propagation(X, parameters):
    """A2: (n_y, m) and cache {"Z1", "A1": (n_h, m), "Z2", "A2": (n_y, m)}."""
    X, parameters = check_shallow_inputs(X, parameters)
    return _forward_propagation(X, parameters)


def _forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = activations.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = activations.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)) as a 0-d array of A2's dtype
    (the course returns a Python float; `float(cost)` gives it)."""
    A2 = check_matrix("A2", A2, rows=1)
    Y = check_single_output_labels(Y, A2.shape[1], A2.dtype)
    return _compute_cost(A2, Y)


def _compute_cost(A2, Y):
    return losses.binary_cross_entropy(A2, Y)


def backward_propagation(parameters, cache, X, Y):
    """grads {"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (n_y, n_h), "db2": (n_y, 1)} by the
    hand formulas of the module docstring, from its arguments alone: cache["A1"], cache["A2"],
    parameters["W2"], X and Y (the course's formulas read neither Z1, Z2 nor W1, b1, b2, and the
    forward pass is not recomputed, so a cache drawn independently of `parameters` is answered
    as given)."""
    X, parameters = check_shallow_inputs(X, parameters)
    n_h, m = parameters["W1"].shape[0], X.shape[1]
    n_y = parameters["W2"].shape[0]
    Y = check_single_output_labels(Y, m, X.dtype, n_y)
    check_keys("cache", cache, SHALLOW_CACHE)
    A1 = check_matrix("cache['A1']", cache["A1"], rows=n_h, cols=m)
    A2 = check_matrix("cache['A2']", cache["A2"], rows=n_y, cols=m)
    check_same_dtype(X=X, A1=A1, A2=A2)
    return _backward_propagation(parameters, {"A1": A1, "A2": A2}, X, Y)


def _backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = 1 / m * (dZ2 @ A1.T)
    db2 = 1 / m * np.sum(dZ2,
                         axis=1,  # pragma: no mutate - dZ2 is (1, m) (n_y = 1 checked): any axis sums alike
                         keepdims=True)
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = 1 / m * (dZ1 @ X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """W <- W - learning_rate * dW for W1, b1, W2, b2; returns a new dict."""
    parameters = check_shallow_parameters(parameters)
    grads = check_shallow_grads(grads, parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    return _update_parameters(parameters, grads, learning_rate)


def _update_parameters(parameters, grads, learning_rate):
    return {name: parameters[name] - learning_rate * grads["d" + name]
            for name in SHALLOW_PARAMETERS}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, learning_rate=1.2,
             initial_parameters=None, seed=SHALLOW_SEED, return_costs=False, progress=None):
    """Train the network by full-batch gradient descent; returns `parameters` (the course's
    return value), or `(parameters, costs)` with `return_costs=True`.

    costs: the cost (0-d arrays) before the update of every iteration i the course records
    (vocabulary.records_cost("shallow", i): i % 1000 == 0) — the values the course prints with
    `print_cost=True`.
    initial_parameters: start from these (copied; they fix n_h, which must equal `n_h`) instead
    of `initialize_parameters(n_x, n_h, n_y, dtype=X.dtype, seed=seed)`.
    progress: optional callable, called progress(i, cost) at every recorded iteration.
    """
    X, Y, n_h, num_iterations, learning_rate, parameters = check_shallow_training(
        X, Y, n_h, num_iterations, learning_rate, initial_parameters)
    progress = check_progress(progress)
    if parameters is None:
        parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], dtype=X.dtype, seed=seed)
    parameters, costs = _nn_model(X, Y, parameters, num_iterations, learning_rate, print_cost,
                                  progress)
    return (parameters, costs) if return_costs else parameters


def _nn_model(X, Y, parameters, num_iterations, learning_rate, print_cost, progress):
    """The course's loop: forward, cost (at recorded iterations), backward, update."""
    costs = []
    for i in range(num_iterations):
        A2, cache = _forward_propagation(X, parameters)
        if records_cost("shallow", i):
            cost = _compute_cost(A2, Y)
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
            if progress is not None:
                progress(i, cost)
        grads = _backward_propagation(parameters, cache, X, Y)
        parameters = _update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predict(parameters, X):
    """predictions: (n_y, m) booleans, True where A2 > 0.5 (the course's `A2 > 0.5`)."""
    X, parameters = check_shallow_inputs(X, parameters)
    return _predict(parameters, X)


def _predict(parameters, X):
    A2, _ = _forward_propagation(X, parameters)
    return A2 > 0.5


def accuracy(predictions, Y):
    """Percentage of predictions equal to the labels Y (1, m)."""
    predictions = np.asarray(predictions)
    Y = np.asarray(Y)
    if predictions.shape != Y.shape:
        raise ValueError(f"predictions: expected shape {Y.shape} (as Y), got {predictions.shape}")
    return _accuracy(predictions, Y)


def _accuracy(predictions, Y):
    return float(np.mean(predictions.astype(
        np.float64,  # pragma: no mutate - astype(None) casts to float64 as well
    ) == Y.astype(
        np.float64,  # pragma: no mutate - as above
    )) * 100)
