"""The TensorFlow tutorial of course 2, week 3, TensorFlow twin: the lecture's and the
assignment's programs as they are written there — tf.Variable, tf.GradientTape, a Keras
optimizer — with the names, signatures and results of `scratch.tf_tutorial`.

1. The quadratic cost J(w) = c0 w^2 + c1 w + c2 (coefficients [1, -10, 25] by default):
    quadratic_cost      TF ops on a constant of w's dtype
    train_step          w = tf.Variable(w); the tape's dJ/dw; one apply_gradients of
                        keras_mapping.course_sgd(learning_rate, dtype)
    minimize_cost       one tf.Variable and one optimizer for the whole run; past
                        graphs.COMPILE_AFTER iterations the loop is one traced graph (tf.range
                        under tf.function: a tf.while_loop), ws written to a TensorArray,
                        traced once per dtype and reused (_QuadraticRun)
   Keras keeps a float learning rate in a float32 variable and casts it to the weight's dtype at
   every step: for a float64 w, SGD(0.01) would step with 0.009999999776 (2.2e-8 relative off);
   course_sgd hands it over as a constant of w's dtype (parity_tests/test_tf_tutorial.py shows
   the unmapped optimizer drifting from the closed form and the mapped one on it).

2. The SIGNS network (X: (12288, m), one-hot Y: (6, m), as `scratch.tf_tutorial`), the
   assignment's TF code:
    initialize_parameters   tfimpl.initialization's variance_scaling(1, "fan_avg",
                            "truncated_normal") — Keras's GlorotNormal law, drawn from the course's
                            NumPy stream (RandomState(seed)) as every twin draws, so both twins
                            start from the same weights; b = 0
    forward_propagation     tf.math.add(tf.linalg.matmul(W, A), b), tf.nn.relu; the logits Z3
    compute_total_loss      tf.reduce_sum(keras.losses.categorical_crossentropy(
                            tf.transpose(labels), tf.transpose(logits), from_logits=True)) — the
                            assignment's own line (Keras's classes axis is -1: the transposes)
    compute_cost            the same with tf.reduce_mean
    predict                 tf.argmax over the classes
    model                   tf.Variables, a tf.GradientTape over the mini-batch's mean cost and
                            keras_mapping.CourseAdam (the course's bias-corrected Adam, epsilon
                            1e-8; stock Keras Adam folds the corrections into its rate and an
                            epsilon of 1e-7); the step traced once (tf.function); the mini-batches
                            are tfimpl.optimization.random_mini_batches with seed + 1, seed + 2, ...
    fit_keras (TF only)     Dense(25, relu), Dense(12, relu), Dense(6) holding the given weights
                            (layout.parameters_to_keras_weights), CourseAdam,
                            CategoricalCrossentropy(from_logits=True) (course_categorical_
                            crossentropy), model.fit epoch by epoch on the same permutation of the
                            examples, batched by minibatch_size in order (the course's
                            mini-batches) as a tf.data.Dataset: given arrays, fit would cast
                            float64 inputs to float32; (parameters, costs)
"""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
from conventions.softmax_checks import check_one_hot
from conventions.tf_tutorial_checks import (
    check_coefficients,
    check_logits_labels,
    check_signs_inputs,
    check_w,
)
from conventions.validation import (
    check_float_dtype,
    check_layer_dims,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_seed,
)
from conventions.vocabulary import (
    ADAM_DEFAULTS,
    QUADRATIC_COEFFICIENTS,
    QUADRATIC_LEARNING_RATE,
    QUADRATIC_STEPS,
    SIGNS_INIT_SEED,
    SIGNS_LAYERS,
    SIGNS_LEARNING_RATE,
    SIGNS_MINI_BATCH_SIZE,
    SIGNS_SEED,
)
from tfimpl import graphs, initialization, optimization
from tfimpl.keras_mapping import course_adam, course_categorical_crossentropy, course_sgd


# --- 1. the quadratic cost --------------------------------------------------------------------------
def quadratic_cost(w, coefficients=QUADRATIC_COEFFICIENTS):
    """J(w) = c0 w^2 + c1 w + c2 with TF ops: a 0-d tensor of w's dtype."""
    w = check_w(w)
    return _quadratic_cost(tf.constant(w), tf.constant(check_coefficients(coefficients, w.dtype)))


def _quadratic_cost(w, c):
    return c[0] * w ** 2 + c[1] * w + c[2]


def train_step(w, coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE):
    """One step of a Keras SGD (course_sgd) on tf.Variable(w), dJ/dw by the tape: a 0-d tensor."""
    w = check_w(w)
    c = tf.constant(check_coefficients(coefficients, w.dtype))
    variable = tf.Variable(tf.constant(w))
    optimizer = course_sgd(check_positive_float("learning_rate", learning_rate), variable.dtype)
    _train_step(variable, c, optimizer)
    return tf.identity(variable)


def _train_step(variable, c, optimizer):
    with tf.GradientTape() as tape:
        cost = _quadratic_cost(variable, c)
    optimizer.apply_gradients([(tape.gradient(cost, variable), variable)])


def minimize_cost(coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE,
                  num_iterations=QUADRATIC_STEPS, w0=0.0, dtype=tf.float32):
    """ws: (num_iterations + 1,) tensor of `dtype`: w0 and w after each of num_iterations steps of
    one Keras SGD on one tf.Variable."""
    dtype = tf.as_dtype(check_float_dtype(dtype))
    w = check_w(w0, dtype.as_numpy_dtype)
    c = tf.constant(check_coefficients(coefficients, dtype.as_numpy_dtype))
    return _minimize_cost(tf.constant(w), c, check_positive_float("learning_rate", learning_rate),
                          check_non_negative_int("num_iterations", num_iterations))


def _minimize_cost(w0, c, learning_rate, num_iterations):
    if num_iterations <= graphs.COMPILE_AFTER:
        variable = tf.Variable(w0)
        optimizer = course_sgd(learning_rate, variable.dtype)
        ws = [tf.identity(variable)]
        for _ in range(num_iterations):
            _train_step(variable, c, optimizer)
            ws.append(tf.identity(variable))
        return tf.stack(ws)
    run = _RUNS.get(w0.dtype) or _RUNS.setdefault(w0.dtype, _QuadraticRun(w0.dtype))
    return run(w0, c, learning_rate, num_iterations)


class _QuadraticRun:
    """A tf.Variable w, the learning rate in a variable of its dtype, a course_sgd optimizer on
    them and the whole loop as one traced graph (tf.range under tf.function: a tf.while_loop,
    ws written to a TensorArray), made once per dtype and reused: each call assigns w0 and the
    rate, and SGD's only state, its iteration count, does not enter its update — so a reused run
    computes what a fresh variable and optimizer do (the catalogue compares every step)."""

    def __init__(self, dtype):
        self.w = tf.Variable(tf.zeros((), dtype))
        self.rate = tf.Variable(tf.zeros((), dtype))
        self.optimizer = course_sgd(self.rate, dtype)
        self.optimizer.build([self.w])
        self.loop = tf.function(self._loop, input_signature=[tf.TensorSpec((3,), dtype),
                                                             tf.TensorSpec((), tf.int32)])

    def _loop(self, c, num_iterations):
        ws = tf.TensorArray(self.w.dtype, size=num_iterations + 1)
        ws = ws.write(0, self.w.read_value())
        for k in tf.range(num_iterations):
            _train_step(self.w, c, self.optimizer)
            ws = ws.write(k + 1, self.w.read_value())
        return ws.stack()

    def __call__(self, w0, c, learning_rate, num_iterations):
        self.w.assign(w0)
        self.rate.assign(tf.constant(learning_rate, self.w.dtype))
        return self.loop(c, tf.constant(num_iterations, tf.int32))


_RUNS = {}


# --- 2. the SIGNS network ---------------------------------------------------------------------------
def initialize_parameters(layers_dims=SIGNS_LAYERS, seed=SIGNS_INIT_SEED, dtype=tf.float64):
    """W{l}: Glorot normal (truncated at 2 std, variance 2 / (n_{l-1} + n_l)) from
    np.random.RandomState(seed), b{l}: zeros: tensors of `dtype`."""
    sizes = check_layer_dims(layers_dims)
    if len(sizes) != 4:
        raise ValueError(f"layers_dims: expected the tutorial's [n_x, 25, 12, 6] (3 layers), got "
                         f"{list(layers_dims)}")
    return _initialize_parameters(sizes, check_seed(seed), check_float_dtype(dtype))


def _initialize_parameters(sizes, stream, dtype):
    return initialization._initialize_parameters_variance_scaling(
        sizes, 1.0, "fan_avg", "truncated_normal", stream, tf.as_dtype(dtype))


def forward_propagation(X, parameters):
    """Z3 = W3 relu(W2 relu(W1 X + b1) + b2) + b3 with TF ops: (6, m) logits."""
    X, parameters, _ = check_signs_inputs(X, parameters)
    return _forward_propagation(tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()})


def _forward_propagation(X, parameters):
    A = X
    for l in (1, 2):
        A = tf.nn.relu(tf.math.add(tf.linalg.matmul(parameters[f"W{l}"], A), parameters[f"b{l}"]))
    return tf.math.add(tf.linalg.matmul(parameters["W3"], A), parameters["b3"])


def _cross_entropy(logits, labels):
    """Per example (m,): Keras's categorical_crossentropy from logits on the transposes."""
    return keras.losses.categorical_crossentropy(tf.transpose(labels), tf.transpose(logits),
                                                 from_logits=True)


def compute_total_loss(logits, labels):
    """tf.reduce_sum of the per-example cross-entropy from logits: a 0-d tensor."""
    logits, labels = check_logits_labels(logits, labels)
    return _compute_total_loss(tf.constant(logits), tf.constant(labels))


def _compute_total_loss(logits, labels):
    return tf.reduce_sum(_cross_entropy(logits, labels))


def compute_cost(logits, labels):
    """tf.reduce_mean of the per-example cross-entropy from logits: a 0-d tensor."""
    logits, labels = check_logits_labels(logits, labels)
    return _compute_cost(tf.constant(logits), tf.constant(labels))


def _compute_cost(logits, labels):
    return tf.reduce_mean(_cross_entropy(logits, labels))


def predict(X, parameters):
    """tf.argmax over the classes of the logits: (1, m) int64."""
    X, parameters, _ = check_signs_inputs(X, parameters)
    return _predict(tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()})


def _predict(X, parameters):
    Z3 = _forward_propagation(X, parameters)
    return tf.reshape(tf.argmax(Z3, axis=0, output_type=tf.int64), (1, -1))


def _checked_training(X_train, Y_train, X_test, Y_test, initial_parameters):
    if initial_parameters is None:
        dtype = np.asarray(X_train).dtype
        initial_parameters = {k: v.numpy() for k, v in initialize_parameters(
            [np.asarray(X_train).shape[0], *SIGNS_LAYERS[1:]], dtype=dtype).items()}
    X_train, parameters, sizes = check_signs_inputs(X_train, initial_parameters)
    X_test, _, _ = check_signs_inputs(X_test, parameters)
    Y_train = check_one_hot("Y_train", Y_train, sizes[-1], X_train.shape[1], X_train.dtype)
    Y_test = check_one_hot("Y_test", Y_test, sizes[-1], X_test.shape[1], X_test.dtype)
    return X_train, Y_train, X_test, Y_test, parameters


def model(X_train, Y_train, X_test, Y_test, learning_rate=SIGNS_LEARNING_RATE, num_epochs=1500,
          minibatch_size=SIGNS_MINI_BATCH_SIZE, print_cost=False, seed=SIGNS_SEED,
          initial_parameters=None):
    """Train with a tape and CourseAdam on the course's mini-batches; (parameters, costs,
    train_acc, test_acc) as scratch's."""
    X_train, Y_train, X_test, Y_test, parameters = _checked_training(
        X_train, Y_train, X_test, Y_test, initial_parameters)
    return _model(X_train, Y_train, X_test, Y_test, parameters,
                  check_positive_float("learning_rate", learning_rate),
                  check_non_negative_int("num_epochs", num_epochs),
                  check_positive_int("minibatch_size", minibatch_size), bool(print_cost),
                  check_non_negative_int("seed", seed))


def _model(X_train, Y_train, X_test, Y_test, parameters, learning_rate, num_epochs,
           minibatch_size, print_cost, seed):
    dtype = tf.as_dtype(X_train.dtype)
    names = list(parameters)
    variables = [tf.Variable(parameters[k]) for k in names]
    optimizer = course_adam(learning_rate, ADAM_DEFAULTS["beta1"], ADAM_DEFAULTS["beta2"],
                            ADAM_DEFAULTS["epsilon"], dtype)
    optimizer.build(variables)

    def step(X, Y):
        with tf.GradientTape() as tape:
            logits = _forward_propagation(X, dict(zip(names, variables)))
            cost = _compute_cost(logits, Y)
        optimizer.apply_gradients(zip(tape.gradient(cost, variables), variables))
        return _compute_total_loss(logits, Y)

    n_x, C = X_train.shape[0], Y_train.shape[0]
    step = tf.function(step, input_signature=[tf.TensorSpec((n_x, None), dtype),
                                              tf.TensorSpec((C, None), dtype)])
    X_all, Y_all, m, costs = tf.constant(X_train), tf.constant(Y_train), X_train.shape[1], []
    for epoch in range(num_epochs):
        seed = seed + 1
        epoch_total = tf.constant(0.0, dtype)
        for X, Y in optimization._random_mini_batches(X_all, Y_all, minibatch_size,
                                                      np.random.RandomState(seed)):
            epoch_total += step(X, Y)
        costs.append(epoch_total / m)
        if print_cost and epoch % 10 == 0:
            print(f"Cost after epoch {epoch}: {float(costs[-1])}")
    trained = {k: tf.identity(v) for k, v in zip(names, variables)}
    return (trained, costs, _accuracy(X_train, Y_train, trained), _accuracy(X_test, Y_test, trained))


def _accuracy(X, Y, parameters):
    right = tf.equal(_predict(tf.constant(X), parameters)[0], tf.argmax(Y, axis=0))
    return float(tf.reduce_mean(tf.cast(right, tf.float64)))


def fit_keras(X_train, Y_train, initial_parameters, learning_rate=SIGNS_LEARNING_RATE,
              num_epochs=1500, minibatch_size=SIGNS_MINI_BATCH_SIZE, seed=SIGNS_SEED):
    """The network as Keras layers trained by model.fit on the course's mini-batches (each epoch:
    the examples permuted by RandomState(seed + epoch + 1), fit with shuffle=False). Returns
    (parameters, costs): the trained weights in the course's layout and fit's loss per epoch
    (Keras's mean over the epoch's examples, accumulated in float32 by its metric)."""
    X_train, Y_train, _, _, parameters = _checked_training(X_train, Y_train, X_train, Y_train,
                                                           initial_parameters)
    return _fit_keras(X_train, Y_train, parameters,
                      check_positive_float("learning_rate", learning_rate),
                      check_non_negative_int("num_epochs", num_epochs),
                      check_positive_int("minibatch_size", minibatch_size),
                      check_non_negative_int("seed", seed))


def _fit_keras(X_train, Y_train, parameters, learning_rate, num_epochs, minibatch_size, seed):
    dtype = X_train.dtype.name
    sizes = layout.layer_sizes(parameters)
    net = keras.Sequential([keras.Input((sizes[0],), dtype=dtype)] + [
        keras.layers.Dense(n, activation="relu" if l < 3 else None, dtype=dtype)
        for l, n in enumerate(sizes[1:], start=1)])
    net.set_weights(layout.parameters_to_keras_weights(parameters))
    net.compile(optimizer=course_adam(learning_rate, ADAM_DEFAULTS["beta1"],
                                      ADAM_DEFAULTS["beta2"], ADAM_DEFAULTS["epsilon"], dtype),
                loss=course_categorical_crossentropy(dtype))
    x, y, costs = layout.examples_to_rows(X_train), layout.examples_to_rows(Y_train), []
    for _ in range(num_epochs):
        seed = seed + 1
        permutation = np.random.RandomState(seed).permutation(x.shape[0])
        # A Dataset, not arrays: Keras's array adapter casts float64 arrays to floatx (float32)
        # (keras/src/trainers/data_adapters/array_slicing.py, "Normalize floats to floatx").
        batches = tf.data.Dataset.from_tensor_slices((x[permutation], y[permutation]))
        history = net.fit(batches.batch(minibatch_size), epochs=1, shuffle=False, verbose=0)
        costs.append(history.history["loss"][0])
    trained = layout.parameters_from_keras_weights(net.get_weights())
    return trained, costs
