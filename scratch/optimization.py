"""Optimisation (course 2, week 2), NumPy twin: mini-batches, and gradient descent, momentum,
RMSprop and Adam as functions of plain data.

Shapes are the course's: X: (n_x, m), Y: (n_y, m) (examples in columns); parameters W{l}:
(n_l, n_{l-1}), b{l}: (n_l, 1); grads and the optimizer state v, s keyed dW{l}, db{l}, each entry
the shape and dtype of its parameter (conventions.optimizer_state). Every update returns new dicts
(the inputs are not modified). For a gradient g of a parameter w, at learning rate alpha:

    gradient descent   w <- w - alpha g
    momentum           v <- beta v + (1 - beta) g,          w <- w - alpha v
    RMSprop            s <- beta s + (1 - beta) g^2,        w <- w - alpha g / (sqrt(s) + eps)
                       (epsilon_inside=True: w <- w - alpha g / sqrt(s + eps), Keras's placement)
    Adam (step t >= 1) v <- beta1 v + (1 - beta1) g,        v_corrected = v / (1 - beta1^t)
                       s <- beta2 s + (1 - beta2) g^2,      s_corrected = s / (1 - beta2^t)
                       w <- w - alpha v_corrected / (sqrt(s_corrected) + eps)

The course counts Adam's steps itself: t = 0 before training, `t = t + 1` before each update, so
the first update has t = 1 (with t = 0 the corrections divide by 1 - beta^0 = 0).

Every public function `f` checks its arguments (conventions.validation) and delegates to its kernel
`_f`; a wrong variant replaces a kernel by setting this module's attribute.
"""

import math

import numpy as np

from conventions.validation import (
    check_adam_step,
    check_decay_rate,
    check_matrix,
    check_mini_batch_inputs,
    check_moments,
    check_network_grads,
    check_network_parameters,
    check_non_negative_float,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_seed,
)
from conventions.vocabulary import ADAM_DEFAULTS, MINI_BATCH_SIZE


# --- mini-batches -----------------------------------------------------------------------------------
def random_mini_batches(X, Y, mini_batch_size=MINI_BATCH_SIZE, seed=0):
    """[(mini_batch_X, mini_batch_Y), ...]: the columns of X and Y shuffled by one permutation,
    then cut into floor(m / mini_batch_size) complete mini-batches of mini_batch_size columns and,
    when m is not a multiple of it, one last partial mini-batch of the m % mini_batch_size columns
    left.

    seed: an int draws the permutation as the course does, np.random.seed(seed) then
    np.random.permutation(m) — from np.random.RandomState(seed), the same numbers, without
    touching NumPy's global state; a RandomState or Generator is drawn from as given.
    mini_batch_X: (n_x, size), mini_batch_Y: (n_y, size), copies in X's dtype.
    """
    X, Y, mini_batch_size = check_mini_batch_inputs(X, Y, mini_batch_size)
    return _random_mini_batches(X, Y, mini_batch_size, check_seed(seed))


def _random_mini_batches(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    permutation = rng.permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    complete = math.floor(m / mini_batch_size)
    mini_batches = [(shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                     shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size])
                    for k in range(complete)]
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, complete * mini_batch_size:],
                             shuffled_Y[:, complete * mini_batch_size:]))
    return mini_batches


# --- gradient descent -------------------------------------------------------------------------------
def _check_update(parameters, grads, learning_rate):
    parameters, _ = check_network_parameters(parameters)
    grads = check_network_grads(grads, parameters)
    return parameters, grads, check_positive_float("learning_rate", learning_rate)


def update_parameters_with_gd(parameters, grads, learning_rate):
    """W{l} <- W{l} - learning_rate dW{l}, b{l} <- b{l} - learning_rate db{l} (a new dict)."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    return _update_parameters_with_gd(parameters, grads, learning_rate)


def _update_parameters_with_gd(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}


# --- momentum ---------------------------------------------------------------------------------------
def _zeros_like(parameters):
    return {f"d{name}": np.zeros_like(value) for name, value in parameters.items()}


def initialize_velocity(parameters):
    """v: {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_velocity(parameters)


def _initialize_velocity(parameters):
    return _zeros_like(parameters)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One momentum step: v <- beta v + (1 - beta) g, w <- w - learning_rate v, for every
    parameter w and its gradient g. Returns (parameters, v), both new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    v = check_moments("v", v, parameters)
    return _update_parameters_with_momentum(parameters, grads, v, check_decay_rate("beta", beta),
                                            learning_rate)


def _update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    updated, velocity = {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        velocity[key] = beta * v[key] + (1 - beta) * grads[key]
        updated[name] = value - learning_rate * velocity[key]
    return updated, velocity


# --- RMSprop ----------------------------------------------------------------------------------------
def initialize_rmsprop(parameters):
    """s: {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_rmsprop(parameters)


def _initialize_rmsprop(parameters):
    return _zeros_like(parameters)


def update_parameters_with_rmsprop(parameters, grads, s, beta=0.9, learning_rate=0.01,
                                   epsilon=1e-8, epsilon_inside=False):
    """One RMSprop step: s <- beta s + (1 - beta) g^2 (g^2 element-wise), then
    w <- w - learning_rate g / (sqrt(s) + epsilon)   (the course: epsilon outside the root), or
    w <- w - learning_rate g / sqrt(s + epsilon)     (epsilon_inside=True: Keras's RMSprop).
    Returns (parameters, s), both new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    s = check_moments("s", s, parameters, non_negative=True)
    return _update_parameters_with_rmsprop(
        parameters, grads, s, check_decay_rate("beta", beta), learning_rate,
        check_non_negative_float("epsilon", epsilon), bool(epsilon_inside))


def _update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon,
                                    epsilon_inside):
    updated, square = {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        g = grads[key]
        square[key] = beta * s[key] + (1 - beta) * np.square(g)
        root = np.sqrt(square[key] + epsilon) if epsilon_inside else np.sqrt(square[key]) + epsilon
        updated[name] = value - learning_rate * g / root
    return updated, square


# --- Adam -------------------------------------------------------------------------------------------
def initialize_adam(parameters):
    """(v, s): two dicts {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_adam(parameters)


def _initialize_adam(parameters):
    return _zeros_like(parameters), _zeros_like(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t,
                                learning_rate=ADAM_DEFAULTS["learning_rate"],
                                beta1=ADAM_DEFAULTS["beta1"], beta2=ADAM_DEFAULTS["beta2"],
                                epsilon=ADAM_DEFAULTS["epsilon"]):
    """One Adam step, the t-th (t >= 1), for every parameter w and its gradient g:
    v <- beta1 v + (1 - beta1) g,   s <- beta2 s + (1 - beta2) g^2,
    w <- w - learning_rate (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon).
    The corrections 1 - beta^t are computed in float64 (Python numbers) and meet the arrays in
    their dtype. Returns (parameters, v, s), new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    v = check_moments("v", v, parameters)
    s = check_moments("s", s, parameters, non_negative=True)
    return _update_parameters_with_adam(
        parameters, grads, v, s, check_adam_step(t), learning_rate,
        check_decay_rate("beta1", beta1), check_decay_rate("beta2", beta2),
        check_non_negative_float("epsilon", epsilon))


def _update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2,
                                 epsilon):
    updated, first, second = {}, {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        g = grads[key]
        first[key] = beta1 * v[key] + (1 - beta1) * g
        second[key] = beta2 * s[key] + (1 - beta2) * np.square(g)
        v_corrected = first[key] / (1 - beta1 ** t)
        s_corrected = second[key] / (1 - beta2 ** t)
        updated[name] = value - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return updated, first, second


# --- exponentially weighted averages ----------------------------------------------------------------
def exponentially_weighted_averages(theta, beta=0.9, bias_correction=False):
    """v_t = beta v_{t-1} + (1 - beta) theta_t from v_0 = 0, for t = 1..T, along the columns of
    theta: (n, T) (each row a series; a (1, T) row for one series). bias_correction=True returns
    v_t / (1 - beta^t). The notes' example: theta_1 = 40, beta = 0.9 gives v_1 = 4, corrected 40;
    v averages over roughly the last 1 / (1 - beta) values. Returns v: (n, T)."""
    theta = check_matrix("theta", theta)
    return _exponentially_weighted_averages(theta, check_decay_rate("beta", beta),
                                            bool(bias_correction))


def _exponentially_weighted_averages(theta, beta, bias_correction):
    v = np.zeros(theta.shape[0], theta.dtype)
    averages = np.empty_like(theta)
    for t in range(theta.shape[1]):
        v = beta * v + (1 - beta) * theta[:, t]
        averages[:, t] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return averages


# --- learning-rate decay ----------------------------------------------------------------------------
def update_lr(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 / (1 + decay_rate * epoch_num) (epoch_num counted from 0)."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    return _update_lr(learning_rate0, epoch_num, decay_rate)


def _update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """The staircase: learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)), the
    rate lowered once every time_interval epochs."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    time_interval = check_positive_int("time_interval", time_interval)
    return _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)


def _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval):
    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))


def _check_decay(learning_rate0, epoch_num, decay_rate):
    return (check_positive_float("learning_rate0", learning_rate0),
            check_non_negative_int("epoch_num", epoch_num),
            check_non_negative_float("decay_rate", decay_rate))
