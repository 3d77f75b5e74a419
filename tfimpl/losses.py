"""Binary cross-entropy (TensorFlow twin).

A, Z, Y: (1, m). Costs are means over the m examples (0-d tensors); every `*_backward` is the
gradient of that cost taken by `tf.GradientTape`.
"""

import tensorflow as tf


def binary_cross_entropy(A, Y):
    """The course's formula with TF ops: J = -1/m * sum(Y log A + (1 - Y) log(1 - A)).

    (keras.losses.BinaryCrossentropy would clip A to [1e-7, 1 - 1e-7] first, so it differs from
    the course near 0 and 1; the logits form below is the exact framework counterpart.)
    """
    A = tf.convert_to_tensor(A)
    Y = tf.convert_to_tensor(Y, dtype=A.dtype)
    m = tf.cast(tf.shape(Y)[1], A.dtype)
    return -1 / m * tf.reduce_sum(Y * tf.math.log(A) + (1 - Y) * tf.math.log(1 - A))


def binary_cross_entropy_from_logits(Z, Y):
    """J = mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z))."""
    Z = tf.convert_to_tensor(Z)
    Y = tf.convert_to_tensor(Y, dtype=Z.dtype)
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z))


def _gradient(cost_fn, X, Y):
    X = tf.convert_to_tensor(X)
    with tf.GradientTape() as tape:
        tape.watch(X)
        cost = cost_fn(X, Y)
    return tape.gradient(cost, X)


def binary_cross_entropy_backward(A, Y):
    """dJ/dA from the tape."""
    return _gradient(binary_cross_entropy, A, Y)


def binary_cross_entropy_from_logits_backward(Z, Y):
    """dJ/dZ from the tape (TF's registered gradient of sigmoid_cross_entropy_with_logits)."""
    return _gradient(binary_cross_entropy_from_logits, Z, Y)
