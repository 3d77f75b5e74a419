"""Binary cross-entropy (NumPy twin).

A, Z, Y: (1, m). Every cost is the mean over the m examples (the course's 1/m), returned as a
0-d array of the inputs' dtype. Every `*_backward` is the gradient of that cost (1/m included).
"""

import numpy as np

from scratch.activations import sigmoid


def binary_cross_entropy(A, Y):
    """The course's cost from probabilities: J = -1/m * sum(Y log A + (1 - Y) log(1 - A)).

    Loses accuracy when A is within rounding of 0 or 1 (|Z| >~ 30 in float64): use the logits form.
    """
    m = Y.shape[1]
    return np.squeeze(-1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def binary_cross_entropy_backward(A, Y):
    """dJ/dA = -1/m * (Y / A - (1 - Y) / (1 - A))."""
    m = Y.shape[1]
    return -1 / m * (Y / A - (1 - Y) / (1 - A))


def binary_cross_entropy_from_logits(Z, Y):
    """The same cost computed from the logits Z (A = sigmoid(Z)), stable for any finite Z:

        J = 1/m * sum(max(Z, 0) - Z * Y + log(1 + exp(-|Z|)))

    (the formula of tf.nn.sigmoid_cross_entropy_with_logits): exp never overflows and
    log1p keeps full precision where the naive log(1 - sigmoid(Z)) cancels.
    """
    m = Y.shape[1]
    per_example = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return np.squeeze(1 / m * np.sum(per_example))


def binary_cross_entropy_from_logits_backward(Z, Y):
    """dJ/dZ = 1/m * (sigmoid(Z) - Y)."""
    m = Y.shape[1]
    return 1 / m * (sigmoid(Z) - Y)
