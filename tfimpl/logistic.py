"""Logistic regression as a single neuron (course 1, week 2), TensorFlow twin.

Same names, signatures and shapes as `scratch.logistic` (X: (n_x, m), Y: (1, m), w: (n_x, 1),
b: scalar). The forward pass and the course's cost are TF ops; gradients come from
`tf.GradientTape`; updates from `keras.optimizers.SGD` (see `keras_mapping.course_sgd`).

Every public function `f` that checks its inputs (conventions.validation, NumPy side) delegates
the computation to its kernel `_f`, which computes with TF ops on tensors (or variables).
"""

import tensorflow as tf

from conventions.validation import (
    check_logistic_inputs,
    check_logistic_model,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
)
from conventions.vocabulary import records_cost
from tfimpl import activations, graphs, losses
from tfimpl.keras_mapping import course_sgd


def sigmoid(z):
    """s = tf.math.sigmoid(z)."""
    return activations.sigmoid(z)


def initialize_with_zeros(dim, dtype=tf.float64):
    """w: (dim, 1) of zeros, b = 0 (a 0-d tensor)."""
    dim = check_positive_int("dim", dim)
    return _initialize_with_zeros(dim, dtype)


def _initialize_with_zeros(dim, dtype):
    return tf.zeros((dim, 1), dtype=dtype), tf.zeros((), dtype=dtype)


def _as_tensors(w, b, X, Y=None):
    """Checked inputs (see conventions.validation.check_logistic_inputs) as constant tensors."""
    w, b, X, Y = check_logistic_inputs(w, b, X, Y)
    return tf.constant(w), tf.constant(b), tf.constant(X), None if Y is None else tf.constant(Y)


def _forward_cost(w, b, X, Y):
    A = sigmoid(tf.matmul(w, X, transpose_a=True) + b)   # (1, m)
    return losses.binary_cross_entropy(A, Y)


def propagate(w, b, X, Y):
    """Cost by TF ops, gradients by the tape. Returns ({"dw", "db"}, cost) as tensors."""
    return _propagate(*_as_tensors(w, b, X, Y))


def _propagate(w, b, X, Y):
    with tf.GradientTape() as tape:
        tape.watch([w, b])
        cost = _forward_cost(w, b, X, Y)
    dw, db = tape.gradient(cost, [w, b])
    return {"dw": dw, "db": db}, cost


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False, *, progress=None,
             compiled=None):
    """Gradient descent with keras.optimizers.SGD; the cost recorded every 100 iterations
    (vocabulary.records_cost("logistic", i)), the cost before that iteration's update.

    Returns params {"w", "b"}, the last grads {"dw", "db"} and costs (list of 0-d tensors).
    progress: optional callable, called progress(i, cost) at every recorded iteration.
    compiled: run each iteration as one tf.function step (the same ops as the eager step, bit
    for bit; tested) or eagerly (False); default compiled when num_iterations >
    graphs.COMPILE_AFTER.
    """
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    w, b, X, Y = _as_tensors(w, b, X, Y)
    progress = check_progress(progress)
    return _optimize(w, b, X, Y, num_iterations, learning_rate, print_cost, progress, compiled)


def _optimize(w, b, X, Y, num_iterations, learning_rate, print_cost, progress, compiled=None):
    w, b = tf.Variable(w, name="w"), tf.Variable(b, name="b")
    optimizer = course_sgd(learning_rate, w.dtype)

    def step():
        # the values read once, before the update (the tape never sees a variable mid-update)
        grads, cost = _propagate(w.read_value(), b.read_value(), X, Y)
        optimizer.apply_gradients([(grads["dw"], w), (grads["db"], b)])
        return grads, cost

    if compiled or (compiled is None and num_iterations > graphs.COMPILE_AFTER):
        step = tf.function(step, autograph=False)
    costs, grads = [], None
    for i in range(num_iterations):
        grads, cost = step()
        if records_cost("logistic", i):
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
            if progress is not None:
                progress(i, cost)
    return {"w": tf.convert_to_tensor(w), "b": tf.convert_to_tensor(b)}, grads, costs


def predict(w, b, X):
    """Y_prediction: (1, m) of 0.0/1.0 — 1 where sigmoid(w.T X + b) > 0.5."""
    w, b, X, _ = _as_tensors(w, b, X)
    return _predict(w, b, X)


def _predict(w, b, X):
    A = sigmoid(tf.matmul(w, X, transpose_a=True) + b)
    return tf.cast(A > 0.5, X.dtype)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False, *, progress=None):
    """Initialise with zeros, optimise, predict on both sets; the same dict as scratch's `model`.
    progress: passed to `optimize`. The inputs are checked as scratch's `model` checks them."""
    X_train, Y_train, X_test, num_iterations, learning_rate, progress = check_logistic_model(
        X_train, Y_train, X_test, num_iterations, learning_rate, progress)
    return _model(tf.constant(X_train), tf.constant(Y_train), tf.constant(X_test), Y_test,
                  num_iterations, learning_rate, print_cost, progress)


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
    """Percentage of matching labels: 100 - mean(|Y_prediction - Y|) * 100, with TF ops."""
    Y_prediction = tf.convert_to_tensor(Y_prediction)
    Y = tf.cast(Y, Y_prediction.dtype)
    return float(100 - tf.reduce_mean(tf.abs(Y_prediction - Y)) * 100)
