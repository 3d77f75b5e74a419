"""Gradient checking (course 2, week 1), TensorFlow twin.

Same names, signatures, layouts and verdict as `scratch.gradient_check` (see its docstring). The
analytic gradients are the tape's: backward_propagation(x, theta) is the tape's dJ/dtheta of
J = theta x, and backward_propagation_n is `tfimpl.regularization`'s tape backward pass at
lambd = 0 (the course's keys and convention). The numerical gradient is the same two-sided
difference, computed with TF ops: theta +- eps e_i by tf.tensor_scatter_nd_add, the cost by TF ops,
the difference by tf.norm. Values are tensors (the difference a 0-d float64 tensor).
"""

import numpy as np
import tensorflow as tf

from conventions.regularization_checks import check_lambd, check_named_cache, check_no_dropout
from conventions.validation import (
    check_labels,
    check_matrix,
    check_network_inputs,
    check_positive_float,
)
from conventions.vocabulary import GRADIENT_CHECK_DIMS, GRADIENT_CHECK_THRESHOLD, REGULARIZATION_CACHE
from tfimpl import regularization as _regularization

PARAMETER_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _check_scalar(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise TypeError(f"{name}: expected a finite number, got {value!r}")
    return tf.constant(float(value), tf.float64)


# --- 1-D ----------------------------------------------------------------------------------------------
def forward_propagation(x, theta):
    """J = theta * x (0-d tensor)."""
    return _forward_propagation(_check_scalar("x", x), _check_scalar("theta", theta))


def _forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    """dJ/dtheta by the tape."""
    return _backward_propagation(_check_scalar("x", x), _check_scalar("theta", theta))


def _backward_propagation(x, theta):
    with tf.GradientTape() as tape:
        tape.watch(theta)
        J = _forward_propagation(x, theta)
    return tape.gradient(J, theta)


def _difference(grad, gradapprox):
    denominator = tf.norm(grad) + tf.norm(gradapprox)
    if float(denominator) == 0.0:
        return tf.constant(0.0, grad.dtype)
    return tf.norm(grad - gradapprox) / denominator


def _verdict(difference, print_msg):
    if print_msg:
        if float(difference) > GRADIENT_CHECK_THRESHOLD:
            print(f"There is a mistake in the backward propagation! difference = {float(difference)}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {float(difference)}")


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """The two-sided check of J = theta x at theta; returns the difference."""
    return _gradient_check(_check_scalar("x", x), _check_scalar("theta", theta),
                           check_positive_float("epsilon", epsilon), bool(print_msg))


def _gradient_check(x, theta, epsilon, print_msg):
    eps = tf.constant(epsilon, tf.float64)
    J_plus = _forward_propagation(x, theta + eps)
    J_minus = _forward_propagation(x, theta - eps)
    gradapprox = (J_plus - J_minus) / (2 * eps)
    grad = _backward_propagation(x, theta)
    difference = _difference(grad, gradapprox)
    _verdict(difference, print_msg)
    return difference


# --- vectors and dictionaries ---------------------------------------------------------------------------
def _check_parameters(parameters, prefix=""):
    missing = [f"{prefix}{k}" for k in PARAMETER_KEYS if f"{prefix}{k}" not in parameters]
    if missing:
        raise KeyError(f"{'gradients' if prefix else 'parameters'}: missing {missing} (has "
                       f"{sorted(parameters)})")
    return {f"{prefix}{k}": tf.constant(check_matrix(f"{prefix}{k}", parameters[f"{prefix}{k}"]))
            for k in PARAMETER_KEYS}


def dictionary_to_vector(parameters):
    """(theta: (n, 1) tensor, keys), blocks W1, b1, W2, b2, W3, b3 in order."""
    return _dictionary_to_vector(_check_parameters(parameters))


def _dictionary_to_vector(parameters):
    theta = tf.concat([tf.reshape(parameters[k], (-1, 1)) for k in PARAMETER_KEYS], axis=0)
    keys = [k for k in PARAMETER_KEYS for _ in range(int(tf.size(parameters[k])))]
    return theta, keys


def _shapes(layers_dims):
    return {k: shape for l in range(1, len(layers_dims)) for k, shape in (
        (f"W{l}", (layers_dims[l], layers_dims[l - 1])), (f"b{l}", (layers_dims[l], 1)))}


def vector_to_dictionary(theta, layers_dims=GRADIENT_CHECK_DIMS):
    """The parameters dict (tensors) of a (n, 1) theta laid out for `layers_dims`."""
    layers_dims = list(layers_dims)
    if len(layers_dims) != 4:
        raise ValueError(f"layers_dims: expected the 3-layer [n_x, n_1, n_2, n_3], got {layers_dims}")
    n = sum(int(np.prod(s)) for s in _shapes(layers_dims).values())
    return _vector_to_dictionary(tf.constant(check_matrix("theta", theta, rows=n, cols=1)),
                                 layers_dims)


def _vector_to_dictionary(theta, layers_dims):
    parameters, start = {}, 0
    for k, shape in _shapes(layers_dims).items():
        size = int(np.prod(shape))
        parameters[k] = tf.reshape(theta[start:start + size], shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """(n, 1) tensor: dW1, db1, dW2, db2, dW3, db3 flattened and stacked."""
    return _gradients_to_vector(_check_parameters(gradients, "d"))


def _gradients_to_vector(gradients):
    return tf.concat([tf.reshape(gradients[f"d{k}"], (-1, 1)) for k in PARAMETER_KEYS], axis=0)


# --- the 3-layer network ------------------------------------------------------------------------------
def _check_3_layers(X, parameters):
    X, parameters, sizes = check_network_inputs(X, parameters, layers=3)
    return tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()}, sizes


def _check_Y(Y, X):
    return tf.constant(check_labels("Y", Y, m=X.shape[1], dtype=X.dtype.as_numpy_dtype))


def forward_propagation_n(X, Y, parameters):
    """(cost, cache) of the 3-layer network with TF ops."""
    X, parameters, _ = _check_3_layers(X, parameters)
    return _forward_propagation_n(X, _check_Y(Y, X), parameters)


def _forward_propagation_n(X, Y, parameters):
    A3, cache = _regularization._forward_propagation(X, parameters)
    m = tf.cast(tf.shape(X)[1], X.dtype)
    logprobs = -tf.math.log(A3) * Y - tf.math.log(1 - A3) * (1 - Y)
    return tf.reduce_sum(logprobs) / m, cache


def _cost_n(X, Y, parameters, lambd):
    """forward_propagation_n's cost, plus lambd / (2 m) sum ||W{l}||_F^2 when lambd > 0 (TF ops)."""
    J, _ = _forward_propagation_n(X, Y, parameters)
    if lambd:
        m = tf.cast(tf.shape(X)[1], X.dtype)
        J = J + tf.constant(lambd, X.dtype) / (2 * m) * tf.add_n(
            [tf.reduce_sum(tf.square(parameters[k])) for k in ("W1", "W2", "W3")])
    return J


def backward_propagation_n(X, Y, cache):
    """The tape's gradients of forward_propagation_n's cost (the course's keys and convention)."""
    X = tf.constant(check_matrix("X", X))
    cache = tuple(tf.constant(c) for c in check_named_cache(cache, REGULARIZATION_CACHE))
    return _backward_propagation_n(X, _check_Y(Y, X), cache)


def _backward_propagation_n(X, Y, cache):
    return _regularization._backward_propagation_with_regularization(X, Y, cache, 0.0)


def _check_n(parameters, gradients, X, Y, epsilon, lambd=0, keep_prob=1):
    X, parameters, sizes = _check_3_layers(X, parameters)
    gradients = _check_parameters(gradients, "d")
    for k in PARAMETER_KEYS:
        if gradients[f"d{k}"].shape != parameters[k].shape:
            raise ValueError(f"gradients['d{k}']: expected shape {tuple(parameters[k].shape)}, got "
                             f"{tuple(gradients[f'd{k}'].shape)}")
    check_no_dropout(keep_prob)
    return (parameters, gradients, X, _check_Y(Y, X), sizes, check_positive_float("epsilon", epsilon),
            check_lambd(lambd))


def _gradapprox(parameters, X, Y, sizes, epsilon, lambd=0.0):
    theta, keys = _dictionary_to_vector(parameters)
    eps = tf.constant(epsilon, theta.dtype)
    entries = []
    for i in range(int(theta.shape[0])):
        step = tf.tensor_scatter_nd_add(tf.zeros_like(theta), [[i, 0]], [eps])
        J_plus = _cost_n(X, Y, _vector_to_dictionary(theta + step, sizes), lambd)
        J_minus = _cost_n(X, Y, _vector_to_dictionary(theta - step, sizes), lambd)
        entries.append((J_plus - J_minus) / (2 * eps))
    return keys, tf.reshape(tf.stack(entries), (-1, 1))


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, lambd=0,
                     keep_prob=1):
    """The two-sided check of `gradients` against the cost's central differences (TF ops); lambd
    and keep_prob as scratch's (the L2-regularised cost; dropout refused)."""
    checked = _check_n(parameters, gradients, X, Y, epsilon, lambd, keep_prob)
    return _gradient_check_n(*checked, bool(print_msg))


def _gradient_check_n(parameters, gradients, X, Y, sizes, epsilon, lambd, print_msg):
    _, gradapprox = _gradapprox(parameters, X, Y, sizes, epsilon, lambd)
    difference = _difference(_gradients_to_vector(gradients), gradapprox)
    _verdict(difference, print_msg)
    return difference


def gradient_check_blocks(parameters, gradients, X, Y, epsilon=1e-7, lambd=0, keep_prob=1):
    """{"W1": difference, "b1": ..., ...}: the difference restricted to each parameter block."""
    return _gradient_check_blocks(*_check_n(parameters, gradients, X, Y, epsilon, lambd, keep_prob))


def _gradient_check_blocks(parameters, gradients, X, Y, sizes, epsilon, lambd):
    keys, gradapprox = _gradapprox(parameters, X, Y, sizes, epsilon, lambd)
    grad = _gradients_to_vector(gradients)
    keys = np.array(keys)
    return {k: _difference(tf.boolean_mask(grad, keys == k), tf.boolean_mask(gradapprox, keys == k))
            for k in PARAMETER_KEYS}
