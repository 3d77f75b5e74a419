"""Parity cases for `gradient_check` (course 2, week 1): the 3-layer network's cost and its
analytic gradients on random [n_x, n_1, n_2, 1] networks (m >= 2: a missing 1/m must show), and the
parameter/vector layouts on the assignment's [4, 5, 3, 1], float64 and float32.

What a case cannot hold: the checks' `difference` itself. It is a ratio of rounding noise for a
correct gradient (gradapprox entries carry ~u |J| / eps = 1e-9 |J| of error), so the twins agree on
the verdict and, for a wrong gradient, to a bound derived from that noise — both tested in
parity_tests/test_gradient_check.py, not here.
"""

import numpy as np

from conventions.vocabulary import GRADIENT_CHECK_DIMS
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch import gradient_check as ref
from scratch import regularization as ref_regularization

MAX_WIDTH = 8
MAX_M = 20


def _network(rng, dtype, sizes=None):
    if sizes is None:
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
    X = inputs.normal(rng, (sizes[0], m), dtype)
    i = {"X": X, "Y": inputs.labels(rng, m, dtype), "parameters": parameters, "sizes": sizes}
    i["cache"] = ref_regularization._forward_propagation(X, parameters)[1]
    i["gradients"] = {k: inputs.normal(rng, v.shape, dtype) for k, v in
                      (("d" + k, parameters[k]) for k in ref.PARAMETER_KEYS)}
    i["theta"] = inputs.normal(rng, (47, 1), dtype)
    return i


def _course_network(rng, dtype):
    return _network(rng, dtype, list(GRADIENT_CHECK_DIMS))


def _n(i):
    return max(max(i["sizes"]), i["X"].shape[1])


# --- wrong variants ------------------------------------------------------------------------------------
_BACKWARD = ref._backward_propagation_n
_TO_DICTIONARY = ref._vector_to_dictionary


def _dW2_doubled(X, Y, cache):
    grads = _BACKWARD(X, Y, cache)
    return {**grads, "dW2": 2 * grads["dW2"]}


def _db1_without_1_over_m(X, Y, cache):
    grads = _BACKWARD(X, Y, cache)
    return {**grads, "db1": X.shape[1] * grads["db1"]}


def _relu_derivative_from_Z_sign_flipped(X, Y, cache):
    """dZ2 = dA2 * (A2 <= 0): the derivative's mask inverted on layer 2."""
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    flipped = (Z1, A1, W1, b1, Z2, (A2 <= 0).astype(A2.dtype), W2, b2, Z3, A3, W3, b3)
    grads = _BACKWARD(X, Y, flipped)
    right = _BACKWARD(X, Y, cache)
    return {**right, "dZ2": grads["dZ2"], "dW2": grads["dW2"], "db2": grads["db2"]}


def _column_major(parameters):
    blocks = [parameters[k].reshape(-1, 1, order="F") for k in ref.PARAMETER_KEYS]
    return np.concatenate(blocks), [k for k in ref.PARAMETER_KEYS for _ in range(parameters[k].size)]


def _blocks_swapped(theta, layers_dims):
    """b1 read before W1."""
    return _TO_DICTIONARY(np.concatenate([theta[20:25], theta[:20], theta[25:]]), layers_dims)


def _gradients_without_the_biases(gradients):
    vector = np.concatenate([gradients[f"d{k}"].reshape(-1, 1) for k in ref.PARAMETER_KEYS])
    keys = np.array([k for k in ref.PARAMETER_KEYS for _ in range(gradients[f"d{k}"].size)])
    vector[np.char.startswith(keys, "b")] = 0
    return vector


CASES = [
    ParityCase("gradient_check.forward_propagation_n", "forward", "gradient_check", _network,
               lambda module, i: module.forward_propagation_n(i["X"], i["Y"], i["parameters"]),
               kind="reduction", reduction=_n),
    ParityCase("gradient_check.backward_propagation_n", "gradient", "gradient_check", _network,
               lambda module, i: module.backward_propagation_n(i["X"], i["Y"], i["cache"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("dW2 doubled", "dW2 = 2/m dZ2 A1.T (the assignment's first bug)",
                               "_backward_propagation_n", _dW2_doubled),
                        Mutant("db1 without 1/m", "db1 = sum dZ1", "_backward_propagation_n",
                               _db1_without_1_over_m),
                        Mutant("relu' inverted", "dZ2 = dA2 * (A2 <= 0)", "_backward_propagation_n",
                               _relu_derivative_from_Z_sign_flipped))),
    ParityCase("gradient_check.dictionary_to_vector", "forward", "gradient_check", _course_network,
               lambda module, i: module.dictionary_to_vector(i["parameters"]),
               mutants=(Mutant("column-major", "blocks flattened in Fortran order",
                               "_dictionary_to_vector", _column_major),)),
    ParityCase("gradient_check.vector_to_dictionary", "forward", "gradient_check", _course_network,
               lambda module, i: module.vector_to_dictionary(i["theta"]),
               mutants=(Mutant("blocks swapped", "b1 read before W1", "_vector_to_dictionary",
                               _blocks_swapped),)),
    ParityCase("gradient_check.gradients_to_vector", "forward", "gradient_check", _course_network,
               lambda module, i: module.gradients_to_vector(i["gradients"]),
               mutants=(Mutant("biases left out", "db entries zero", "_gradients_to_vector",
                               _gradients_without_the_biases),)),
]
