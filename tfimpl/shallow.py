"""A network with one hidden layer (course 1, week 3), TensorFlow twin.

Same names, signatures and shapes as `scratch.shallow` (X: (n_x, m), Y: (1, m), W1: (n_h, n_x),
b1: (n_h, 1), W2: (n_y, n_h), b2: (n_y, 1)). The forward pass (tanh hidden layer, sigmoid output)
and the course's cost are TF ops; the backward pass is TensorFlow's autodiff applied layer by
layer to the given cache (see `backward_propagation`); updates are `keras.optimizers.SGD` steps
(see `keras_mapping.course_sgd`). Results are tensors.

The initial weights are the course's NumPy draws (see `initialize_parameters`): with the same
arguments and seed both twins start from bit-identical weights.

Every public function `f` checks its inputs with conventions.validation and delegates to its kernel
`_f`, which computes with TF ops on tensors (or variables).
"""

import numpy as np
import tensorflow as tf

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
from tfimpl import activations, graphs, losses
from tfimpl.keras_mapping import course_sgd


# --- inputs are checked by conventions.validation (NumPy side), then made tensors -----------------
def _tensors(arrays):
    return {name: tf.constant(value) for name, value in arrays.items()}


# --- the course's functions ---------------------------------------------------------------------
def layer_sizes(X, Y):
    """(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]) — the course fixes n_h = 4 here."""
    X = check_matrix("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    return _layer_sizes(X, Y)


def _layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y, dtype=tf.float64, seed=SHALLOW_SEED):
    """W1 = randn(n_h, n_x) * 0.01, b1 = zeros((n_h, 1)), W2 = randn(n_y, n_h) * 0.01,
    b2 = zeros((n_y, 1)), as tensors of `dtype` — bit-for-bit scratch's values.

    seed: an int (np.random.RandomState(seed): with the default 2 the course's own values, drawn
    W1 then W2), a RandomState or a np.random.Generator, exactly as in scratch; NumPy's global
    random state is never touched. The draws come from NumPy's stream, not TensorFlow's: the
    course's initialisation is defined by that stream, and drawing from it is what makes one seed
    start both twins from the same weights (tfimpl.deep does the same). The float64 draws are
    scaled with TF ops in float64 (the same IEEE product as scratch's) and then cast to `dtype`
    (round to nearest, as NumPy's astype). Keras's initialisers are a separate mapping
    (tfimpl.keras_mapping), not used here.
    """
    n_x = check_positive_int("n_x", n_x)
    n_h = check_positive_int("n_h", n_h)
    n_y = check_positive_int("n_y", n_y)
    dtype = tf.as_dtype(check_float_dtype(dtype))
    return _initialize_parameters(n_x, n_h, n_y, dtype, check_seed(seed))


def _initialize_parameters(n_x, n_h, n_y, dtype, rng):
    """rng: the RandomState or Generator check_seed returned; W1 is drawn first, then W2."""
    W1 = tf.constant(rng.standard_normal((n_h, n_x)), dtype=tf.float64)
    W2 = tf.constant(rng.standard_normal((n_y, n_h)), dtype=tf.float64)
    return {"W1": tf.cast(W1 * SHALLOW_INIT_SCALE, dtype), "b1": tf.zeros((n_h, 1), dtype=dtype),
            "W2": tf.cast(W2 * SHALLOW_INIT_SCALE, dtype), "b2": tf.zeros((n_y, 1), dtype=dtype)}


def forward_propagation(X, parameters):
    """A2: (n_y, m) and cache {"Z1", "A1", "Z2", "A2"} as tensors."""
    X, parameters = check_shallow_inputs(X, parameters)
    return _forward_propagation(tf.constant(X), _tensors(parameters))


def _forward_propagation(X, parameters):
    Z1 = _linear(X, parameters["W1"], parameters["b1"])
    A1 = activations.tanh(Z1)
    Z2 = _linear(A1, parameters["W2"], parameters["b2"])
    A2 = activations.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _linear(A_prev, W, b):
    """Z = W A_prev + b, the op of both layers."""
    return tf.matmul(W, A_prev) + b


def compute_cost(A2, Y):
    """J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)) with TF ops, a 0-d tensor."""
    A2 = check_matrix("A2", A2, rows=1)
    Y = check_single_output_labels(Y, A2.shape[1], A2.dtype)
    return _compute_cost(tf.constant(A2), tf.constant(Y))


def _compute_cost(A2, Y):
    return losses.binary_cross_entropy(A2, Y)


def backward_propagation(parameters, cache, X, Y):
    """grads {"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (n_y, n_h), "db2": (n_y, 1)} as tensors,
    from the arguments alone: cache["A1"], cache["A2"], parameters, X and Y (the forward pass is
    not recomputed, so a cache drawn independently of `parameters` — as the course's test cells
    draw it — is answered as given, and as scratch answers it).

    Layer by layer, TensorFlow's autodiff supplies the Jacobians (m = X.shape[1]):
      dZ2 = A2 - Y: the gradient of the summed loss m * J with respect to Z2, the course's
        identity written in TF ops. It is a function of (A2, Y) alone, as the course's formula
        and scratch's are; the alternative chain — the tape's gradient of the loss with respect
        to A2, then the sigmoid's VJP — would read Z2 (a cached Z2 need not be the logit of the
        cached A2) and, near saturation, multiply 1 / (1 - A2) by A2 (1 - A2): inaccurate, and
        0 * inf = nan once A2 rounds to 1, where A2 - Y is exact to one rounding.
      dA1, dW2, db2: a tape over the output layer's op Z2 = W2 A1 + b2 at (A1, W2, b2), with dZ2
        passed as `output_gradients`.
      dZ1: the VJP of tanh with upstream dA1, TF's registered gradient of tf.math.tanh (the
        TanhGrad op: dA1 * (1 - A1^2)) evaluated at the cached output A1 — the course's formula
        reads A1, not Z1, and a tape over tanh(Z1) would read Z1 instead.
      dW1, db1: a tape over the hidden layer's op Z1 = W1 X + b1, with dZ1 as `output_gradients`.
    dW and db are the summed loss's gradients times 1/m (the mean of the course's cost).
    """
    X, parameters = check_shallow_inputs(X, parameters)
    n_h, m = parameters["W1"].shape[0], X.shape[1]
    n_y = parameters["W2"].shape[0]
    Y = check_single_output_labels(Y, m, X.dtype, n_y)
    check_keys("cache", cache, SHALLOW_CACHE)
    checked = {}
    for name, rows in (("Z1", n_h), ("A1", n_h), ("Z2", n_y), ("A2", n_y)):
        checked[name] = check_matrix(f"cache['{name}']", cache[name], rows=rows, cols=m)
    check_same_dtype(X=X, A1=checked["A1"], A2=checked["A2"])
    return _backward_propagation(_tensors(parameters), _tensors(checked), tf.constant(X),
                                 tf.constant(Y))


def _backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dA1, dW2, db2 = _linear_backward(dZ2, A1, parameters["W2"], parameters["b2"])
    dZ1 = tf.raw_ops.TanhGrad(y=A1, dy=dA1)
    _, dW1, db1 = _linear_backward(dZ1, X, parameters["W1"], parameters["b1"])
    return {"dW1": 1 / m * dW1, "db1": 1 / m * db1, "dW2": 1 / m * dW2, "db2": 1 / m * db2}


def _linear_backward(dZ, A_prev, W, b):
    """(dA_prev, dW, db): the tape's VJP of Z = W A_prev + b with upstream gradient dZ."""
    with tf.GradientTape() as tape:
        tape.watch([A_prev, W, b])
        Z = _linear(A_prev, W, b)
    return tape.gradient(Z, [A_prev, W, b], output_gradients=dZ)


def _variables(parameters):
    return {name: tf.Variable(parameters[name], name=name) for name in SHALLOW_PARAMETERS}


def _apply(optimizer, variables, grads):
    optimizer.apply_gradients([(grads["d" + name], variables[name]) for name in SHALLOW_PARAMETERS])


def update_parameters(parameters, grads, learning_rate=1.2):
    """One step of keras.optimizers.SGD (W <- W - learning_rate * dW); returns tensors. The
    optimizer and its variables are made once per network shape and reused (tfimpl.graphs), so
    the course's loop written with these functions creates nothing per call."""
    parameters = check_shallow_parameters(parameters)
    grads = check_shallow_grads(grads, parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    return _update_parameters(_tensors(parameters), _tensors(grads), learning_rate)


def _update_parameters(parameters, grads, learning_rate):
    return graphs.sgd_update(parameters, grads, learning_rate)


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, learning_rate=1.2,
             initial_parameters=None, seed=SHALLOW_SEED, return_costs=False, progress=None,
             compiled=None):
    """Train by the course's loop — forward, cost, backward (the layer-by-layer autodiff of
    `backward_propagation`), a keras.optimizers.SGD step — returns `parameters` (tensors), or
    `(parameters, costs)` with `return_costs=True`: the costs of iterations 0, 1000, 2000, ...
    (vocabulary.records_cost("shallow", i); before that iteration's update), as scratch's.

    initial_parameters, seed: as scratch's (`initialize_parameters` draws scratch's values).
    progress: optional callable, called progress(i, cost) at every recorded iteration.
    compiled: run each iteration as a `tf.function` traced once per call: a graph of the same
    ops, ~10x faster than eager on the planar run (graph optimisation may reorder a sum: measured
    1.8e-15 from the eager result after 300 planar iterations). None (default): compiled when
    num_iterations > graphs.COMPILE_AFTER. Nothing is kept between calls.
    """
    X, Y, n_h, num_iterations, learning_rate, parameters = check_shallow_training(
        X, Y, n_h, num_iterations, learning_rate, initial_parameters)
    progress = check_progress(progress)
    if parameters is None:
        parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], dtype=X.dtype, seed=seed)
    compiled = bool(compiled or (compiled is None and num_iterations > graphs.COMPILE_AFTER))
    parameters, costs = _nn_model(tf.constant(X), tf.constant(Y), _tensors(parameters),
                                  num_iterations, learning_rate, print_cost, progress, compiled)
    return (parameters, costs) if return_costs else parameters


def _nn_model(X, Y, parameters, num_iterations, learning_rate, print_cost, progress, compiled):
    variables = _variables(parameters)
    optimizer = course_sgd(learning_rate, X.dtype)
    optimizer.build(list(variables.values()))

    def step():
        """One iteration; returns the cost before its update. It computes from the variables'
        values read once at its start: every op that reads them is then an ancestor of the
        gradients the update consumes. (Taping the variables themselves layer by layer made the
        compiled step racy: measured, 2 of 4 runs of the planar flower drifted from iteration
        ~1000 on, the Keras update overlapping a read.)"""
        values = {name: v.read_value() for name, v in variables.items()}
        A2, cache = _forward_propagation(X, values)
        cost = _compute_cost(A2, Y)
        _apply(optimizer, variables, _backward_propagation(values, cache, X, Y))
        return cost

    if compiled:
        step = tf.function(step, autograph=False)
    costs = []
    for i in range(num_iterations):
        cost = step()
        if records_cost("shallow", i):
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
            if progress is not None:
                progress(i, cost)
    return {name: tf.identity(v) for name, v in variables.items()}, costs


def predict(parameters, X):
    """predictions: (n_y, m) booleans, True where A2 > 0.5."""
    X, parameters = check_shallow_inputs(X, parameters)
    return _predict(_tensors(parameters), tf.constant(X))


def _predict(parameters, X):
    A2, _ = _forward_propagation(X, parameters)
    return A2 > 0.5


def accuracy(predictions, Y):
    """Percentage of predictions equal to the labels Y (1, m), with TF ops."""
    predictions = tf.cast(predictions, tf.float64)
    Y = tf.cast(tf.convert_to_tensor(np.asarray(Y)), tf.float64)
    if predictions.shape != Y.shape:
        raise ValueError(f"predictions: expected shape {tuple(Y.shape)} (as Y), "
                         f"got {tuple(predictions.shape)}")
    return _accuracy(predictions, Y)


def _accuracy(predictions, Y):
    return float(tf.reduce_mean(tf.cast(tf.equal(predictions, Y), tf.float64)) * 100)
