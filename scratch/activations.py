"""Activations and their backward functions (NumPy twin).

Shapes: Z and dA are (n_l, m), examples in columns; every function is element-wise except softmax,
which normalises each column. Forward: A = g(Z). Backward: dZ = dA * g'(Z) (the chain rule).

Gradient convention at the kinks follows TensorFlow, so the twins agree everywhere:
relu'(0) = 0 (the course assignments' `dZ[Z <= 0] = 0` agrees; the lecture notes write g'(0) = 1),
leaky_relu'(0) = slope.
"""

import numpy as np

from conventions.vocabulary import LEAKY_RELU_SLOPE  # the course's 0.01 (Keras's LeakyReLU: 0.3)


def sigmoid(Z):
    """A = 1 / (1 + exp(-Z)).  Z: any shape -> A: same shape, in (0, 1)."""
    with np.errstate(over="ignore"):  # exp(800) = inf gives exactly 0, the correct limit
        return 1 / (1 + np.exp(-Z))


def sigmoid_backward(dA, Z):
    """dZ = dA * s * (1 - s), s = sigmoid(Z)."""
    s = sigmoid(Z)
    return dA * s * (1 - s)


def tanh(Z):
    """A = tanh(Z)."""
    return np.tanh(Z)


def tanh_backward(dA, Z):
    """dZ = dA * (1 - tanh(Z)^2)."""
    A = np.tanh(Z)
    return dA * (1 - A**2)


def relu(Z):
    """A = max(0, Z)."""
    return np.maximum(Z, 0)


def relu_backward(dA, Z):
    """dZ = dA where Z > 0, else 0.

    At Z = 0 the derivative is taken as 0 (TensorFlow's choice and the course assignments'
    `dZ[Z <= 0] = 0`). The lecture notes' convention g'(0) = 1 differs only at exact zeros.
    """
    return dA * (Z > 0)


def leaky_relu(Z, slope=LEAKY_RELU_SLOPE):
    """A = Z where Z > 0, else slope * Z (course default slope 0.01)."""
    return np.where(
        Z > 0,  # pragma: no mutate - Z >= 0 is the same function: at Z = 0 both branches give 0
        Z, slope * Z)


def leaky_relu_backward(dA, Z, slope=LEAKY_RELU_SLOPE):
    """dZ = dA where Z > 0, else slope * dA (at Z = 0 the slope, as TensorFlow)."""
    return np.where(Z > 0, dA, slope * dA)


def softmax(Z):
    """Column-wise softmax: A[:, j] = exp(Z[:, j] - max Z[:, j]) / sum_i exp(Z[i, j] - max Z[:, j]).

    Z: (n_classes, m). Subtracting each column's max leaves the result unchanged and keeps exp
    from overflowing.
    """
    E = np.exp(Z - Z.max(axis=0,
                         keepdims=True,  # pragma: no mutate - (m,) broadcasts over (C, m) as (1, m)
                         ))
    return E / E.sum(axis=0,
                     keepdims=True,  # pragma: no mutate - (m,) broadcasts over (C, m) as (1, m)
                     )


def softmax_backward(dA, Z):
    """dZ = A * (dA - sum_i(dA * A)) column-wise, the Jacobian-vector product of softmax."""
    A = softmax(Z)
    return A * (dA - (dA * A).sum(axis=0,
                                  keepdims=True,  # pragma: no mutate - (m,) broadcasts as (1, m)
                                  ))


FORWARD = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
           "softmax": softmax}
BACKWARD = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward,
            "leaky_relu": leaky_relu_backward, "softmax": softmax_backward}
