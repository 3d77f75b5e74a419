"""Stand-in for the course-2 gradient-checking notebook's gc_utils, written for this project with
the course's conventions: sigmoid and relu return the activation alone; dictionary_to_vector stacks
W1, b1, W2, b2, W3, b3 row-major into a (n, 1) column and names each entry's block;
vector_to_dictionary undoes it for the assignment's [4, 5, 3, 1] network; gradients_to_vector
stacks dW1, db1, ... alike."""

import numpy as np

_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")
_SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}


def sigmoid(x):
    """1 / (1 + exp(-x))."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """max(0, x)."""
    return np.maximum(0, x)


def dictionary_to_vector(parameters):
    """(theta: (n, 1), keys): the blocks W1, b1, W2, b2, W3, b3 flattened and stacked."""
    theta = np.concatenate([np.reshape(parameters[k], (-1, 1)) for k in _KEYS], axis=0)
    keys = [k for k in _KEYS for _ in range(np.size(parameters[k]))]
    return theta, keys


def vector_to_dictionary(theta):
    """The [4, 5, 3, 1] network's parameters from a (47, 1) theta."""
    parameters, start = {}, 0
    for k in _KEYS:
        size = int(np.prod(_SHAPES[k]))
        parameters[k] = theta[start:start + size].reshape(_SHAPES[k])
        start += size
    return parameters


def gradients_to_vector(gradients):
    """(n, 1): dW1, db1, dW2, db2, dW3, db3 flattened and stacked."""
    return np.concatenate([np.reshape(gradients["d" + k], (-1, 1)) for k in _KEYS], axis=0)
