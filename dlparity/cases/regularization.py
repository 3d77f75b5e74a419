"""Parity cases for `regularization` (course 2, week 1): the assignment's 3-layer network
[n_x, n_1, n_2, 1] (hidden widths square one time in three, single units drawn), its L2 cost and
gradients and its inverted dropout, float64 and float32.

Inputs are drawn as a forward pass would leave them: the backward cases get the cache of scratch's
own forward pass (the TF twin's tape starts from the cached Z3, the course's from the cached A3;
they agree when A3 = sigmoid(Z3)). W3 is drawn at scale 1/sqrt(n_2) and b3 at 0.3, keeping A3 away
from the labels so that dZ3 = A3 - Y does not cancel. The dropout masks come from NumPy's legacy
stream in both twins (seeded: the same units dropped); keep_prob is drawn in [0.5, 0.95].

m >= 2 everywhere: the wrong variants include a missing 1/m, invisible at m = 1.
"""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch import regularization as ref

MAX_WIDTH = 10
MAX_M = 30


def _network(rng, dtype):
    sizes = [int(rng.integers(1, MAX_WIDTH + 1))]
    for _ in range(2):
        sizes.append(inputs.width(rng, sizes[-1], MAX_WIDTH))
    sizes.append(1)
    m = int(rng.integers(2, MAX_M + 1))
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.3)
    return {"X": inputs.normal(rng, (sizes[0], m), dtype), "Y": inputs.labels(rng, m, dtype),
            "parameters": parameters, "sizes": sizes, "lambd": float(rng.uniform(0.05, 1.0)),
            "keep_prob": float(rng.uniform(0.5, 0.95)), "seed": int(rng.integers(2**31))}


def _with_cache(rng, dtype):
    i = _network(rng, dtype)
    i["A3"], i["cache"] = ref._forward_propagation(i["X"], i["parameters"])
    return i


def _with_dropout_cache(rng, dtype):
    i = _network(rng, dtype)
    i["A3"], i["cache"] = ref._forward_propagation_with_dropout(
        i["X"], i["parameters"], i["keep_prob"], np.random.RandomState(i["seed"]))
    return i


def _n(i):
    """The longest sum: a layer's width, m, or the penalty's count of weights."""
    return max(max(i["sizes"]), i["X"].shape[1], sum(a * b for a, b in zip(i["sizes"], i["sizes"][1:])))


# --- wrong variants (the right kernels held here: a variant replaces the module's attribute) --------
_BACKWARD_L2 = ref._backward_propagation_with_regularization
_BACKWARD_DROPOUT = ref._backward_propagation_with_dropout


def _cost_without_1_over_m(A3, Y, parameters, lambd):
    return ref._compute_cost(A3, Y) + lambd / 2 * sum(np.sum(W ** 2) for k, W in parameters.items()
                                                      if k.startswith("W"))


def _cost_without_one_half(A3, Y, parameters, lambd):
    m = Y.shape[1]
    return ref._compute_cost(A3, Y) + lambd / m * sum(np.sum(W ** 2) for k, W in parameters.items()
                                                      if k.startswith("W"))


def _grads_without_the_penalty(X, Y, cache, lambd):
    return _BACKWARD_L2(X, Y, cache, 0.0)


def _grads_with_half_the_penalty(X, Y, cache, lambd):
    return _BACKWARD_L2(X, Y, cache, lambd / 2)


def _grads_penalising_the_biases(X, Y, cache, lambd):
    grads = _BACKWARD_L2(X, Y, cache, lambd)
    m = X.shape[1]
    for l, b in ((1, cache[3]), (2, cache[7]), (3, cache[11])):
        grads[f"db{l}"] = grads[f"db{l}"] + lambd / m * b
    return grads


def _dropout_without_scaling(X, parameters, keep_prob, stream):
    """A{l} = relu(Z{l}) * D{l}: the activations shrink by keep_prob in expectation."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = ref._dropout_mask(stream, Z1.shape, keep_prob, Z1.dtype)
    A1 = np.maximum(Z1, 0) * D1
    Z2 = W2 @ A1 + b2
    D2 = ref._dropout_mask(stream, Z2.shape, keep_prob, Z2.dtype)
    A2 = np.maximum(Z2, 0) * D2
    Z3 = W3 @ A2 + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def _masks_from_the_new_generator(stream, shape, keep_prob, dtype):
    return (np.random.default_rng(0).random(shape) < keep_prob).astype(dtype)


def _backward_without_the_masks(X, Y, cache, keep_prob):
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    ones = (np.ones_like(D1), np.ones_like(D2))
    return _BACKWARD_DROPOUT(
        X, Y, (Z1, ones[0], A1, W1, b1, Z2, ones[1], A2, W2, b2, Z3, A3, W3, b3), keep_prob)


def _backward_without_scaling(X, Y, cache, keep_prob):
    return _BACKWARD_DROPOUT(X, Y, cache, 1.0)


def _call_dropout(module, i):
    return module.forward_propagation_with_dropout(i["X"], i["parameters"], i["keep_prob"],
                                                   seed=i["seed"])


CASES = [
    ParityCase("regularization.forward_propagation", "forward", "regularization", _network,
               lambda module, i: module.forward_propagation(i["X"], i["parameters"]),
               kind="reduction", reduction=_n),
    ParityCase("regularization.compute_cost_with_regularization", "forward", "regularization",
               _with_cache,
               lambda module, i: module.compute_cost_with_regularization(i["A3"], i["Y"],
                                                                         i["parameters"], i["lambd"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("no 1/m", "lambd / 2 * sum ||W||^2", "_compute_cost_with_regularization",
                               _cost_without_1_over_m),
                        Mutant("no 1/2", "lambd / m * sum ||W||^2", "_compute_cost_with_regularization",
                               _cost_without_one_half))),
    ParityCase("regularization.backward_propagation_with_regularization", "gradient",
               "regularization", _with_cache,
               lambda module, i: module.backward_propagation_with_regularization(
                   i["X"], i["Y"], i["cache"], i["lambd"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("no penalty", "dW without lambd / m W",
                               "_backward_propagation_with_regularization", _grads_without_the_penalty),
                        Mutant("half penalty", "dW + lambd / (2 m) W",
                               "_backward_propagation_with_regularization",
                               _grads_with_half_the_penalty),
                        Mutant("biases penalised", "db + lambd / m b",
                               "_backward_propagation_with_regularization",
                               _grads_penalising_the_biases))),
    ParityCase("regularization.forward_propagation_with_dropout", "forward", "regularization",
               _network, _call_dropout, kind="reduction", reduction=_n,
               mutants=(Mutant("no 1/keep_prob", "A = relu(Z) * D, not inverted",
                               "_forward_propagation_with_dropout", _dropout_without_scaling),
                        Mutant("new Generator", "masks from np.random.default_rng",
                               "_dropout_mask", _masks_from_the_new_generator))),
    ParityCase("regularization.backward_propagation_with_dropout", "gradient", "regularization",
               _with_dropout_cache,
               lambda module, i: module.backward_propagation_with_dropout(i["X"], i["Y"], i["cache"],
                                                                          i["keep_prob"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("masks not reapplied", "dA = W.T dZ without * D",
                               "_backward_propagation_with_dropout", _backward_without_the_masks),
                        Mutant("no 1/keep_prob", "dA = W.T dZ * D, not / keep_prob",
                               "_backward_propagation_with_dropout", _backward_without_scaling))),
]

# The L-layer forms (deep's network): dlparity/cases/regularization_layers.py.
from dlparity.cases.regularization_layers import CASES as _L_LAYER_CASES  # noqa: E402

CASES += _L_LAYER_CASES
