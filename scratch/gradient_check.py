"""Gradient checking (course 2, week 1, "Gradient Checking"), NumPy twin.

1-D: J(theta) = theta * x, dJ/dtheta = x.
    gradient_check(x, theta, epsilon=1e-7, print_msg=False): gradapprox = (J(theta + eps) -
    J(theta - eps)) / (2 eps); difference = |grad - gradapprox| / (|grad| + |gradapprox|).
N-D: the assignment's 3-layer network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID
    (its own sizes [4, 5, 3, 1]: 47 parameters), cost J = 1/m sum(-Y log A3 - (1 - Y) log(1 - A3)).
    forward_propagation_n(X, Y, parameters) -> (cost, cache), cache = (Z1, A1, W1, b1, Z2, A2, W2,
    b2, Z3, A3, W3, b3); backward_propagation_n(X, Y, cache) -> gradients {"dZ3", "dW3", "db3",
    "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"} (the course's convention: dZ, dA of
    m J; dW, db of J).
    dictionary_to_vector(parameters) -> (theta: (n, 1), keys): W1, b1, W2, b2, W3, b3 flattened
    row-major and stacked; keys[i] names the block entry i belongs to. vector_to_dictionary(theta,
    layers_dims=[4, 5, 3, 1]) undoes it; gradients_to_vector(gradients) stacks dW1, db1, ... alike.
    gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, lambd=0,
    keep_prob=1): for every entry
    i of theta, gradapprox[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps); difference =
    ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2). The notes' verdict: a difference
    below GRADIENT_CHECK_THRESHOLD = 2e-7 is right, above it a mistake is likely.
    With lambd > 0 the cost is J + lambd / (2 m) sum ||W{l}||^2 (check the gradients of
    regularization.backward_propagation_with_regularization); keep_prob < 1 is refused with the
    notes' rule: turn dropout off while checking (random masks make J no function of theta).
    gradient_check_blocks(...): the same difference per parameter block ({"W1": ..., "b1": ...}),
    so that a flagged check names where the backward pass is wrong.

Rounding: J(theta +- eps) carry ~u |J| error each (u = 1.1e-16), so each gradapprox entry is within
~u |J| / eps = 1e-9 |J| of the central difference of exact arithmetic, whose own truncation error is
O(eps^2 J''') — a correct backward pass gives differences of ~1e-9 to 1e-8, far below 2e-7.

Every public `f` checks its arguments (conventions.validation) and delegates to `_f`; kernels call
kernels through this module's globals.
"""

import numpy as np

from conventions.regularization_checks import check_lambd, check_named_cache, check_no_dropout
from conventions.validation import (
    check_labels,
    check_matrix,
    check_network_inputs,
    check_positive_float,
)
from conventions.vocabulary import GRADIENT_CHECK_DIMS, GRADIENT_CHECK_THRESHOLD, REGULARIZATION_CACHE
from scratch import regularization as _regularization

PARAMETER_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _check_scalar(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise TypeError(f"{name}: expected a finite number, got {value!r}")
    return float(value)


# --- 1-D ----------------------------------------------------------------------------------------------
def forward_propagation(x, theta):
    """J = theta * x."""
    return _forward_propagation(_check_scalar("x", x), _check_scalar("theta", theta))


def _forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    """dJ/dtheta = x."""
    return _backward_propagation(_check_scalar("x", x), _check_scalar("theta", theta))


def _backward_propagation(x, theta):
    return x


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """The two-sided check of J = theta x at theta; returns the difference."""
    return _gradient_check(_check_scalar("x", x), _check_scalar("theta", theta),
                           check_positive_float("epsilon", epsilon), bool(print_msg))


def _difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||); 0 when both are 0 (a dead block)."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return np.linalg.norm(grad - gradapprox) / denominator if denominator else 0.0


def _verdict(difference, print_msg):
    if print_msg:
        if difference > GRADIENT_CHECK_THRESHOLD:
            print(f"There is a mistake in the backward propagation! difference = {difference}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {difference}")


def _gradient_check(x, theta, epsilon, print_msg):
    J_plus = _forward_propagation(x, theta + epsilon)
    J_minus = _forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = _backward_propagation(
        x,
        theta,  # pragma: no mutate - dJ/dtheta = x: the 1-D gradient does not depend on theta
    )
    difference = _difference(np.asarray(grad), np.asarray(gradapprox))
    _verdict(difference, print_msg)
    return difference


# --- vectors and dictionaries ---------------------------------------------------------------------------
def _check_parameters(parameters, prefix=""):
    missing = [f"{prefix}{k}" for k in PARAMETER_KEYS if f"{prefix}{k}" not in parameters]
    if missing:
        raise KeyError(f"{'gradients' if prefix else 'parameters'}: missing {missing} (has "
                       f"{sorted(parameters)})")
    return {f"{prefix}{k}": check_matrix(f"{prefix}{k}", parameters[f"{prefix}{k}"])
            for k in PARAMETER_KEYS}


def dictionary_to_vector(parameters):
    """(theta: (n, 1), keys: list of n block names), blocks W1, b1, W2, b2, W3, b3 in order."""
    return _dictionary_to_vector(_check_parameters(parameters))


def _dictionary_to_vector(parameters):
    blocks = [parameters[k].reshape(
        -1,  # pragma: no mutate - NumPy reads any negative size as "the rest": -2 alike
        1) for k in PARAMETER_KEYS]
    keys = [k for k in PARAMETER_KEYS for _ in range(parameters[k].size)]
    return np.concatenate(
        blocks,
        axis=0,  # pragma: no mutate - concatenate's default axis is 0
    ), keys


def _shapes(layers_dims):
    return {k: shape for l in range(1, len(layers_dims)) for k, shape in (
        (f"W{l}", (layers_dims[l], layers_dims[l - 1])), (f"b{l}", (layers_dims[l], 1)))}


def vector_to_dictionary(theta, layers_dims=GRADIENT_CHECK_DIMS):
    """The parameters dict of a (n, 1) theta laid out by dictionary_to_vector for `layers_dims`
    (the assignment's [4, 5, 3, 1] by default)."""
    layers_dims = list(layers_dims)
    if len(layers_dims) != 4:
        raise ValueError(f"layers_dims: expected the 3-layer [n_x, n_1, n_2, n_3], got {layers_dims}")
    shapes = _shapes(layers_dims)
    n = sum(int(np.prod(s)) for s in shapes.values())
    theta = check_matrix("theta", theta, rows=n, cols=1)
    return _vector_to_dictionary(theta, layers_dims)


def _vector_to_dictionary(theta, layers_dims):
    parameters, start = {}, 0
    for k, shape in _shapes(layers_dims).items():
        size = int(np.prod(shape))
        parameters[k] = theta[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """(n, 1): dW1, db1, dW2, db2, dW3, db3 flattened and stacked (other keys ignored)."""
    return _gradients_to_vector(_check_parameters(gradients, "d"))


def _gradients_to_vector(gradients):
    return np.concatenate([gradients[f"d{k}"].reshape(
        -1,  # pragma: no mutate - NumPy reads any negative size as "the rest": -2 alike
        1) for k in PARAMETER_KEYS],
        axis=0,  # pragma: no mutate - concatenate's default axis is 0
    )


# --- the 3-layer network ------------------------------------------------------------------------------
def _check_3_layers(X, parameters):
    return check_network_inputs(X, parameters, layers=3)


def forward_propagation_n(X, Y, parameters):
    """(cost, cache) of the 3-layer network (see the module's docstring)."""
    X, parameters, _ = _check_3_layers(X, parameters)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(
        X.dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )
    return _forward_propagation_n(X, Y, parameters)


def _forward_propagation_n(X, Y, parameters):
    A3, cache = _regularization._forward_propagation(X, parameters)
    m = X.shape[1]
    logprobs = -np.log(A3) * Y - np.log(1 - A3) * (1 - Y)
    return np.squeeze(1 / m * np.sum(logprobs)), cache


def _cost_n(X, Y, parameters, lambd):
    """forward_propagation_n's cost, plus lambd / (2 m) sum ||W{l}||_F^2 when lambd > 0."""
    J, _ = _forward_propagation_n(X, Y, parameters)
    if lambd:
        J = J + lambd / (2 * X.shape[1]) * sum(np.sum(np.square(parameters[k]))
                                               for k in ("W1", "W2", "W3"))
    return J


def backward_propagation_n(X, Y, cache):
    """The gradients of forward_propagation_n's cost (the course's keys and convention)."""
    X = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(
        X.dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )
    return _backward_propagation_n(X, Y, check_named_cache(cache, REGULARIZATION_CACHE))


def _backward_propagation_n(X, Y, cache):
    return _regularization._backward_propagation_with_regularization(X, Y, cache, 0.0)


def _check_n(parameters, gradients, X, Y, epsilon, lambd, keep_prob):
    X, parameters, sizes = _check_3_layers(X, parameters)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(
        X.dtype,  # pragma: no mutate - float32 central differences at eps = 1e-7 are noise either way
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )
    gradients = _check_parameters(gradients, "d")
    for k in PARAMETER_KEYS:
        if gradients[f"d{k}"].shape != parameters[k].shape:
            raise ValueError(f"gradients['d{k}']: expected shape {parameters[k].shape}, got "
                             f"{gradients[f'd{k}'].shape}")
    check_no_dropout(keep_prob)
    return (parameters, gradients, X, Y, sizes, check_positive_float("epsilon", epsilon),
            check_lambd(lambd))


def _gradapprox(parameters, X, Y, sizes, epsilon, lambd):
    """(theta's keys, the central differences of the cost, entry by entry)."""
    theta, keys = _dictionary_to_vector(parameters)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = np.copy(theta), np.copy(theta)
        plus[i, 0] += epsilon
        minus[i, 0] -= epsilon
        J_plus = _cost_n(X, Y, _vector_to_dictionary(plus, sizes), lambd)
        J_minus = _cost_n(X, Y, _vector_to_dictionary(minus, sizes), lambd)
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return keys, gradapprox


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, lambd=0,
                     keep_prob=1):
    """The two-sided check of `gradients` against the cost's central differences; returns the
    difference (below GRADIENT_CHECK_THRESHOLD = 2e-7: right). lambd > 0 checks the L2-regularised
    cost J + lambd / (2 m) sum ||W{l}||^2 (gradients from backward_propagation_with_regularization);
    keep_prob other than 1 is refused: the notes turn dropout off while checking."""
    checked = _check_n(parameters, gradients, X, Y, epsilon, lambd, keep_prob)
    return _gradient_check_n(*checked, bool(print_msg))


def _gradient_check_n(parameters, gradients, X, Y, sizes, epsilon, lambd, print_msg):
    _, gradapprox = _gradapprox(parameters, X, Y, sizes, epsilon, lambd)
    difference = _difference(_gradients_to_vector(gradients), gradapprox)
    _verdict(difference, print_msg)
    return difference


def gradient_check_blocks(parameters, gradients, X, Y, epsilon=1e-7, lambd=0, keep_prob=1):
    """{"W1": difference, "b1": ..., ...}: gradient_check_n's difference restricted to each
    parameter block, which names the blocks a wrong backward pass gets wrong."""
    return _gradient_check_blocks(*_check_n(parameters, gradients, X, Y, epsilon, lambd, keep_prob))


def _gradient_check_blocks(parameters, gradients, X, Y, sizes, epsilon, lambd):
    keys, gradapprox = _gradapprox(parameters, X, Y, sizes, epsilon, lambd)
    grad = _gradients_to_vector(gradients)
    keys = np.array(keys)
    return {k: _difference(grad[keys == k], gradapprox[keys == k]) for k in PARAMETER_KEYS}
