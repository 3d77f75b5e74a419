"""Batch normalisation (course 2, week 3), TensorFlow twin.

Same names, signatures, shapes and cache as `scratch.batchnorm` (Z: (n, m) examples in columns;
gamma, beta, mu, var, running statistics: (n, 1); cache = (Z, gamma, beta, epsilon)):
    batch_statistics      tf.nn.moments over the examples (axis 1): the mean and the mean of
                          squared deviations (biased variance)
    batchnorm_forward     Z_tilde = gamma * (Z - mu) / sqrt(var + epsilon) + beta, TF ops
    batchnorm_backward    a tf.GradientTape vector-Jacobian product of batchnorm_forward at the
                          cached (Z, gamma, beta) with output gradient dZ_tilde -- never the hand
                          formulas -- giving (dZ, dgamma, dbeta)
    update_running_stats  momentum * running + (1 - momentum) * batch, TF ops
    batchnorm_inference   the forward formula with the running statistics

Keras's own layer (`keras.layers.BatchNormalization`, examples in rows) is configured to compute
these in `tfimpl.keras_mapping.course_batch_normalization`.

Every public `f` checks its arguments with conventions.validation (NumPy side; errors name the
argument) and hands tensors to its kernel `_f`.
"""

import tensorflow as tf

from conventions.validation import (
    check_batchnorm_cache,
    check_batchnorm_inputs,
    check_epsilon,
    check_matrix,
    check_momentum,
    check_running_stats,
    check_same_dtype,
    check_unit_vector,
)
from conventions.vocabulary import BATCHNORM_EPSILON, BATCHNORM_MOMENTUM


def _tensor(given, checked):
    """`given` itself when it already is a tensor of the checked array's dtype, else a constant."""
    if isinstance(given, tf.Tensor) and given.dtype.as_numpy_dtype == checked.dtype:
        return given
    return tf.constant(checked)


def _tensors(given, checked):
    return tuple(_tensor(g, c) for g, c in zip(given, checked))


def batch_statistics(Z):
    """Per-unit mean and biased variance over the examples: (mu, var), each (n, 1)."""
    return _batch_statistics(_tensor(Z, check_matrix("Z", Z)))


def _batch_statistics(Z):
    return tf.nn.moments(Z, axes=[1], keepdims=True)


def _normalize(Z, mu, var, epsilon):
    return (Z - mu) / tf.sqrt(var + epsilon)


def batchnorm_forward(Z, gamma, beta, epsilon=BATCHNORM_EPSILON):
    """Training-mode batch norm with the mini-batch's own statistics. Returns (Z_tilde, cache),
    cache = (Z, gamma, beta, epsilon)."""
    checked = check_batchnorm_inputs(Z, gamma, beta)
    return _batchnorm_forward(*_tensors((Z, gamma, beta), checked), check_epsilon(epsilon))


def _batchnorm_forward(Z, gamma, beta, epsilon):
    mu, var = _batch_statistics(Z)
    Z_tilde = gamma * _normalize(Z, mu, var, epsilon) + beta
    return Z_tilde, (Z, gamma, beta, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    """(dZ, dgamma, dbeta): the tape's VJP of batchnorm_forward at the cache, output gradient
    dZ_tilde (n, m)."""
    Z, gamma, beta, epsilon = check_batchnorm_cache(cache)
    checked_dZ = check_matrix("dZ_tilde", dZ_tilde, *Z.shape)
    check_same_dtype(dZ_tilde=checked_dZ, Z=Z)
    tensors = _tensors(cache[:3], (Z, gamma, beta))
    return _batchnorm_backward(_tensor(dZ_tilde, checked_dZ), (*tensors, epsilon))


def _batchnorm_backward(dZ_tilde, cache):
    Z, gamma, beta, epsilon = cache
    with tf.GradientTape() as tape:
        tape.watch([Z, gamma, beta])
        Z_tilde, _ = _batchnorm_forward(Z, gamma, beta, epsilon)
    dZ, dgamma, dbeta = tape.gradient(Z_tilde, [Z, gamma, beta], output_gradients=dZ_tilde)
    return dZ, dgamma, dbeta


def update_running_stats(running_mean, running_var, mu, var, momentum=BATCHNORM_MOMENTUM):
    """running = momentum * running + (1 - momentum) * batch for the mean and the variance."""
    checked_mu = check_matrix("mu", mu, cols=1)
    n, dtype = checked_mu.shape[0], checked_mu.dtype
    checked_stats = check_running_stats(running_mean, running_var, n, dtype)
    checked_var = check_unit_vector("var", var, n, dtype)
    if (checked_var < 0).any():
        raise ValueError(f"var: expected non-negative variances, got {float(checked_var.min())!r}")
    tensors = _tensors((running_mean, running_var, mu, var), (*checked_stats, checked_mu,
                                                              checked_var))
    return _update_running_stats(*tensors, check_momentum(momentum))


def _update_running_stats(running_mean, running_var, mu, var, momentum):
    return (momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon=BATCHNORM_EPSILON):
    """Inference-mode batch norm with the running statistics in place of the batch's."""
    checked = check_batchnorm_inputs(Z, gamma, beta)
    stats = check_running_stats(running_mean, running_var, checked[0].shape[0], checked[0].dtype)
    tensors = _tensors((Z, gamma, beta, running_mean, running_var), (*checked, *stats))
    return _batchnorm_inference(*tensors, check_epsilon(epsilon))


def _batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon):
    return gamma * _normalize(Z, running_mean, running_var, epsilon) + beta

