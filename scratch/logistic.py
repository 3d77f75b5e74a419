"""Logistic regression as a single neuron (course 1, week 2), NumPy twin.

Shapes: X: (n_x, m) examples in columns, Y: (1, m) labels in {0, 1}, w: (n_x, 1), b: scalar.
Forward: A = sigmoid(w.T X + b). Cost: J = -1/m * sum(Y log A + (1 - Y) log(1 - A)).
Gradients: dw = 1/m * X (A - Y).T, db = 1/m * sum(A - Y). Update: w -= alpha * dw, b -= alpha * db.

Every public function `f` that checks its inputs delegates the computation to its kernel `_f`;
kernels call kernels through the module's globals.
"""

import numpy as np

from conventions.validation import (
    check_logistic_inputs,
    check_logistic_model,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
)
from conventions.vocabulary import records_cost
from scratch import activations, losses


def sigmoid(z):
    """s = 1 / (1 + exp(-z)), element-wise."""
    return activations.sigmoid(z)


def initialize_with_zeros(dim, dtype=np.float64):
    """w: (dim, 1) of zeros, b = 0 (a 0-d array of `dtype`)."""
    dim = check_positive_int("dim", dim)
    return _initialize_with_zeros(dim, dtype)


def _initialize_with_zeros(dim, dtype):
    return np.zeros((dim, 1), dtype=dtype), np.zeros((), dtype=dtype)


def propagate(w, b, X, Y):
    """Forward and backward pass.

    Returns grads {"dw": (n_x, 1), "db": 0-d} and cost (0-d), all of X's dtype.
    """
    return _propagate(*check_logistic_inputs(w, b, X, Y))


def _propagate(w, b, X, Y):
    """`propagate` on inputs already checked (the training loop checks once, not per step)."""
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)                      # (1, m)
    cost = losses.binary_cross_entropy(A, Y)
    dw = 1 / m * (X @ (A - Y).T)                  # (n_x, 1)
    db = np.squeeze(1 / m * np.sum(A - Y))
    return {"dw": dw, "db": db}, cost


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False, *, progress=None):
    """Gradient descent for `num_iterations` steps; records the cost every 100 iterations
    (vocabulary.records_cost("logistic", i)), the cost before that iteration's update.

    Returns params {"w", "b"}, the last grads {"dw", "db"} and costs (list of 0-d arrays).
    progress: optional callable, called progress(i, cost) at every recorded iteration.
    """
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    w, b, X, Y = check_logistic_inputs(w, b, X, Y)
    progress = check_progress(progress)
    return _optimize(w, b, X, Y, num_iterations, learning_rate, print_cost, progress)


def _optimize(w, b, X, Y, num_iterations, learning_rate, print_cost, progress):
    costs, grads = [], None
    for i in range(num_iterations):
        grads, cost = _propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if records_cost("logistic", i):
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
            if progress is not None:
                progress(i, cost)
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Y_prediction: (1, m) of 0.0/1.0 — 1 where sigmoid(w.T X + b) > 0.5."""
    w, b, X, _ = check_logistic_inputs(w, b, X)
    return _predict(w, b, X)


def _predict(w, b, X):
    A = sigmoid(w.T @ X + b)
    return (A > 0.5).astype(X.dtype)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False, *, progress=None):
    """Initialise with zeros, optimise, predict on both sets.

    Returns {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate",
    "num_iterations"}. progress: passed to `optimize` (progress(i, cost) every 100 iterations).
    The inputs are checked as `initialize_with_zeros`, `optimize` and `predict` check them.
    """
    X_train, Y_train, X_test, num_iterations, learning_rate, progress = check_logistic_model(
        X_train, Y_train, X_test, num_iterations, learning_rate, progress)
    return _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate, print_cost,
                  progress)


def _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate, print_cost, progress):
    w, b = _initialize_with_zeros(X_train.shape[0], X_train.dtype)
    params, _, costs = _optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                                 print_cost, progress)
    w, b = params["w"], params["b"]
    Y_prediction_test = _predict(w, b, X_test)
    Y_prediction_train = _predict(w, b, X_train)
    if print_cost:
        print(f"train accuracy: {accuracy(Y_prediction_train, Y_train)} %")
        print(f"test accuracy: {accuracy(Y_prediction_test, Y_test)} %")
    return {"costs": costs, "Y_prediction_test": Y_prediction_test,
            "Y_prediction_train": Y_prediction_train, "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}


def accuracy(Y_prediction, Y):
    """Percentage of matching labels, the course's 100 - mean(|Y_prediction - Y|) * 100."""
    return float(100 - np.mean(np.abs(np.asarray(Y_prediction) - np.asarray(Y))) * 100)
