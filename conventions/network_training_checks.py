"""Input checks of course 2's mini-batch networks (both twins): the batch-normalised L-layer
network of `batchnorm` (its parameters, running statistics and caches) and the settings of the
mini-batch training loops of `batchnorm` and `softmax` (optimizer, epochs, mini-batch size).
Every error names the argument, what was expected and what was given. NumPy only.

A batch-normalised network (the notes' rule: batch norm before each hidden activation, the hidden
layers' b dropped, beta taking its place) holds, for L layers,
    W{l}: (n_l, n_{l-1}), gamma{l}, beta{l}: (n_l, 1)   for l = 1 ... L - 1 (no b{l})
    W{L}: (n_L, n_{L-1}), b{L}: (n_L, 1)                the plain linear output layer
and running statistics running_mean{l}, running_var{l}: (n_l, 1) for l = 1 ... L - 1.
"""

import numpy as np

from conventions.batchnorm_checks import check_running_stats
from conventions.validation import (
    check_activations,
    check_choice,
    check_matrix,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_same_dtype,
)
from conventions.vocabulary import ACTIVATIONS, HIDDEN_ACTIVATION, OPTIMIZERS


def _layers(parameters):
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters: expected a dict W1, gamma1, beta1, ..., WL, bL, got "
                        f"{type(parameters).__name__}")
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    if L == 0:
        raise KeyError(f"parameters: expected W1, gamma1, beta1, ..., WL, bL, got keys "
                       f"{sorted(parameters)}")
    return L


def check_bn_parameters(parameters):
    """The batch-normalised network's parameters (module docstring): shapes chaining, one dtype,
    finite; a hidden layer's b{l} is refused (batch norm's mean subtraction cancels it: its
    gradient is exactly 0, beta is the layer's shift). Returns (checked NumPy dict, sizes)."""
    L = _layers(parameters)
    expected = [f"{k}{l}" for l in range(1, L) for k in ("W", "gamma", "beta")] + [f"W{L}", f"b{L}"]
    for l in range(1, L):
        if f"b{l}" in parameters:
            raise KeyError(f"parameters: b{l} in a batch-normalised hidden layer (the notes drop "
                           f"it: the batch mean subtracts it, beta{l} is the layer's shift)")
    missing = [k for k in expected if k not in parameters]
    extra = sorted(set(parameters) - set(expected))
    if missing or extra:
        raise KeyError(f"parameters: expected {expected}; missing {missing}, unexpected {extra}")
    checked, sizes = {}, None
    for l in range(1, L + 1):
        W = check_matrix(f"parameters['W{l}']", parameters[f"W{l}"], cols=sizes and sizes[-1])
        sizes = (sizes or [W.shape[1]]) + [W.shape[0]]
        checked[f"W{l}"] = W
        for k in (("gamma", "beta") if l < L else ("b",)):
            checked[f"{k}{l}"] = check_matrix(f"parameters['{k}{l}']", parameters[f"{k}{l}"],
                                              W.shape[0], 1)
    check_same_dtype(**{f"parameters['{k}']": v for k, v in checked.items()})
    return {k: checked[k] for k in expected}, sizes


def check_bn_running(running, sizes, dtype):
    """running_mean{l}, running_var{l}: (n_l, 1) of `dtype` for every hidden layer l, variances
    >= 0. Returns the checked NumPy dict."""
    if not isinstance(running, dict):
        raise TypeError(f"running: expected a dict running_mean1, running_var1, ..., got "
                        f"{type(running).__name__}")
    expected = [f"{k}{l}" for l in range(1, len(sizes) - 1) for k in ("running_mean",
                                                                      "running_var")]
    missing = [k for k in expected if k not in running]
    extra = sorted(set(running) - set(expected))
    if missing or extra:
        raise KeyError(f"running: expected {expected}; missing {missing}, unexpected {extra}")
    checked = {}
    for l in range(1, len(sizes) - 1):
        try:
            mean, var = check_running_stats(running[f"running_mean{l}"],
                                            running[f"running_var{l}"], sizes[l], dtype)
        except (ValueError, TypeError) as error:
            raise type(error)(f"running (layer {l}): {error}") from None
        checked[f"running_mean{l}"], checked[f"running_var{l}"] = mean, var
    return checked


def check_hidden_activations(activations, L):
    """The L - 1 hidden activations (default relu); the output layer's is fixed by the network."""
    if activations is None:
        return [HIDDEN_ACTIVATION] * (L - 1)
    return check_activations(activations, L - 1, ACTIVATIONS)


def check_bn_caches(caches):
    """The caches L_model_forward_bn returns: L - 1 hidden caches ((A_prev, W), (Z, gamma, beta,
    epsilon), Z_tilde), then the output layer's ((A_prev, W, b), Z). Shapes chain, one dtype.
    Returns them as NumPy arrays (epsilon a float)."""
    caches = list(caches)
    if not caches:
        raise ValueError("caches: expected one cache per layer, got an empty list")
    checked, previous = [], None
    for l, cache in enumerate(caches):
        last = l == len(caches) - 1
        try:
            (A_prev, W, *b), second = cache[:2]
        except (TypeError, ValueError):
            raise ValueError(f"caches[{l}]: expected "
                             + ("((A_prev, W, b), Z)" if last else
                                "((A_prev, W), (Z, gamma, beta, epsilon), Z_tilde)")) from None
        W = check_matrix(f"caches[{l}]: W", W)
        A_prev = check_matrix(f"caches[{l}]: A_prev", A_prev, rows=W.shape[1],
                              cols=None if previous is None else previous[1])
        n, m = W.shape[0], A_prev.shape[1]
        if last:
            Z = check_matrix(f"caches[{l}]: Z", second, n, m)
            checked.append(((A_prev, W, check_matrix(f"caches[{l}]: b", b[0], n, 1)), Z))
        else:
            Z, gamma, beta, epsilon = second
            Z_tilde = check_matrix(f"caches[{l}]: Z_tilde", cache[2], n, m)
            bn = (check_matrix(f"caches[{l}]: Z", Z, n, m),
                  check_matrix(f"caches[{l}]: gamma", gamma, n, 1),
                  check_matrix(f"caches[{l}]: beta", beta, n, 1),
                  check_positive_float(f"caches[{l}]: epsilon", epsilon))
            checked.append(((A_prev, W), bn, Z_tilde))
        previous = (n, m)
        check_same_dtype(**{f"caches[{l}]: A_prev": A_prev, f"caches[{0}]: W": checked[0][0][1],
                            f"caches[{l}]: W": W})
    return checked


# --- the mini-batch training loops ----------------------------------------------------------------
def check_mini_batch_training(optimizer, learning_rate, mini_batch_size, num_epochs, beta, beta1,
                              beta2, epsilon, progress):
    """The settings of a mini-batch training loop (course 2's `model`): returns them checked."""
    check_choice("optimizer", optimizer, OPTIMIZERS)
    for name, value in (("beta", beta), ("beta1", beta1), ("beta2", beta2)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
                or not 0 <= value < 1:
            raise ValueError(f"{name}: expected a number in [0, 1), got {value!r}")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress: expected None or a callable progress(i, cost), got "
                        f"{progress!r}")
    if not np.isfinite(epsilon) or epsilon < 0:
        raise ValueError(f"epsilon: expected a non-negative finite number, got {epsilon!r}")
    return (optimizer, check_positive_float("learning_rate", learning_rate),
            check_positive_int("mini_batch_size", mini_batch_size),
            check_non_negative_int("num_epochs", num_epochs), float(beta), float(beta1),
            float(beta2), float(epsilon))
