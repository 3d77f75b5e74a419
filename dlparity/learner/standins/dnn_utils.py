"""Stand-in for the course's dnn_utils: activations returning the course's (A, cache) pair, and
their backward passes taking (dA, cache). cache is Z."""

import numpy as np


def sigmoid(Z):
    """A = 1 / (1 + exp(-Z)); returns (A, Z)."""
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    """A = max(0, Z); returns (A, Z)."""
    return np.maximum(0, Z), Z


def sigmoid_backward(dA, cache):
    """dZ = dA * s (1 - s) with s = sigmoid(cache)."""
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """dZ = dA where cache > 0, else 0."""
    return np.where(cache > 0, dA, 0.0).astype(np.result_type(dA, 0.0))
