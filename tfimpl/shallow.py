"""A network with one hidden layer (course 1, week 3), TensorFlow twin.

Same names, signatures and shapes as `scratch.shallow` (X: (n_x, m), Y: (1, m), W1: (n_h, n_x),
b1: (n_h, 1), W2: (n_y, n_h), b2: (n_y, 1)). The forward pass (tanh hidden layer, sigmoid output)
and the course's cost are TF ops; gradients come from `tf.GradientTape` on the cost; updates from
`keras.optimizers.SGD` (see `keras_mapping.course_sgd`). Results are tensors.
"""

import numpy as np
import tensorflow as tf

from conventions.validation import (
    check_keys,
    check_matrix,
    check_positive_float,
    check_positive_int,
    check_shallow_grads,
    check_shallow_inputs,
    check_shallow_parameters,
    check_shallow_training,
    check_single_output_labels,
)
from tfimpl import activations, losses
from tfimpl.keras_mapping import course_sgd

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")
CACHE_NAMES = ("Z1", "A1", "Z2", "A2")
INIT_SCALE = 0.01
DEFAULT_SEED = 2
COST_EVERY = 1000
COMPILE_FROM = 100        # nn_model(compiled=None) traces a tf.function from this many iterations


# --- inputs are checked by conventions.validation (NumPy side), then made tensors -----------------
def _tensors(arrays):
    return {name: tf.constant(value) for name, value in arrays.items()}


# --- the course's functions ---------------------------------------------------------------------
def layer_sizes(X, Y):
    """(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]) — the course fixes n_h = 4 here."""
    X = check_matrix("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y, dtype=tf.float64, seed=DEFAULT_SEED):
    """W1, W2 = tf.random.stateless_normal(...) * 0.01, b1, b2 = zeros, as tensors of `dtype`.

    The values are TensorFlow's own (a stateless stream keyed by `seed`), not scratch's: to
    train both twins from the same start, pass one set of weights as `initial_parameters`.
    """
    n_x = check_positive_int("n_x", n_x)
    n_h = check_positive_int("n_h", n_h)
    n_y = check_positive_int("n_y", n_y)
    dtype = tf.as_dtype(dtype)
    if dtype not in (tf.float32, tf.float64):
        raise TypeError(f"dtype: expected float32 or float64, got {dtype.name}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int, got {seed!r}")
    W1 = tf.random.stateless_normal((n_h, n_x), seed=[int(seed), 1], dtype=tf.float64)
    W2 = tf.random.stateless_normal((n_y, n_h), seed=[int(seed), 2], dtype=tf.float64)
    return {"W1": tf.cast(W1 * INIT_SCALE, dtype), "b1": tf.zeros((n_h, 1), dtype=dtype),
            "W2": tf.cast(W2 * INIT_SCALE, dtype), "b2": tf.zeros((n_y, 1), dtype=dtype)}


def forward_propagation(X, parameters):
    """A2: (n_y, m) and cache {"Z1", "A1", "Z2", "A2"} as tensors."""
    X, parameters = check_shallow_inputs(X, parameters)
    return _forward(tf.constant(X), _tensors(parameters))


def _forward(X, parameters):
    Z1 = tf.matmul(parameters["W1"], X) + parameters["b1"]
    A1 = activations.tanh(Z1)
    Z2 = tf.matmul(parameters["W2"], A1) + parameters["b2"]
    A2 = activations.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)) with TF ops, a 0-d tensor."""
    A2 = check_matrix("A2", A2, rows=1)
    Y = check_single_output_labels(Y, A2.shape[1], A2.dtype)
    return losses.binary_cross_entropy(tf.constant(A2), tf.constant(Y))


def backward_propagation(parameters, cache, X, Y):
    """grads {"dW1", "db1", "dW2", "db2"}: the tape's gradient of the cost J(W1, b1, W2, b2).

    A tape differentiates only what it recorded, so the forward pass is recomputed under the tape
    from `parameters` and `X`; `cache` (the course's signature) is checked for keys and shapes
    only. For a cache made by `forward_propagation(X, parameters)` it holds the same values.
    """
    X, parameters = check_shallow_inputs(X, parameters)
    n_h, m = parameters["W1"].shape[0], X.shape[1]
    n_y = parameters["W2"].shape[0]
    Y = check_single_output_labels(Y, m, X.dtype, n_y)
    check_keys("cache", cache, CACHE_NAMES)
    for name, rows in (("Z1", n_h), ("A1", n_h), ("Z2", n_y), ("A2", n_y)):
        check_matrix(f"cache['{name}']", cache[name], rows=rows, cols=m)
    parameters = _tensors(parameters)
    return _gradients(parameters, tf.constant(X), tf.constant(Y))[0]


def _cost(parameters, X, Y):
    A2, _ = _forward(X, parameters)
    return losses.binary_cross_entropy(A2, Y)


def _gradients(parameters, X, Y):
    """({"dW1", ...}, cost) — the tape's gradient of the cost at `parameters` (tensors or
    variables)."""
    variables = [parameters[name] for name in PARAMETER_NAMES]
    with tf.GradientTape() as tape:
        tape.watch(variables)
        cost = _cost(parameters, X, Y)
    gradients = tape.gradient(cost, variables)
    return {"d" + name: g for name, g in zip(PARAMETER_NAMES, gradients)}, cost


def _variables(parameters):
    return {name: tf.Variable(parameters[name], name=name) for name in PARAMETER_NAMES}


def _apply(optimizer, variables, grads):
    optimizer.apply_gradients([(grads["d" + name], variables[name]) for name in PARAMETER_NAMES])


def update_parameters(parameters, grads, learning_rate=1.2):
    """One step of keras.optimizers.SGD (W <- W - learning_rate * dW); returns tensors."""
    parameters = check_shallow_parameters(parameters)
    grads = check_shallow_grads(grads, parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    variables = _variables(parameters)
    _apply(course_sgd(learning_rate, parameters["W1"].dtype), variables, _tensors(grads))
    return {name: tf.convert_to_tensor(v) for name, v in variables.items()}


def _train_step(optimizer, variables, X, Y):
    """One iteration: cost and gradients by the tape at the current variables, then the SGD
    update; returns the cost before the update."""
    grads, cost = _gradients(variables, X, Y)
    _apply(optimizer, variables, grads)
    return cost


class _Trainer:
    """Variables for W1, b1, W2, b2, X and Y, a course_sgd optimizer and the training step.

    The compiled step is a `tf.function` traced once per trainer; trainers are kept for the last
    few (shapes, dtype, learning rate), so a run continued call after call (the CLI trains in
    blocks) reuses one trace: each call assigns its own start, X and Y into the variables.
    SGD keeps no state between steps (its iteration counter does not enter the update), so a
    reused trainer computes exactly what a fresh one would.
    """

    def __init__(self, shapes, dtype, learning_rate, compiled):
        self.variables = {name: tf.Variable(tf.zeros(shapes[name], dtype), name=name)
                          for name in PARAMETER_NAMES + ("X", "Y")}
        self.optimizer = course_sgd(learning_rate, dtype)
        self.step = tf.function(self._step) if compiled else self._step

    def _step(self):
        v = self.variables
        return _train_step(self.optimizer, {name: v[name] for name in PARAMETER_NAMES},
                           v["X"], v["Y"])

    def start(self, values):
        for name, value in values.items():
            self.variables[name].assign(value)

    def parameters(self):
        return {name: tf.constant(self.variables[name].numpy()) for name in PARAMETER_NAMES}


_TRAINERS = {}
_KEEP_TRAINERS = 2


def _trainer(shapes, dtype, learning_rate, compiled):
    key = (tuple(sorted(shapes.items())), np.dtype(dtype).name, learning_rate, compiled)
    if key not in _TRAINERS:
        while len(_TRAINERS) >= _KEEP_TRAINERS:
            _TRAINERS.pop(next(iter(_TRAINERS)))
        _TRAINERS[key] = _Trainer(shapes, dtype, learning_rate, compiled)
    return _TRAINERS[key]


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, learning_rate=1.2,
             initial_parameters=None, seed=DEFAULT_SEED, return_costs=False, compiled=None):
    """Train with the tape and keras.optimizers.SGD; returns `parameters` (tensors), or
    `(parameters, costs)` with `return_costs=True` — the costs of iterations 0, 1000, 2000, ...
    (before that iteration's update), as scratch's `nn_model`.

    compiled: run each training step as a `tf.function` (a graph of the same ops: bit-for-bit
    equal to eager, measured on 2000 iterations of the planar run, and ~20x faster; traced once
    per shapes/dtype/learning rate). None (default): compiled when num_iterations >= 100.
    """
    X, Y, n_h, num_iterations, learning_rate, parameters = check_shallow_training(
        X, Y, n_h, num_iterations, learning_rate, initial_parameters)
    if parameters is None:
        parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], dtype=X.dtype, seed=seed)
    compiled = bool(compiled or (compiled is None and num_iterations >= COMPILE_FROM))
    values = {**parameters, "X": X, "Y": Y}
    trainer = _trainer({name: tuple(value.shape) for name, value in values.items()}, X.dtype,
                       learning_rate, compiled)
    trainer.start(values)
    costs = []
    for i in range(num_iterations):
        cost = trainer.step()
        if i % COST_EVERY == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
    parameters = trainer.parameters()
    return (parameters, costs) if return_costs else parameters


def predict(parameters, X):
    """predictions: (n_y, m) booleans, True where A2 > 0.5."""
    X, parameters = check_shallow_inputs(X, parameters)
    A2, _ = _forward(tf.constant(X), _tensors(parameters))
    return A2 > 0.5


def accuracy(predictions, Y):
    """Percentage of predictions equal to the labels Y (1, m), with TF ops."""
    predictions = tf.cast(predictions, tf.float64)
    Y = tf.cast(tf.convert_to_tensor(np.asarray(Y)), tf.float64)
    if predictions.shape != Y.shape:
        raise ValueError(f"predictions: expected shape {tuple(Y.shape)} (as Y), "
                         f"got {tuple(predictions.shape)}")
    return float(tf.reduce_mean(tf.cast(tf.equal(predictions, Y), tf.float64)) * 100)
