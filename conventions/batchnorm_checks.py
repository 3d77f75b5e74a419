"""Argument checks of batch normalisation (both twins' `batchnorm`, and the running statistics that
conventions.network_training_checks checks per layer), built on the basic checks of
conventions.validation. NumPy only; every error names the argument, what was expected and what was
given.

    check_unit_vector(name, a, n, dtype)          a per-unit column (n, 1): gamma, beta, a statistic
    check_batchnorm_inputs(Z, gamma, beta)        Z: (n, m), gamma and beta: (n, 1) of Z's dtype
    check_epsilon(epsilon)                        a positive finite number
    check_momentum(momentum)                      the old running value's weight, 0 <= momentum < 1
    check_batchnorm_cache(cache)                  batchnorm_forward's (Z, gamma, beta, epsilon)
    check_running_stats(running_mean, running_var, n, dtype)   (n, 1) each, running_var >= 0
"""

import numpy as np

from conventions.validation import check_matrix, check_positive_float


def check_unit_vector(name, a, n, dtype=None):
    """A per-unit column (n, 1) (gamma, beta, a running statistic), of `dtype` when given."""
    arr = check_matrix(name, a, rows=n, cols=1)
    if dtype is not None and arr.dtype != dtype:
        raise TypeError(f"{name}: expected dtype {np.dtype(dtype).name} (the dtype of Z), "
                        f"got {arr.dtype}")
    return arr


def check_batchnorm_inputs(Z, gamma, beta):
    """Z: (n, m) finite, gamma and beta: (n, 1) of Z's dtype. Returns the three arrays."""
    Z = check_matrix("Z", Z)
    n = Z.shape[0]
    return Z, check_unit_vector("gamma", gamma, n, Z.dtype), check_unit_vector("beta", beta, n, Z.dtype)


def check_epsilon(epsilon):
    """The batch-norm epsilon: a positive finite number (epsilon = 0 divides by zero on a constant
    unit, whose batch variance is 0)."""
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float, np.floating, np.integer)):
        raise TypeError(f"epsilon: expected a positive number, got {epsilon!r}")
    return check_positive_float("epsilon", epsilon)


def check_momentum(momentum):
    """The running averages' momentum: the weight of the OLD running value, 0 <= momentum < 1."""
    if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.floating, np.integer)) \
            or not 0 <= momentum < 1:
        raise ValueError(f"momentum: expected a number in [0, 1) (the weight of the old running "
                         f"value), got {momentum!r}")
    return float(momentum)


def check_batchnorm_cache(cache):
    """batchnorm_forward's cache (Z, gamma, beta, epsilon), checked like its arguments."""
    if not isinstance(cache, tuple) or len(cache) != 4:
        raise TypeError(f"cache: expected the tuple (Z, gamma, beta, epsilon) batchnorm_forward "
                        f"returns, got {type(cache).__name__}"
                        + (f" of length {len(cache)}" if isinstance(cache, (tuple, list)) else ""))
    Z, gamma, beta = check_batchnorm_inputs(*cache[:3])
    return Z, gamma, beta, check_epsilon(cache[3])


def check_running_stats(running_mean, running_var, n, dtype):
    """running_mean, running_var: (n, 1) of `dtype`, running_var >= 0 (a variance)."""
    running_mean = check_unit_vector("running_mean", running_mean, n, dtype)
    running_var = check_unit_vector("running_var", running_var, n, dtype)
    if (running_var < 0).any():
        first = int(np.argmax(running_var < 0))
        raise ValueError(f"running_var: expected non-negative variances, got "
                         f"{float(running_var[first, 0])!r} at row {first}")
    return running_mean, running_var
