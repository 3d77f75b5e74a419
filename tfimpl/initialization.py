"""Initialisation of an L-layer network (course 2, week 1, "Initialization"), TensorFlow twin.

Same names, signatures, schemes and layout as `scratch.initialization` (W{l}: (n_l, n_{l-1}),
b{l}: (n_l, 1) zeros; see its docstring for the formulas). The course's initialisations are
defined by NumPy's legacy stream (np.random.seed(3); np.random.randn(...)), and one seed must
start both twins from the same weights, so the DRAWS here are that stream's (the same numbers, in
the same order, as scratch); everything done to them — scaling, the uniform's affine map, the
truncated normal's selection of the draws outside [-2, 2] and their replacement — is TF ops. The
twins therefore agree bit for bit.

Keras's own initialisers draw the same distributions from TensorFlow's generator: other numbers.
Their relation to the course's schemes is the table KERAS_EQUIVALENTS and the function
`keras_initializer` (TF-only), judged distributionally in parity_tests/test_initialization.py.
Two facts carry the mapping:
- Layout: a Keras Dense kernel is (n_{l-1}, n_l) = W{l}.T and Keras's fan_in is shape[0]. A Keras
  initialiser called on the course's shape (n_l, n_{l-1}) swaps fan_in and fan_out (a wrong
  variant the tests catch); `initialize_parameters_keras` draws the kernel's shape and transposes.
- Truncation: HeNormal, GlorotNormal and LecunNormal are TRUNCATED normals at 2 sigma with
  stddev sqrt(scale / fan) / 0.87962566 (variance scale / fan, bounded by 2.27 sqrt(scale / fan)).
  The course's randn forms are `VarianceScaling(scale, "fan_in", "untruncated_normal")`.
"""

import math

import keras
import numpy as np
import tensorflow as tf

from conventions.validation import (
    check_choice,
    check_float_dtype,
    check_labels,
    check_layer_dims,
    check_matrix,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_progress,
    check_seed,
)
from conventions.vocabulary import (
    COST_EVERY,
    INIT_DISTRIBUTIONS,
    INIT_MODES,
    INITIALIZATION_HIDDEN,
    INITIALIZATION_SCHEMES,
    INITIALIZATION_SEED,
    RANDOM_INIT_SCALE,
    TRUNCATED_NORMAL_STD,
)
from tfimpl import graphs


def _check(layers_dims, dtype, seed=None):
    sizes = check_layer_dims(layers_dims)
    dtype = tf.as_dtype(check_float_dtype(dtype))
    return sizes, dtype, (np.random if seed is None else check_seed(seed))


def _layers(sizes):
    return [(l, sizes[l], sizes[l - 1]) for l in range(1, len(sizes))]


def _parameters(weights, sizes, dtype):
    parameters = {}
    for (l, n, _), W in zip(_layers(sizes), weights):
        parameters[f"W{l}"] = tf.cast(W, dtype)
        parameters[f"b{l}"] = tf.zeros((n, 1), dtype=dtype)
    return parameters


def _f64(value):
    return tf.constant(value, dtype=tf.float64)


# --- draws: NumPy's legacy stream, then TF ops ---------------------------------------------------
def _normal(stream, shape):
    return _f64(stream.standard_normal(shape))


def _truncated_normal(stream, shape):
    """The stream's standard normals; those outside [-2, 2] are replaced (tf.where's row-major
    order) by the stream's next draws, until none is left."""
    x = _f64(stream.standard_normal(int(np.prod(shape))))
    outside = tf.where(tf.abs(x) > 2.0)
    while int(tf.shape(outside)[0]) > 0:
        x = tf.tensor_scatter_nd_update(x, outside, _f64(stream.standard_normal(
            int(tf.shape(outside)[0]))))
        outside = tf.where(tf.abs(x) > 2.0)
    return tf.reshape(x, shape)


def _uniform(stream, limit, shape):
    """U(-limit, limit) as NumPy's uniform computes it: low + (high - low) * random_sample."""
    low, high = _f64(-limit), _f64(limit)
    return low + (high - low) * _f64(stream.random_sample(shape))


def _fan(n, n_prev, mode):
    return max(1.0, {"fan_in": n_prev, "fan_out": n, "fan_avg": (n_prev + n) / 2.0}[mode])


# --- the schemes -------------------------------------------------------------------------------------
def initialize_parameters_zeros(layers_dims, dtype=tf.float64):
    """Every W{l}: (n_l, n_{l-1}) and b{l}: (n_l, 1) zero (tensors)."""
    sizes, dtype, _ = _check(layers_dims, dtype)
    return _initialize_parameters_zeros(sizes, dtype)


def _initialize_parameters_zeros(sizes, dtype):
    return _parameters([tf.zeros((n, n_prev), tf.float64) for _, n, n_prev in _layers(sizes)],
                       sizes, dtype)


def initialize_parameters_random(layers_dims, scale=RANDOM_INIT_SCALE, seed=INITIALIZATION_SEED,
                                 dtype=tf.float64):
    """W{l} = randn(n_l, n_{l-1}) * scale, b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_random(sizes, check_positive_float("scale", scale), stream, dtype)


def _initialize_parameters_random(sizes, scale, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * _f64(scale)
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_he(layers_dims, seed=INITIALIZATION_SEED, dtype=tf.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_he(sizes, stream, dtype)


def _initialize_parameters_he(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * tf.sqrt(_f64(2 / n_prev))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_xavier(layers_dims, seed=INITIALIZATION_SEED, dtype=tf.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(1 / n_{l-1}), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_xavier(sizes, stream, dtype)


def _initialize_parameters_xavier(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * tf.sqrt(_f64(1 / n_prev))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_glorot_normal(layers_dims, seed=INITIALIZATION_SEED, dtype=tf.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(2 / (n_{l-1} + n_l)), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_glorot_normal(sizes, stream, dtype)


def _initialize_parameters_glorot_normal(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * tf.sqrt(_f64(2 / (n_prev + n)))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_glorot_uniform(layers_dims, seed=INITIALIZATION_SEED, dtype=tf.float64):
    """W{l} ~ U(-limit, limit), limit = sqrt(6 / (n_{l-1} + n_l)), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_glorot_uniform(sizes, stream, dtype)


def _initialize_parameters_glorot_uniform(sizes, stream, dtype):
    return _parameters([_uniform(stream, math.sqrt(6 / (n_prev + n)), (n, n_prev))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_variance_scaling(layers_dims, scale=1.0, mode="fan_in",
                                           distribution="truncated_normal",
                                           seed=INITIALIZATION_SEED, dtype=tf.float64):
    """Keras's VarianceScaling(scale, mode, distribution) in the course's layout, drawn from the
    course's stream (see scratch.initialization): variance scale / fan, b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    check_choice("mode", mode, INIT_MODES)
    check_choice("distribution", distribution, INIT_DISTRIBUTIONS)
    return _initialize_parameters_variance_scaling(sizes, check_positive_float("scale", scale),
                                                   mode, distribution, stream, dtype)


def _initialize_parameters_variance_scaling(sizes, scale, mode, distribution, stream, dtype):
    weights = []
    for _, n, n_prev in _layers(sizes):
        variance = _f64(scale / _fan(n, n_prev, mode))
        if distribution == "truncated_normal":
            W = _truncated_normal(stream, (n, n_prev)) * (tf.sqrt(variance) /
                                                          _f64(TRUNCATED_NORMAL_STD))
        elif distribution == "untruncated_normal":
            W = _normal(stream, (n, n_prev)) * tf.sqrt(variance)
        else:
            W = _uniform(stream, math.sqrt(3.0 * float(variance)), (n, n_prev))
        weights.append(W)
    return _parameters(weights, sizes, dtype)


# --- Keras's initialisers (TF-only: scratch has no Keras) ------------------------------------------
# Each course scheme and its Keras initialiser of the same distribution on the Keras kernel
# (n_{l-1}, n_l): (class name, keyword arguments), and the scratch call of Keras's named
# initialisers (their truncated normals are scratch's variance_scaling "truncated_normal").
KERAS_EQUIVALENTS = {
    "zeros": ("Zeros", {}),
    "random": ("RandomNormal", {"mean": 0.0, "stddev": float(RANDOM_INIT_SCALE)}),
    "he": ("VarianceScaling", {"scale": 2.0, "mode": "fan_in", "distribution": "untruncated_normal"}),
    "xavier": ("VarianceScaling", {"scale": 1.0, "mode": "fan_in",
                                   "distribution": "untruncated_normal"}),
    "glorot_normal": ("VarianceScaling", {"scale": 1.0, "mode": "fan_avg",
                                          "distribution": "untruncated_normal"}),
    "glorot_uniform": ("GlorotUniform", {}),
}
KERAS_NAMED = {
    # Keras initialiser -> the scratch.initialization call drawing its distribution
    "HeNormal": ("variance_scaling", {"scale": 2.0, "mode": "fan_in",
                                      "distribution": "truncated_normal"}),
    "LecunNormal": ("variance_scaling", {"scale": 1.0, "mode": "fan_in",
                                         "distribution": "truncated_normal"}),
    "GlorotNormal": ("variance_scaling", {"scale": 1.0, "mode": "fan_avg",
                                          "distribution": "truncated_normal"}),
    "GlorotUniform": ("glorot_uniform", {}),
    "Zeros": ("zeros", {}),
}


def keras_initializer(scheme, seed=None):
    """The Keras initialiser drawing the course scheme's distribution on a Dense kernel
    (n_{l-1}, n_l) (KERAS_EQUIVALENTS); `seed` is Keras's (TensorFlow's generator)."""
    check_choice("scheme", scheme, tuple(KERAS_EQUIVALENTS))
    name, kwargs = KERAS_EQUIVALENTS[scheme]
    if name == "Zeros":
        return keras.initializers.Zeros()
    return getattr(keras.initializers, name)(**kwargs, seed=seed)


def initialize_parameters_keras(layers_dims, initializer, dtype=tf.float64):
    """Course-layout parameters drawn by a Keras initialiser (an instance or a name such as
    "he_normal"): W{l} = initializer((n_{l-1}, n_l)).T, the Dense kernel's shape transposed, so
    Keras's fan_in is n_{l-1}; b{l} = 0."""
    sizes = check_layer_dims(layers_dims)
    dtype = tf.as_dtype(dtype)
    initializer = keras.initializers.get(initializer)
    return _parameters([tf.transpose(initializer((n_prev, n), dtype=dtype))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


# --- the assignment's experiments: model(...) on the circles ------------------------------------------
def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", *,
          initial_parameters=None, progress=None, compiled=None):
    """The assignment's experiment (see scratch.initialization.model): full-batch gradient descent
    on LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, [n_x, 10, 5, 1], from this module's
    `initialize_parameters_<initialization>` (the course's stream: the same initial weights as
    scratch). Returns the trained parameters (tensors).

    Each iteration: the forward pass with TF ops, the course's cost 1/m nansum(...) (reported,
    +inf where a wrong answer saturates), the gradients by tf.GradientTape of the mean
    cross-entropy from the logits Z3 (its dZ3 is 1/m (sigmoid(Z3) - Y), the course's, and stays
    finite where the course's printed cost is inf), and W -= learning_rate dW.
    compiled: one tf.function step per iteration (default when num_iterations >
    graphs.COMPILE_AFTER) or eager steps (False). Costs every 1000 iterations as scratch's.
    """
    X = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(X.dtype)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    check_choice("initialization", initialization, INITIALIZATION_SCHEMES)
    check_progress(progress)
    sizes = [X.shape[0], *INITIALIZATION_HIDDEN, 1]
    if initial_parameters is None:
        parameters = globals()[f"initialize_parameters_{initialization}"](sizes, dtype=X.dtype)
    else:
        parameters, given = check_network_parameters(initial_parameters)
        if given != sizes:
            raise ValueError(f"initial_parameters: expected the layer sizes {sizes}, got {given}")
    parameters = {k: tf.constant(v, X.dtype) for k, v in parameters.items()}
    compiled = bool(compiled or (compiled is None and num_iterations > graphs.COMPILE_AFTER))
    return _model(tf.constant(X), tf.constant(Y), parameters, learning_rate, num_iterations,
                  print_cost, progress, compiled)


def _logits(X, parameters):
    A1 = tf.nn.relu(tf.matmul(parameters["W1"], X) + parameters["b1"])
    A2 = tf.nn.relu(tf.matmul(parameters["W2"], A1) + parameters["b2"])
    return tf.matmul(parameters["W3"], A2) + parameters["b3"]


def _compute_loss(Z3, Y):
    """The course's 1/m nansum(-Y log A3 - (1 - Y) log(1 - A3)) at A3 = sigmoid(Z3)."""
    A3 = tf.sigmoid(Z3)
    logprobs = -Y * tf.math.log(A3) - (1 - Y) * tf.math.log(1 - A3)
    m = tf.cast(tf.shape(Y)[1], Y.dtype)
    return tf.reduce_sum(tf.where(tf.math.is_nan(logprobs), tf.zeros_like(logprobs), logprobs)) / m


def _model(X, Y, parameters, learning_rate, num_iterations, print_cost, progress, compiled):
    names = list(parameters)
    variables = [tf.Variable(parameters[k]) for k in names]
    rate = tf.constant(learning_rate, X.dtype)
    m = tf.cast(tf.shape(Y)[1], X.dtype)

    def step():
        """One iteration; returns the cost before its update."""
        with tf.GradientTape() as tape:
            Z3 = _logits(X, dict(zip(names, variables)))
        dZ3 = (tf.sigmoid(Z3) - Y) / m
        grads = tape.gradient(Z3, variables, output_gradients=dZ3)
        for variable, gradient in zip(variables, grads):
            variable.assign_sub(rate * gradient)
        return _compute_loss(Z3, Y)

    def steps(n):
        """n iterations in one graph (tf.while_loop); returns the first one's cost."""
        def body(j, first):
            cost = step()
            return j + 1, tf.where(tf.equal(j, 0), cost, first)
        return tf.while_loop(lambda j, _: j < n, body, (tf.constant(0), tf.zeros((), X.dtype)))[1]

    every = COST_EVERY["initialization"]
    if compiled:
        steps = tf.function(steps, jit_compile=False, autograph=False).get_concrete_function(
            tf.TensorSpec((), tf.int32))
    for start in range(0, num_iterations, every):
        n = min(every, num_iterations - start)
        cost = steps(tf.constant(n)) if compiled else [step() for _ in range(n)][0]
        if print_cost:
            print(f"Cost after iteration {start}: {float(cost)}")
        if progress is not None:
            progress(start, cost)
    return {k: tf.convert_to_tensor(v) for k, v in zip(names, variables)}
