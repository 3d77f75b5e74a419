"""Batch normalisation (course 2, week 3), NumPy twin.

Shapes (examples in columns, as everywhere in the course): Z: (n, m) the pre-activations of n
units over a mini-batch of m examples; gamma, beta, mu, var, running_mean, running_var: (n, 1).

Training mode, per unit (row) over the mini-batch (the columns):
    mu      = 1/m sum_i Z[:, i]
    var     = 1/m sum_i (Z[:, i] - mu)^2               (biased: 1/m, not 1/(m - 1))
    Z_norm  = (Z - mu) / sqrt(var + epsilon)            (epsilon INSIDE the root)
    Z_tilde = gamma * Z_norm + beta

Backward, derived by hand. Write s = sqrt(var + epsilon) and g = dZ_tilde, the gradient of some
scalar loss with respect to Z_tilde (the function is a vector-Jacobian product: no 1/m is added;
whatever scaling g carries, dZ, dgamma and dbeta carry too). Per unit:
    dbeta  = sum_i g_i                                   (sum over the examples)
    dgamma = sum_i g_i * Z_norm_i
    dZ_norm_i = gamma * g_i
  Z_norm_k depends on Z_i directly, through mu and through var:
    dZ_norm_k/dZ_i = (delta_ki - 1/m) / s - Z_norm_k Z_norm_i / (m s)
  (d mu/dZ_i = 1/m, d var/dZ_i = 2/m (Z_i - mu), d s/dZ_i = Z_norm_i / m), so
    dZ_i = sum_k dZ_norm_k dZ_norm_k/dZ_i
         = 1/(m s) * (m dZ_norm_i - sum_k dZ_norm_k - Z_norm_i sum_k dZ_norm_k Z_norm_k).
  Two consequences the tests use: sum_i dZ_i = 0 and sum_i dZ_i Z_norm_i = 0 per unit; and at
  m = 1, Z_norm = 0 and dZ = 0 exactly (the output is beta whatever Z is).

Running statistics, exponentially weighted averages with momentum = the weight of the OLD value:
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var  = momentum * running_var  + (1 - momentum) * var      (the biased var above)
Inference: Z_tilde = gamma * (Z - running_mean) / sqrt(running_var + epsilon) + beta.

Numerical notes: var is computed in two passes (the mean of squared deviations), so a nearly
constant unit gives var ~ (ulp of Z)^2, not the cancelled E[Z^2] - E[Z]^2 that can come out
negative; epsilon > 0 is required (a constant unit has var = 0) and keeps Z_norm of such a unit at
~ulp(Z) / sqrt(epsilon), i.e. Z_tilde ~ beta.

The cache is (Z, gamma, beta, epsilon): batchnorm_backward recomputes mu, var and Z_norm from it,
so a cache holds nothing that could disagree with itself. Every public `f` checks its inputs
(conventions.validation) and delegates to the kernel `_f`; kernels call kernels through this
module's globals, so a wrong variant replaces one by setting the module attribute.
"""

import numpy as np

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


def batch_statistics(Z):
    """Per-unit mean and biased variance over the examples: (mu, var), each (n, 1)."""
    return _batch_statistics(check_matrix("Z", Z))


def _batch_statistics(Z):
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
    return mu, var


def _normalize(Z, mu, var, epsilon):
    return (Z - mu) / np.sqrt(var + epsilon)


def batchnorm_forward(Z, gamma, beta, epsilon=BATCHNORM_EPSILON):
    """Training-mode batch norm: Z_tilde = gamma * (Z - mu) / sqrt(var + epsilon) + beta with the
    mini-batch's own mu, var. Z: (n, m), gamma, beta: (n, 1). Returns (Z_tilde: (n, m), cache)
    with cache = (Z, gamma, beta, epsilon)."""
    Z, gamma, beta = check_batchnorm_inputs(Z, gamma, beta)
    return _batchnorm_forward(Z, gamma, beta, check_epsilon(epsilon))


def _batchnorm_forward(Z, gamma, beta, epsilon):
    mu, var = _batch_statistics(Z)
    Z_tilde = gamma * _normalize(Z, mu, var, epsilon) + beta
    return Z_tilde, (Z, gamma, beta, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    """The hand-derived backward pass (module docstring). dZ_tilde: (n, m), cache from
    batchnorm_forward. Returns (dZ: (n, m), dgamma: (n, 1), dbeta: (n, 1))."""
    Z, gamma, beta, epsilon = check_batchnorm_cache(cache)
    dZ_tilde = check_matrix("dZ_tilde", dZ_tilde, *Z.shape)
    check_same_dtype(dZ_tilde=dZ_tilde, Z=Z)
    return _batchnorm_backward(dZ_tilde, (Z, gamma, beta, epsilon))


def _batchnorm_backward(dZ_tilde, cache):
    Z, gamma, _, epsilon = cache
    m = Z.shape[1]
    mu, var = _batch_statistics(Z)
    s = np.sqrt(var + epsilon)
    Z_norm = _normalize(Z, mu, var, epsilon)
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = gamma * dZ_tilde
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * s)
    return dZ, dgamma, dbeta


def update_running_stats(running_mean, running_var, mu, var, momentum=BATCHNORM_MOMENTUM):
    """One exponentially weighted step: running = momentum * running + (1 - momentum) * batch,
    for the mean and the (biased) variance. All (n, 1). Returns (running_mean, running_var)."""
    mu = check_matrix("mu", mu, cols=1)
    running_mean, running_var = check_running_stats(running_mean, running_var, mu.shape[0],
                                                    mu.dtype)
    var = check_unit_vector("var", var, mu.shape[0], mu.dtype)
    if (var < 0).any():
        raise ValueError(f"var: expected non-negative variances, got {float(var.min())!r}")
    return _update_running_stats(running_mean, running_var, mu, var, check_momentum(momentum))


def _update_running_stats(running_mean, running_var, mu, var, momentum):
    return (momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon=BATCHNORM_EPSILON):
    """Inference-mode batch norm with the running statistics in place of the batch's:
    Z_tilde = gamma * (Z - running_mean) / sqrt(running_var + epsilon) + beta. Z: (n, m)."""
    Z, gamma, beta = check_batchnorm_inputs(Z, gamma, beta)
    running_mean, running_var = check_running_stats(running_mean, running_var, Z.shape[0], Z.dtype)
    return _batchnorm_inference(Z, gamma, beta, running_mean, running_var, check_epsilon(epsilon))


def _batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon):
    return gamma * _normalize(Z, running_mean, running_var, epsilon) + beta
